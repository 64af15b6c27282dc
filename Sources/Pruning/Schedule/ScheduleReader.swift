import YAML

// The schedule decoder reads mappings with YAML's generic reader, worded by `ScheduleError`.
typealias MappingReader = YAML.MappingReader<ScheduleError>
/// Typed reads of single nodes (`ScheduleValues.int(node, key:source:)`).
typealias ScheduleValues = YAML.MappingReader<ScheduleError>

extension ScheduleError: MappingErrors {
    public static func wrongKind(_ kind: YAMLValueKind, key: String, found: String) -> ScheduleError {
        let expected: ValueKind = switch kind {
        case .integer: .integer
        case .number: .number
        case .string: .string
        case .boolean: .boolean
        case .mapping: .mapping
        case .integerList: .integerList
        }
        return .expected(expected, key: key, found: found)
    }
}
