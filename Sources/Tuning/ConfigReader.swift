import Pruning

/// Reads one YAML mapping of a sweep file with the checks every section needs: a mapping, no
/// key twice, no key outside `allowed` (checked first, so a misspelt key is reported before
/// the value it meant to give is found missing), and typed reads naming the key at fault.
/// The wording is `TuningError`'s; the position and caret snippet come from `PositionedError`.
struct ConfigReader {
    let node: YAMLNode
    let entries: [YAMLNode.Entry]
    let source: SourceText
    /// "budget", "parameter 'lr'", for messages.
    let context: String

    init(_ node: YAMLNode, key: String, context: String, allowed: [String], source: SourceText) throws {
        guard let entries = try node.uniqueEntries(in: source) else {
            throw source.error(TuningError.expected("a mapping", key: key, found: node.foundDescription),
                               at: node.location)
        }
        for entry in entries where !allowed.contains(entry.name) {
            throw source.error(TuningError.unknownKey(entry.name, context: context, supported: allowed),
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

    func error(_ reason: TuningError, at location: SourceLocation) -> PositionedError {
        source.error(reason, at: location)
    }

    func require(_ key: String) throws -> YAMLNode {
        guard let v = value(key) else { throw error(.missingKey(key, context: context), at: node.location) }
        return v
    }

    // MARK: - Typed reads

    func string(_ key: String) throws -> String { try scalarText(require(key), key: key) }

    func optionalString(_ key: String) throws -> String? { try value(key).map { try scalarText($0, key: key) } }

    /// Any non-empty scalar's text (names and paths may be quoted or plain).
    func scalarText(_ node: YAMLNode, key: String) throws -> String {
        guard let s = node.scalar, !s.isNull else {
            throw error(.expected("a string", key: key, found: node.foundDescription), at: node.location)
        }
        return s.text
    }

    func int(_ key: String) throws -> Int {
        let node = try require(key)
        guard let v = node.scalar?.int else {
            throw error(.expected("an integer", key: key, found: node.foundDescription), at: node.location)
        }
        return v
    }

    func double(_ key: String) throws -> Double {
        let node = try require(key)
        guard let v = node.scalar?.double, v.isFinite else {
            throw error(.expected("a number", key: key, found: node.foundDescription), at: node.location)
        }
        return v
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let node = value(key) else { return nil }
        guard let v = node.scalar?.bool else {
            throw error(.expected("true or false", key: key, found: node.foundDescription), at: node.location)
        }
        return v
    }

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
