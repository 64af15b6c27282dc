import YAML
import Optimizer

/// Reads one YAML mapping of a sweep file: YAML's generic reader worded by `TuningError`
/// (the position and caret snippet come from `PositionedError`), plus the sweep's range checks.
typealias ConfigReader = MappingReader<TuningError>

extension TuningError: MappingErrors {
    public static func wrongKind(_ kind: YAMLValueKind, key: String, found: String) -> TuningError {
        let expected = switch kind {
        case .integer: "an integer"
        case .number: "a number"
        case .string: "a string"
        case .boolean: "true or false"
        case .mapping: "a mapping"
        case .integerList: "a sequence of integers"
        }
        return .expected(expected, key: key, found: found)
    }
}

extension MappingReader where Failure == TuningError {
    func positiveInt(_ key: String, allowZero: Bool = false) throws -> Int {
        let v = try int(key)
        guard v > 0 || (allowZero && v == 0) else {
            throw error(allowZero ? .negative(key: key, value: String(v)) : .notPositive(key: key, value: String(v)),
                        at: value(key)!.location)
        }
        return v
    }

    func optionalPositiveInt(_ key: String, allowZero: Bool = false) throws -> Int? {
        has(key) ? try positiveInt(key, allowZero: allowZero) : nil
    }

    func optionalPositiveDouble(_ key: String, allowZero: Bool = false) throws -> Double? {
        guard has(key) else { return nil }
        let v = try double(key)
        guard v > 0 || (allowZero && v == 0) else {
            let text = ParameterValue.real(v).templateText
            throw error(allowZero ? .negative(key: key, value: text) : .notPositive(key: key, value: text),
                        at: value(key)!.location)
        }
        return v
    }
}
