
/// A recursive-descent parser for the YAML subset that configuration files use: block
/// mappings and sequences, flow collections (also across lines), plain and quoted scalars,
/// comments, and the `---`/`...` markers. Anchors, aliases, tags, block scalars, complex keys
/// and multi-document streams are refused by name (never misread).
///
/// It works on the text's Unicode scalars so that columns in messages count what an editor
/// shows. Structure follows indentation: a block collection owns every following line
/// indented deeper than its parent, and a line that lines up with nothing is an error that
/// names the columns it could have meant.
public struct YAMLParser {
    /// The text as Unicode scalars, `\r\n` already folded to `\n`.
    let s: [Unicode.Scalar]
    let source: SourceText
    /// Index in `s` where each line begins (line n at `lineStarts[n - 1]`).
    let lineStarts: [Int]
    var i = 0
    var placeholders: [YAMLPlaceholder] = []
    /// Collections open around the cursor; capped at `maximumDepth` so a crafted file
    /// (5,000 nested `[`) is an error, not a stack overflow.
    var depth = 0
    /// Far deeper than any configuration (schedules nest 4 levels) and far from the stack's end.
    public static let maximumDepth = 128

    /// Parses one YAML document; `file` is what error messages print before `:line:column`.
    public static func parse(_ text: String, file: String) throws -> YAMLDocument {
        var parser = YAMLParser(text: normalizedLineEndings(text), file: file)
        let root = try parser.parseDocument()
        return YAMLDocument(root: root, source: parser.source, placeholders: parser.placeholders)
    }

    /// The text a document's placeholder ranges index into: byte-order mark dropped,
    /// `\r\n` and lone `\r` turned into `\n`.
    public static func normalizedLineEndings(_ text: String) -> String {
        var t = text
        if t.unicodeScalars.first == "\u{FEFF}" { t.unicodeScalars.removeFirst() }
        guard t.unicodeScalars.contains("\r") else { return t }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for c in t.unicodeScalars {
            if c == "\r" {
                out.append("\n")
            } else if !(c == "\n" && previous == "\r") {
                out.append(c)
            }
            previous = c
        }
        return String(out)
    }

    init(text: String, file: String) {
        s = Array(text.unicodeScalars)
        source = SourceText(file: file, text: text)
        var starts = [0]
        for (index, c) in s.enumerated() where c == "\n" { starts.append(index + 1) }
        lineStarts = starts
    }

    // MARK: - Document

    mutating func parseDocument() throws -> YAMLNode? {
        try skipToContent()
        if char() == "%" && column0(i) == 0 { throw fail(.directive(token(at: i + 1)), at: i) }
        var root: YAMLNode?
        var explicitStart = false
        if isMarker("---") {
            explicitStart = true
            i += 3
            skipBlanks()
            if let c = char(), c != "\n", c != "#" {
                root = try parseBlockNode(indent: column0(i), parentIndent: -1, keyLineValue: true)
            }
        }
        try skipToContent()
        var rootIndent = 0
        if root == nil, !atEnd, !isMarker("..."), !isMarker("---") {
            rootIndent = column0(i)
            root = try parseBlockNode(indent: rootIndent, parentIndent: -1, keyLineValue: false)
            try skipToContent()
        }
        if isMarker("...") {
            i += 3
            try skipToContent()
            if isMarker("---") { throw fail(.secondDocument, at: i) }
            if !atEnd { throw fail(.contentAfterDocumentEnd, at: i) }
        } else if isMarker("---") {
            if root != nil || explicitStart { throw fail(.secondDocument, at: i) }
        } else if !atEnd {
            throw fail(.underIndented(found: column0(i) + 1, expected: rootIndent + 1), at: i)
        }
        return root
    }

    // MARK: - Block structure

