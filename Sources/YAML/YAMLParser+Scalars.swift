
/// Scalars: plain (with multi-line folding), single-quoted (`''` escapes a quote),
/// double-quoted (backslash escapes), and the `${name}` placeholders sweep templates use.
extension YAMLParser {
    /// One line of a plain scalar from the cursor, trailing blanks trimmed. Stops at the line
    /// end, at `: `, at ` #`, and in flow context at `,[]{}`. A `${name}` placeholder is taken
    /// whole, so templates may use it even inside `[...]`.
    mutating func scanPlainLine(flow: Bool) throws -> String {
        let start = i
        var end = i
        while let c = char(), c != "\n" {
            if c == ":" && (YAMLParser.isBlankOrBreakOrEnd(char(1)) || (flow && YAMLParser.isFlowIndicator(char(1)))) {
                break
            }
            if isCommentStart() || (flow && YAMLParser.isFlowIndicator(c)) { break }
            if c == "$" && char(1) == "{" {
                try scanPlaceholder()
            } else {
                i += 1
            }
            if !YAMLParser.isBlank(c) { end = i }
        }
        i = end
        return text(start..<end)
    }

    /// Continuation lines of a block plain scalar: following lines indented deeper than the
    /// owning collection are folded in with a space (an empty line becomes a newline). A
    /// continuation that reads `key: value` is a mis-indented key, reported as such.
    mutating func foldPlainContinuation(_ first: String, parentIndent: Int) throws -> String {
        var text = first
        while true {
            let save = i
            skipBlanks()
            guard char() == "\n" else {
                i = save
                return text
            }
            var j = i, breaks = 0
            while j < s.count, s[j] == "\n" {
                j += 1
                breaks += 1
                while j < s.count, YAMLParser.isBlank(s[j]) { j += 1 }
            }
            let lineStart = lineStarts[lineNumber(j) - 1]
            let indentation = j - lineStart
            guard j < s.count, s[j] != "#", !s[lineStart..<j].contains("\t"), indentation > parentIndent else {
                i = save
                return text
            }
            i = j
            if isMarker("---") || isMarker("...") {
                i = save
                return text
            }
            let line = try scanPlainLine(flow: false)
            skipBlanks()
            if isKeyIndicator() {
                if parentIndent < 0 { throw fail(.mappingValueNotAllowed, at: i) }
                throw fail(.overIndented(found: indentation + 1, expected: parentIndent + 1), at: j)
            }
            text += (breaks == 1 ? " " : String(repeating: "\n", count: breaks - 1)) + line
        }
    }

    /// A plain scalar inside a flow collection, folding onto following lines.
    mutating func scanFlowPlain(parentIndent: Int) throws -> String {
        var text = try scanPlainLine(flow: true)
        while true {
            let save = i
            skipBlanks()
            guard char() == "\n" else {
                i = save
                return text
            }
            var j = i, breaks = 0
            while j < s.count, s[j] == "\n" {
                j += 1
                breaks += 1
                while j < s.count, YAMLParser.isBlank(s[j]) { j += 1 }
            }
            let indentation = j - lineStarts[lineNumber(j) - 1]
            guard j < s.count, s[j] != "#", s[j] != ":", !YAMLParser.isFlowIndicator(s[j]),
                  indentation > parentIndent else {
                i = save
                return text
            }
            i = j
            text += (breaks == 1 ? " " : String(repeating: "\n", count: breaks - 1)) + (try scanPlainLine(flow: true))
        }
    }

