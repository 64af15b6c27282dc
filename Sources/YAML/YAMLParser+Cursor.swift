
/// The cursor: looking at characters, skipping blanks and comments, and turning indices
/// into `SourceLocation`s and positioned errors.
extension YAMLParser {
    func char(_ offset: Int = 0) -> Unicode.Scalar? {
        let j = i + offset
        return j < s.count ? s[j] : nil
    }

    var atEnd: Bool { i >= s.count }

    static func isBlank(_ c: Unicode.Scalar?) -> Bool { c == " " || c == "\t" }

    static func isBlankOrBreakOrEnd(_ c: Unicode.Scalar?) -> Bool { c == nil || c == " " || c == "\t" || c == "\n" }

    static func isFlowIndicator(_ c: Unicode.Scalar?) -> Bool {
        c == "," || c == "[" || c == "]" || c == "{" || c == "}"
    }

    /// `: ` (or `:` at the end of a line): the indicator that makes what precedes it a key.
    func isKeyIndicator() -> Bool { char() == ":" && YAMLParser.isBlankOrBreakOrEnd(char(1)) }

    /// `- ` (or `-` alone on its line): a block sequence entry.
    func isSequenceEntry() -> Bool { char() == "-" && YAMLParser.isBlankOrBreakOrEnd(char(1)) }

    /// `---` or `...` at the start of a line, followed by a blank or the line's end.
    func isMarker(_ marker: String) -> Bool {
        guard column0(i) == 0 else { return false }
        for (k, m) in marker.unicodeScalars.enumerated() where char(k) != m { return false }
        return YAMLParser.isBlankOrBreakOrEnd(char(3))
    }

    /// At a line break, the end of the text, or a comment.
    func atLineEnd() -> Bool { char() == nil || char() == "\n" || isCommentStart() }

    /// `#` starts a comment at the start of a line or after a blank (`a#b` is a plain scalar).
    func isCommentStart() -> Bool { char() == "#" && (i == 0 || YAMLParser.isBlankOrBreakOrEnd(s[i - 1])) }

    mutating func skipBlanks() {
        while YAMLParser.isBlank(char()) { i += 1 }
    }

    /// Skips blanks, comments and line breaks up to the next content or the end of the text.
    /// Refuses a tab in the indentation of a line that has content.
    mutating func skipToContent() throws {
        while true {
            if i == 0 || s[i - 1] == "\n" {
                while char() == " " { i += 1 }
                if char() == "\t" {
                    let tab = i
                    skipBlanks()
                    if !atLineEnd() { throw fail(.tabIndentation, at: tab) }
                }
            }
            skipBlanks()
            if isCommentStart() {
                while let c = char(), c != "\n" { i += 1 }
            }
            guard char() == "\n" else { return }
            i += 1
        }
    }

    /// After a complete scalar or flow collection: only blanks or a comment may follow.
    mutating func expectLineEnd(after what: String) throws {
        skipBlanks()
        if atLineEnd() { return }
        throw fail(.trailingContent(found: "'\(token(at: i))'", after: what), at: i)
    }

    // MARK: - Positions

    /// The 1-based line holding index `index`.
    func lineNumber(_ index: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= index { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The 0-based column of `index` on its line, in Unicode scalars (its indentation when it
    /// is the first content of the line).
    func column0(_ index: Int) -> Int { index - lineStarts[lineNumber(index) - 1] }

    func location(_ index: Int) -> SourceLocation {
        SourceLocation(file: source.file, line: lineNumber(index), column: column0(index) + 1)
    }

    func fail(_ error: YAMLError, at index: Int) -> PositionedError {
        source.error(error, at: location(index))
    }

    func text(_ range: Range<Int>) -> String {
        var t = ""
        t.unicodeScalars.append(contentsOf: s[range])
        return t
    }

    /// The word at `index` (up to a blank, line end or flow indicator; the indicator alone if
    /// it starts there), for "found 'x'" in messages.
    func token(at index: Int) -> String {
        guard index < s.count else { return "" }
        if YAMLParser.isFlowIndicator(s[index]) || s[index] == ":" { return text(index..<index + 1) }
        var end = index
        while end < s.count, !YAMLParser.isBlankOrBreakOrEnd(s[end]), !YAMLParser.isFlowIndicator(s[end]) { end += 1 }
        return text(index..<end)
    }

    /// The rest of the line from `index`, trimmed and cut at 40 scalars, quoted for messages.
    func lineText(from index: Int) -> String {
        var end = index
        while end < s.count, s[end] != "\n" { end += 1 }
        var t = text(index..<end)
        while let last = t.unicodeScalars.last, YAMLParser.isBlank(last) { t.unicodeScalars.removeLast() }
        if t.unicodeScalars.count > 40 { t = String(String.UnicodeScalarView(t.unicodeScalars.prefix(40))) + "…" }
        return t.isEmpty ? "end of file" : "'\(t)'"
    }

    /// Anchors, aliases, tags, block scalars, complex keys, directives and reserved
    /// characters are refused at the start of a node, each by its own name.
    func refuseUnsupported() throws {
        guard let c = char() else { return }
        switch c {
        case "&": throw fail(.anchor(token(at: i + 1)), at: i)
        case "*": throw fail(.alias(token(at: i + 1)), at: i)
        case "!": throw fail(.tag(token(at: i + 1)), at: i)
        case "|", ">": throw fail(.blockScalar(Character(c)), at: i)
        case "?" where YAMLParser.isBlankOrBreakOrEnd(char(1)): throw fail(.complexKey, at: i)
        case "%" where column0(i) == 0: throw fail(.directive(token(at: i + 1)), at: i)
        case "@", "`", ",": throw fail(.reservedCharacter(Character(c)), at: i)
        default: return
        }
    }
}