    /// A node starting at the cursor (which is on content). `indent` is the node's own column
    /// (0-based), `parentIndent` the column of the collection that owns it (-1 at the root).
    /// `keyLineValue` is set for a value on its key's line, where no block collection may start.
    mutating func parseBlockNode(indent: Int, parentIndent: Int, keyLineValue: Bool) throws -> YAMLNode {
        let start = i
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw fail(.nestingTooDeep(limit: Self.maximumDepth), at: i) }
        if isSequenceEntry() {
            if keyLineValue { throw fail(.blockSequenceOnKeyLine, at: i) }
            return try parseBlockSequence(indent: indent, compact: false)
        }
        try refuseUnsupported()
        var node: YAMLNode
        let what: String
        var isPlain = false
        switch char()! {
        case "[", "{":
            node = try parseFlowCollection(parentIndent: parentIndent)
            what = "a flow collection"
        case "'", "\"":
            node = try scanQuoted(parentIndent: parentIndent)
            what = "a quoted scalar"
        case "]", "}":
            throw fail(.unexpectedCloser(Character(char()!)), at: i)
        default:
            node = YAMLNode(.scalar(YAMLScalar(try scanPlainLine(flow: false))), at: location(start))
            what = "a plain scalar"
            isPlain = true
        }
        skipBlanks()
        if isKeyIndicator() {
            guard node.scalar != nil else { throw fail(.complexKey, at: start) }
            if isPlain && node.scalar!.text.isEmpty { throw fail(.expectedMappingKey(found: "':'"), at: start) }
            if keyLineValue { throw fail(.mappingValueNotAllowed, at: i) }
            return try parseBlockMapping(indent: indent, firstKey: node)
        }
        if isPlain {
            node.value = .scalar(YAMLScalar(try foldPlainContinuation(node.scalar!.text, parentIndent: parentIndent)))
        }
        try expectLineEnd(after: what)
        return node
    }

    /// Entries at column `indent`; the cursor is on the first key's `:`.
    mutating func parseBlockMapping(indent: Int, firstKey: YAMLNode) throws -> YAMLNode {
        var entries: [YAMLNode.Entry] = []
        var key = firstKey
        while true {
            i += 1  // the ':'
            let (value, childIndent) = try parseMappingValue(mappingIndent: indent, key: key)
            entries.append(YAMLNode.Entry(key: key, value: value))
            try skipToContent()
            if atEnd || isMarker("---") || isMarker("...") { break }
            let column = column0(i)
            if column < indent { break }
            if column > indent { throw badIndentation(column: column, expected: indent, inner: childIndent) }
            if isSequenceEntry() { throw fail(.sequenceEntryInMapping, at: i) }
            key = try parseMappingKey(mappingIndent: indent)
        }
        return YAMLNode(.mapping(entries), at: firstKey.location)
    }

    /// A key at the cursor, leaving the cursor on its `:`.
    mutating func parseMappingKey(mappingIndent: Int) throws -> YAMLNode {
        let start = i
        try refuseUnsupported()
        let key: YAMLNode
        switch char()! {
        case "[", "{":
            _ = try parseFlowCollection(parentIndent: mappingIndent)
            skipBlanks()
            throw fail(isKeyIndicator() ? .complexKey : .expectedMappingKey(found: lineText(from: start)), at: start)
        case "'", "\"":
            key = try scanQuoted(parentIndent: mappingIndent)
        default:
            key = YAMLNode(.scalar(YAMLScalar(try scanPlainLine(flow: false))), at: location(start))
        }
        skipBlanks()
        guard isKeyIndicator(), !(key.scalar!.style == .plain && key.scalar!.text.isEmpty) else {
            throw fail(.expectedMappingKey(found: lineText(from: start)), at: start)
        }
        return key
    }

    /// The value after `key:`, on the same line or on the following, deeper-indented lines.
    /// Returns the column of a nested block collection, for misalignment messages.
    mutating func parseMappingValue(mappingIndent: Int, key: YAMLNode) throws -> (YAMLNode, Int?) {
        skipBlanks()
        if atLineEnd() {
            try skipToContent()
            if atEnd || isMarker("---") || isMarker("...") { return (nullNode(at: key.location), nil) }
            let column = column0(i)
            if column > mappingIndent {
                let node = try parseBlockNode(indent: column, parentIndent: mappingIndent, keyLineValue: false)
                return (node, node.scalar == nil ? column : nil)
            }
            if column == mappingIndent && isSequenceEntry() {
                // `key:` followed by `- item` at the key's own column: YAML's compact form.
                return (try parseBlockSequence(indent: column, compact: true), nil)
            }
            return (nullNode(at: key.location), nil)
        }
        return (try parseBlockNode(indent: column0(i), parentIndent: mappingIndent, keyLineValue: true), nil)
    }

    /// Entries `- x` at column `indent`; `compact` when the sequence is a mapping value written
    /// at its key's column, so a following key at that column ends it instead of being an error.
    mutating func parseBlockSequence(indent: Int, compact: Bool) throws -> YAMLNode {
        let start = location(i)
        var items: [YAMLNode] = []
        while true {
            let dash = i
            i += 1
            let (item, childIndent) = try parseSequenceItem(sequenceIndent: indent, dash: dash)
            items.append(item)
            try skipToContent()
            if atEnd || isMarker("---") || isMarker("...") { break }
            let column = column0(i)
            if column < indent { break }
            if column > indent { throw badIndentation(column: column, expected: indent, inner: childIndent) }
            guard isSequenceEntry() else {
                if compact { break }
                throw fail(.expectedSequenceEntry(found: lineText(from: i)), at: i)
            }
        }
        return YAMLNode(.sequence(items), at: start)
    }

    mutating func parseSequenceItem(sequenceIndent: Int, dash: Int) throws -> (YAMLNode, Int?) {
        skipBlanks()
        if atLineEnd() {
            try skipToContent()
            if atEnd || isMarker("---") || isMarker("...") { return (nullNode(at: location(dash)), nil) }
            let column = column0(i)
            guard column > sequenceIndent else { return (nullNode(at: location(dash)), nil) }
            let node = try parseBlockNode(indent: column, parentIndent: sequenceIndent, keyLineValue: false)
            return (node, node.scalar == nil ? column : nil)
        }
        // `- key: v` or `- - x`: the nested collection's column is where its first entry starts.
        let column = column0(i)
        let node = try parseBlockNode(indent: column, parentIndent: sequenceIndent, keyLineValue: false)
        return (node, node.scalar == nil ? column : nil)
    }

    /// The error for a line deeper than its block: misaligned when a nested block was just
    /// closed at a deeper column (the line matches neither), over-indented otherwise.
    func badIndentation(column: Int, expected: Int, inner: Int?) -> PositionedError {
        if let inner, inner > column {
            return fail(.misaligned(found: column + 1, outer: expected + 1, inner: inner + 1), at: i)
        }
        return fail(.overIndented(found: column + 1, expected: expected + 1), at: i)
    }

    func nullNode(at location: SourceLocation) -> YAMLNode {
        YAMLNode(.scalar(YAMLScalar("")), at: location)
    }
}
