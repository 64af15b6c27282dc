
/// Flow collections: `[a, b]` and `{k: v}`, nested, spanning lines, with comments between
/// entries. A line that falls back to the owning block's indentation (or a document marker)
/// before the closer means the closer was forgotten: reported at the opening bracket.
extension YAMLParser {
    mutating func parseFlowCollection(parentIndent: Int) throws -> YAMLNode {
        let open = i
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw fail(.nestingTooDeep(limit: Self.maximumDepth), at: i) }
        let isSequence = s[i] == "["
        let close: Unicode.Scalar = isSequence ? "]" : "}"
        let unterminated = fail(.unterminatedFlow(open: isSequence ? "[" : "{", close: Character(close)), at: open)
        i += 1
        var items: [YAMLNode] = []
        var entries: [YAMLNode.Entry] = []
        while true {
            try skipFlowSpace(parentIndent: parentIndent, unterminated: unterminated)
            guard let c = char() else { throw unterminated }
            if c == close {
                i += 1
                break
            }
            if isSequence {
                let item = try parseFlowNode(parentIndent: parentIndent, unterminated: unterminated)
                try skipFlowSpace(parentIndent: parentIndent, unterminated: unterminated)
                if char() == ":" && (YAMLParser.isBlankOrBreakOrEnd(char(1)) || YAMLParser.isFlowIndicator(char(1))) {
                    throw fail(.pairInFlowSequence, at: i)
                }
                items.append(item)
            } else {
                let keyStart = i
                let key = try parseFlowNode(parentIndent: parentIndent, unterminated: unterminated)
                guard key.scalar != nil else { throw fail(.complexKey, at: keyStart) }
                try skipFlowSpace(parentIndent: parentIndent, unterminated: unterminated)
                var value = nullNode(at: key.location)
                if char() == ":" {
                    i += 1
                    try skipFlowSpace(parentIndent: parentIndent, unterminated: unterminated)
                    if char() != "," && char() != close {
                        value = try parseFlowNode(parentIndent: parentIndent, unterminated: unterminated)
                    }
                } else if atEnd {
                    throw unterminated
                } else if char() != "," && char() != close {
                    throw fail(.expectedFlowColon(found: "'\(token(at: i))'"), at: i)
                }
                entries.append(YAMLNode.Entry(key: key, value: value))
            }
            try skipFlowSpace(parentIndent: parentIndent, unterminated: unterminated)
            guard let next = char() else { throw unterminated }
            if next == "," {
                i += 1
                continue
            }
            if next == close {
                i += 1
                break
            }
            throw fail(.expectedFlowSeparator(found: "'\(token(at: i))'", close: Character(close)), at: i)
        }
        return YAMLNode(isSequence ? .sequence(items) : .mapping(entries), at: location(open))
    }

    mutating func parseFlowNode(parentIndent: Int, unterminated: PositionedError) throws -> YAMLNode {
        let start = i
        guard let c = char() else { throw unterminated }
        if c == "," || c == "]" || c == "}" || c == ":" {
            throw fail(.expectedFlowValue(found: "'\(Character(c))'"), at: i)
        }
        if isSequenceEntry() { throw fail(.blockEntryInFlow, at: i) }
        try refuseUnsupported()
        switch c {
        case "[", "{": return try parseFlowCollection(parentIndent: parentIndent)
        case "'", "\"": return try scanQuoted(parentIndent: parentIndent)
        default: return YAMLNode(.scalar(YAMLScalar(try scanFlowPlain(parentIndent: parentIndent))), at: location(start))
        }
    }

    /// Blanks, comments and line breaks between flow entries.
    mutating func skipFlowSpace(parentIndent: Int, unterminated: PositionedError) throws {
        while true {
            skipBlanks()
            if isCommentStart() {
                while let c = char(), c != "\n" { i += 1 }
            }
            guard char() == "\n" else { return }
            i += 1
            let lineStart = i
            skipBlanks()
            if atEnd || atLineEnd() { continue }
            if isMarkerAt(lineStart) { throw unterminated }
            // A closer may sit at the block's own column (`]` under its key); anything else there
            // belongs to the block, so the collection was never closed.
            if i - lineStart <= parentIndent && char() != "]" && char() != "}" { throw unterminated }
        }
    }
}
