/// Reads one YAML mapping of a schedule with the checks every section needs: it must be a
/// mapping, no key twice, no key outside `allowed` (checked up front, so a misspelt key is
/// reported before the value it was meant to supply is found missing), typed accessors that
/// say which key had the wrong type.
struct MappingReader {
    let node: YAMLNode
    let entries: [YAMLNode.Entry]
    let source: SourceText
    /// "pruner 'p1' (AutomatedGradualPruner)", for messages.
    let context: String

    init(_ node: YAMLNode, key: String, context: String, allowed: [String], source: SourceText) throws {
        guard let entries = try node.uniqueEntries(in: source) else {
            throw source.error(ScheduleError.expected(.mapping, key: key, found: node.foundDescription), at: node.location)
        }
        for entry in entries where !allowed.contains(entry.name) {
            throw source.error(ScheduleError.unknownKey(entry.name, context: context, supported: allowed),
                               at: entry.key.location)
        }
        self.node = node
        self.entries = entries
        self.source = source
        self.context = context
    }

    func value(_ key: String) -> YAMLNode? { entries.first { $0.name == key }?.value }

    func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.name == key }?.key.location }

    func has(_ key: String) -> Bool { value(key) != nil }

    func require(_ key: String) throws -> YAMLNode {
        guard let v = value(key) else {
            throw source.error(ScheduleError.missingKey(key, context: context), at: node.location)
        }
        return v
    }

    func int(_ key: String) throws -> Int { try ScheduleValues.int(require(key), key: key, source: source) }

    func double(_ key: String) throws -> Double { try ScheduleValues.double(require(key), key: key, source: source) }

    func string(_ key: String) throws -> String { try ScheduleValues.string(require(key), key: key, source: source) }

    func optionalDouble(_ key: String) throws -> Double? {
        try value(key).map { try ScheduleValues.double($0, key: key, source: source) }
    }

    func optionalString(_ key: String) throws -> String? {
        try value(key).map { try ScheduleValues.string($0, key: key, source: source) }
    }

    func error(_ reason: ScheduleError, at location: SourceLocation) -> PositionedError {
        source.error(reason, at: location)
    }
}

/// Typed reads of single YAML nodes, each failing with "expected X for 'key', found Y".
enum ScheduleValues {
    static func int(_ node: YAMLNode, key: String, source: SourceText) throws -> Int {
        guard let v = node.scalar?.int else {
            throw source.error(ScheduleError.expected(.integer, key: key, found: node.foundDescription), at: node.location)
        }
        return v
    }

    static func double(_ node: YAMLNode, key: String, source: SourceText) throws -> Double {
        guard let v = node.scalar?.double, v.isFinite else {
            throw source.error(ScheduleError.expected(.number, key: key, found: node.foundDescription), at: node.location)
        }
        return v
    }

    /// Any non-empty scalar's text: Distiller's names may be quoted or plain.
    static func string(_ node: YAMLNode, key: String, source: SourceText) throws -> String {
        guard let s = node.scalar, !s.isNull else {
            throw source.error(ScheduleError.expected(.string, key: key, found: node.foundDescription), at: node.location)
        }
        return s.text
    }

    /// A sequence of integers, each checked.
    static func ints(_ node: YAMLNode, key: String, source: SourceText) throws -> [Int] {
        guard let items = node.sequence else {
            throw source.error(ScheduleError.expected(.integerList, key: key, found: node.foundDescription),
                               at: node.location)
        }
        return try items.map { try int($0, key: key, source: source) }
    }
}
