
/// A scalar's text and how it was written. Types are resolved on demand by the YAML 1.2
/// core schema, and only for plain scalars: `'10'` stays a string, as in every YAML library.
///
/// Floats follow YAML 1.2 (`1e-4`, `.5`, `-0.1` are numbers), not PyYAML's YAML 1.1 rule
/// that turns `1e-4` into a string: a schedule writing `1e-4` means a number.
public struct YAMLScalar: Hashable, Sendable {
    public enum Style: Hashable, Sendable {
        case plain, singleQuoted, doubleQuoted
    }

    /// The value after quote and escape processing (the source text for plain scalars).
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// `~`, `null`, `Null`, `NULL`, or an empty plain value.
    public var isNull: Bool {
        style == .plain && ["", "~", "null", "Null", "NULL"].contains(text)
    }

    /// `true`/`false` in the three spellings YAML 1.2 allows; nil otherwise.
    public var bool: Bool? {
        guard style == .plain else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A decimal (`-12`), octal (`0o17`) or hexadecimal (`0x1F`) integer that fits in `Int`.
    public var int: Int? {
        guard style == .plain else { return nil }
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        var radix = 10
        if digits.hasPrefix("0x") {
            radix = 16
            digits = digits.dropFirst(2)
        } else if digits.hasPrefix("0o") {
            radix = 8
            digits = digits.dropFirst(2)
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit && $0.hexDigitValue! < radix }),
              let magnitude = Int(digits, radix: radix) else { return nil }
        return negative ? -magnitude : magnitude
    }

    /// Any integer, or a float such as `0.05`, `1e-4`, `.5`, `-0.1`, `5.`, `.inf`, `.nan`.
    public var double: Double? {
        guard style == .plain else { return nil }
        if let i = int { return Double(i) }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        return YAMLScalar.isDecimalFloat(text) ? Double(text) : nil
    }

    /// `[-+]? ( \.[0-9]+ | [0-9]+ ( \.[0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` — checked by hand
    /// because `Double(String)` also takes hex floats and `nan`, which YAML does not.
    static func isDecimalFloat(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        let whole = s.prefix(while: \.isASCIIDigit)
        s = s.dropFirst(whole.count)
        var fraction: Substring = ""
        if s.first == "." {
            s = s.dropFirst()
            fraction = s.prefix(while: \.isASCIIDigit)
            s = s.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return false }
        if let e = s.first, e == "e" || e == "E" {
            s = s.dropFirst()
            if s.first == "-" || s.first == "+" { s = s.dropFirst() }
            let exponent = s.prefix(while: \.isASCIIDigit)
            guard !exponent.isEmpty else { return false }
            s = s.dropFirst(exponent.count)
        }
        return s.isEmpty
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
