
/// What a value should have been, for "expected X for 'key', found Y" messages; each
/// `MappingErrors` vocabulary words them in its own module's style.
public enum YAMLValueKind: Sendable {
    case integer, number, string, boolean, mapping, integerList
}

/// The sentences a `MappingReader` needs from the module whose files it reads (schedules:
/// `ScheduleError`; sweep files: `TuningError`), so one reader serves both with their wording.
public protocol MappingErrors: Error, CustomStringConvertible {
    /// A value of the wrong kind under `key`; `found` describes what is there.
    static func wrongKind(_ kind: YAMLValueKind, key: String, found: String) -> Self
    /// A key the section does not define.
    static func unknownKey(_ key: String, context: String, supported: [String]) -> Self
    /// A required key that is absent.
    static func missingKey(_ key: String, context: String) -> Self
}

/// Reads one YAML mapping with the checks every section needs: it must be a mapping, no key
/// twice, no key outside `allowed` (checked up front, so a misspelt key is reported before
/// the value it was meant to supply is found missing), typed accessors that say which key had
/// the wrong type. Errors are `Failure`'s, positioned by `PositionedError`.
public struct MappingReader<Failure: MappingErrors> {
    public let node: YAMLNode
    public let entries: [YAMLNode.Entry]
    public let source: SourceText
    /// "pruner 'p1' (AutomatedGradualPruner)", "budget", for messages.
    public let context: String

    public init(_ node: YAMLNode, key: String, context: String, allowed: [String], source: SourceText) throws {
        guard let entries = try node.uniqueEntries(in: source) else {
            throw source.error(Failure.wrongKind(.mapping, key: key, found: node.foundDescription), at: node.location)
        }
        for entry in entries where !allowed.contains(entry.name) {
            throw source.error(Failure.unknownKey(entry.name, context: context, supported: allowed),
                               at: entry.key.location)
        }
        self.node = node
        self.entries = entries
        self.source = source
        self.context = context
    }

    public func value(_ key: String) -> YAMLNode? { entries.first { $0.name == key }?.value }

    public func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.name == key }?.key.location }

    public func has(_ key: String) -> Bool { value(key) != nil }

    public func error(_ reason: Failure, at location: SourceLocation) -> PositionedError {
        source.error(reason, at: location)
    }

    public func require(_ key: String) throws -> YAMLNode {
        guard let v = value(key) else {
            throw source.error(Failure.missingKey(key, context: context), at: node.location)
        }
        return v
    }

    // MARK: - Typed reads of a key

    public func int(_ key: String) throws -> Int { try Self.int(require(key), key: key, source: source) }

    public func double(_ key: String) throws -> Double { try Self.double(require(key), key: key, source: source) }

    public func string(_ key: String) throws -> String { try Self.string(require(key), key: key, source: source) }

    public func optionalDouble(_ key: String) throws -> Double? {
        try value(key).map { try Self.double($0, key: key, source: source) }
    }

    public func optionalString(_ key: String) throws -> String? {
        try value(key).map { try Self.string($0, key: key, source: source) }
    }

    public func optionalBool(_ key: String) throws -> Bool? {
        try value(key).map { try Self.bool($0, key: key, source: source) }
    }

    /// Any non-empty scalar's text (names and paths may be quoted or plain).
    public func scalarText(_ node: YAMLNode, key: String) throws -> String {
        try Self.string(node, key: key, source: source)
    }

    // MARK: - Typed reads of single nodes, each failing with "expected X for 'key', found Y"

    public static func int(_ node: YAMLNode, key: String, source: SourceText) throws -> Int {
        guard let v = node.scalar?.int else {
            throw source.error(Failure.wrongKind(.integer, key: key, found: node.foundDescription), at: node.location)
        }
        return v
    }

    public static func double(_ node: YAMLNode, key: String, source: SourceText) throws -> Double {
        guard let v = node.scalar?.double, v.isFinite else {
            throw source.error(Failure.wrongKind(.number, key: key, found: node.foundDescription), at: node.location)
        }
        return v
    }

    /// Any non-empty scalar's text: Distiller's names may be quoted or plain.
    public static func string(_ node: YAMLNode, key: String, source: SourceText) throws -> String {
        guard let s = node.scalar, !s.isNull else {
            throw source.error(Failure.wrongKind(.string, key: key, found: node.foundDescription), at: node.location)
        }
        return s.text
    }

    public static func bool(_ node: YAMLNode, key: String, source: SourceText) throws -> Bool {
        guard let v = node.scalar?.bool else {
            throw source.error(Failure.wrongKind(.boolean, key: key, found: node.foundDescription), at: node.location)
        }
        return v
    }

    /// A sequence of integers, each checked.
    public static func ints(_ node: YAMLNode, key: String, source: SourceText) throws -> [Int] {
        guard let items = node.sequence else {
            throw source.error(Failure.wrongKind(.integerList, key: key, found: node.foundDescription),
                               at: node.location)
        }
        return try items.map { try int($0, key: key, source: source) }
    }
}
