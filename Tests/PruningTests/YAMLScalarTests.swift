import Pruning
import Testing
import YAML

/// How a plain scalar resolves: (text, int, double, bool, null).
struct ScalarCase: CustomTestStringConvertible, Sendable {
    let id: String
    let text: String
    let int: Int?
    let double: Double?
    let bool: Bool?
    let isNull: Bool
    var testDescription: String { id }

    static let all: [ScalarCase] = [
        ScalarCase(id: "A decimal integer is also a number.", text: "-12", int: -12, double: -12, bool: nil, isNull: false),
        ScalarCase(id: "Hex and octal integers follow YAML 1.2.", text: "0x1F", int: 31, double: 31, bool: nil, isNull: false),
        ScalarCase(id: "Octal uses the 0o prefix.", text: "0o17", int: 15, double: 15, bool: nil, isNull: false),
        ScalarCase(id: "An exponent without a dot is a float (YAML 1.2, unlike PyYAML).",
                   text: "1e-4", int: nil, double: 1e-4, bool: nil, isNull: false),
        ScalarCase(id: "A leading dot is a float.", text: ".5", int: nil, double: 0.5, bool: nil, isNull: false),
        ScalarCase(id: "A negative float keeps its sign.", text: "-0.1", int: nil, double: -0.1, bool: nil, isNull: false),
        ScalarCase(id: "A trailing dot is a float.", text: "5.", int: nil, double: 5, bool: nil, isNull: false),
        ScalarCase(id: "YAML infinity is a number.", text: "-.inf", int: nil, double: -.infinity, bool: nil, isNull: false),
        ScalarCase(id: "A word is not a number.", text: "ten", int: nil, double: nil, bool: nil, isNull: false),
        ScalarCase(id: "Swift's hex floats are not YAML numbers.", text: "0x1p3", int: nil, double: nil, bool: nil,
                   isNull: false),
        ScalarCase(id: "An integer too large for Int is still a number.", text: "99999999999999999999", int: nil,
                   double: 1e20, bool: nil, isNull: false),
        ScalarCase(id: "True in Python's spelling is a boolean.", text: "True", int: nil, double: nil, bool: true,
                   isNull: false),
        ScalarCase(id: "YAML 1.1's 'yes' is a string.", text: "yes", int: nil, double: nil, bool: nil, isNull: false),
        ScalarCase(id: "A tilde is null.", text: "~", int: nil, double: nil, bool: nil, isNull: true),
        ScalarCase(id: "NULL in capitals is null.", text: "NULL", int: nil, double: nil, bool: nil, isNull: true),
    ]
}

struct YAMLScalarTests {
    @Test(arguments: ScalarCase.all)
    func resolves(_ c: ScalarCase) {
        let s = YAMLScalar(c.text)
        #expect(s.int == c.int)
        #expect(s.double == c.double)
        #expect(s.bool == c.bool)
        #expect(s.isNull == c.isNull)
    }

    @Test func quotedScalarsAreAlwaysStrings() {
        let s = YAMLScalar("10", style: .singleQuoted)
        #expect(s.int == nil && s.double == nil && !s.isNull)
        #expect(!YAMLScalar("", style: .doubleQuoted).isNull)
    }
}