    /// A quoted scalar at the cursor (on its opening quote). Line breaks inside fold to a
    /// space (blank lines to newlines). A continuation line not indented past the owning
    /// block means the closing quote was forgotten: reported at the opening quote.
    mutating func scanQuoted(parentIndent: Int) throws -> YAMLNode {
        let open = i
        let quote = s[i]
        let single = quote == "'"
        i += 1
        var text = ""
        while true {
            guard let c = char() else { throw fail(.unterminatedQuote(quote: Character(quote)), at: open) }
            if c == quote {
                if single && char(1) == "'" {
                    text += "'"
                    i += 2
                    continue
                }
                i += 1
                break
            }
            if !single && c == "\\" {
                if char(1) == "\n" {
                    i += 1
                    try skipQuotedLineBreaks(open: open, quote: quote, parentIndent: parentIndent)
                } else {
                    text.unicodeScalars.append(try scanEscape())
                }
                continue
            }
            if c == "$" && char(1) == "{" {
                let start = i
                try scanPlaceholder()
                text += self.text(start..<i)
                continue
            }
            if YAMLParser.isBlank(c) || c == "\n" {
                let blankStart = i
                skipBlanks()
                if char() != "\n" {
                    text += self.text(blankStart..<i)
                    continue
                }
                let breaks = try skipQuotedLineBreaks(open: open, quote: quote, parentIndent: parentIndent)
                text += breaks == 1 ? " " : String(repeating: "\n", count: breaks - 1)
                continue
            }
            text.unicodeScalars.append(c)
            i += 1
        }
        return YAMLNode(.scalar(YAMLScalar(text, style: single ? .singleQuoted : .doubleQuoted)), at: location(open))
    }

    /// Consumes line breaks and the next line's leading blanks inside a quoted scalar;
    /// returns how many breaks there were.
    @discardableResult
    mutating func skipQuotedLineBreaks(open: Int, quote: Unicode.Scalar, parentIndent: Int) throws -> Int {
        var breaks = 0
        while char() == "\n" {
            i += 1
            breaks += 1
            let lineStart = i
            skipBlanks()
            if char() != "\n", !atEnd, (i - lineStart <= parentIndent || isMarkerAt(lineStart)) {
                throw fail(.unterminatedQuote(quote: Character(quote)), at: open)
            }
        }
        return breaks
    }

    func isMarkerAt(_ index: Int) -> Bool {
        var copy = self
        copy.i = index
        return copy.isMarker("---") || copy.isMarker("...")
    }

    /// A backslash escape of a double-quoted scalar, cursor on the backslash.
    mutating func scanEscape() throws -> Unicode.Scalar {
        let start = i
        guard let e = char(1) else { throw fail(.unterminatedQuote(quote: "\""), at: start) }
        i += 2
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}",
            "f": "\u{0C}", "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\",
            "N": "\u{85}", "_": "\u{A0}", "L": "\u{2028}", "P": "\u{2029}",
        ]
        if let scalar = simple[e] { return scalar }
        let width: Int
        switch e {
        case "x": width = 2
        case "u": width = 4
        case "U": width = 8
        default: throw fail(.invalidEscape(text(start..<i)), at: start)
        }
        let end = min(i + width, s.count)
        let digits = text(i..<end)
        guard digits.unicodeScalars.count == width, digits.allSatisfy(\.isHexDigit),
              let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
            var stop = i
            while stop < end, s[stop] != "\"", s[stop] != "\n" { stop += 1 }
            throw fail(.invalidEscape(text(start..<stop)), at: start)
        }
        i = end
        return scalar
    }

    /// `${name}` at the cursor: recorded with its exact range, cursor moved past the `}`.
    mutating func scanPlaceholder() throws {
        let start = i
        i += 2
        while let c = char(), c != "}", c != "\n" { i += 1 }
        guard char() == "}" else {
            i = start
            throw fail(.unterminatedPlaceholder, at: start)
        }
        let name = text(start + 2..<i)
        i += 1
        guard YAMLParser.isPlaceholderName(name) else { throw fail(.invalidPlaceholder(text(start..<i)), at: start) }
        placeholders.append(YAMLPlaceholder(name: name, location: location(start), range: start..<i))
    }

    static func isPlaceholderName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0))
        }
    }
}
