
/// One node of a parsed YAML document with the place it was written, so that every later
/// complaint (a wrong type, an unknown key, a parameter the network lacks) can point at it.
///
/// Mappings keep their entries in file order and keep duplicate keys: the parser accepts
/// what PyYAML accepts (Distiller's own `ssl_channels-removal_training.yaml` repeats keys),
/// and a consumer that reads a mapping refuses duplicates through `uniqueEntries()` instead
/// of silently keeping the last one as PyYAML does.
public struct YAMLNode: Hashable, Sendable {
    public enum Value: Hashable, Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([Entry])
    }

    /// A `key: value` pair; keys are scalars (complex keys are refused by the parser).
    public struct Entry: Hashable, Sendable {
        public var key: YAMLNode
        public var value: YAMLNode

        public init(key: YAMLNode, value: YAMLNode) {
            self.key = key
            self.value = value
        }

        /// The key's text (keys are always scalars).
        public var name: String { key.scalar?.text ?? "" }
    }

    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    public var scalar: YAMLScalar? {
        if case .scalar(let s) = value { return s }
        return nil
    }

    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    public var mapping: [Entry]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }

    /// True for `~`, `null`, an empty value, and nothing else.
    public var isNull: Bool { scalar?.isNull ?? false }

    /// The mapping's entries, refusing a key written twice (naming both places).
    /// Nil when the node is not a mapping.
    public func uniqueEntries(in source: SourceText) throws -> [Entry]? {
        guard let entries = mapping else { return nil }
        var seen: [String: SourceLocation] = [:]
        for entry in entries {
            if let first = seen[entry.name] {
                throw source.error(YAMLError.duplicateKey(entry.name, firstLine: first.line, firstColumn: first.column),
                                   at: entry.key.location)
            }
            seen[entry.name] = entry.key.location
        }
        return entries
    }

    /// A short description of what was found, for "expected X, found Y" messages:
    /// the scalar's text in quotes, or the kind of collection.
    public var foundDescription: String {
        switch value {
        case .scalar(let s) where s.isNull && s.style == .plain: return "nothing"
        case .scalar(let s): return "'\(s.text)'"
        case .sequence: return "a sequence"
        case .mapping: return "a mapping"
        }
    }
}
