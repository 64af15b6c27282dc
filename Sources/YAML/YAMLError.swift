
/// Everything the YAML subset parser and the template filler refuse. Thrown inside a
/// `PositionedError`, which adds `file:line:column` and the caret snippet; the sentences
/// here say what is wrong and, where one exists, what to write instead.
public enum YAMLError: Error, Equatable, CustomStringConvertible {
    /// A tab among the spaces that indent a line.
    case tabIndentation
    /// A line indented deeper than the entries above it, with nothing that could own it.
    case overIndented(found: Int, expected: Int)
    /// A line whose indentation matches neither the enclosing block nor the nested one.
    case misaligned(found: Int, outer: Int, inner: Int)
    /// Content indented less than the document's first line.
    case underIndented(found: Int, expected: Int)
    /// A sequence went on with something that is not a `- ` entry.
    case expectedSequenceEntry(found: String)
    /// A block mapping went on with something that is not `key: value`.
    case expectedMappingKey(found: String)
    /// A `- ` entry where the block mapping expects its next key.
    case sequenceEntryInMapping
    /// `- item` on the same line as its key.
    case blockSequenceOnKeyLine
    /// `a: b: c`, or a plain value containing `: `.
    case mappingValueNotAllowed
    /// Text after a complete quoted scalar or flow collection on the same line.
    case trailingContent(found: String, after: String)
    /// A quote that is never closed; `quote` is `'` or `"`.
    case unterminatedQuote(quote: Character)
    /// A backslash escape that YAML does not define.
    case invalidEscape(String)
    /// `[` or `{` never closed.
    case unterminatedFlow(open: Character, close: Character)
    /// Inside `[...]`/`{...}`: something other than the separator or the closer.
    case expectedFlowSeparator(found: String, close: Character)
    /// A flow mapping key not followed by `:`.
    case expectedFlowColon(found: String)
    /// `[a, , b]` or a value missing where one must be.
    case expectedFlowValue(found: String)
    /// A `key: value` pair written directly inside a flow sequence (`[a: 1]`).
    case pairInFlowSequence
    /// `- ` inside a flow collection.
    case blockEntryInFlow
    /// A closing bracket or brace with no opener.
    case unexpectedCloser(Character)
    /// `@` and `` ` `` are reserved and cannot start a plain scalar.
    case reservedCharacter(Character)
    /// Unsupported YAML features, each refused by name rather than misread.
    case anchor(String)
    case alias(String)
    case tag(String)
    case blockScalar(Character)
    case directive(String)
    case complexKey
    case secondDocument
    /// Content after the `...` end-of-document marker.
    case contentAfterDocumentEnd
    /// A key written twice in one mapping (reported where a consumer reads the mapping).
    case duplicateKey(String, firstLine: Int, firstColumn: Int)
    /// Collections nested deeper than `YAMLParser.maximumDepth`.
    case nestingTooDeep(limit: Int)
    /// `${` with no `}` on the same line.
    case unterminatedPlaceholder
    /// `${}` or a name that is not an identifier.
    case invalidPlaceholder(String)
    /// A template placeholder with no value supplied.
    case missingPlaceholderValue(String, given: [String])

    public var description: String {
        switch self {
        case .tabIndentation:
            return "tab character in indentation; YAML indents with spaces only"
        case .overIndented(let found, let expected):
            return "bad indentation: this line starts at column \(found), deeper than the entries above it "
                + "(column \(expected)); YAML reads it as part of the previous value"
        case .misaligned(let found, let outer, let inner):
            return "bad indentation: column \(found) lines up with neither the enclosing entries (column \(outer)) "
                + "nor the nested ones (column \(inner))"
        case .underIndented(let found, let expected):
            return "bad indentation: this line starts at column \(found), left of the document's first line "
                + "(column \(expected))"
        case .expectedSequenceEntry(let found):
            return "expected '- ' to continue the sequence, found \(found)"
        case .expectedMappingKey(let found):
            return "expected 'key: value' in a block mapping, found \(found)"
        case .sequenceEntryInMapping:
            return "expected a mapping key, found a sequence entry '- '; a mapping and a sequence cannot share "
                + "one indentation level"
        case .blockSequenceOnKeyLine:
            return "a block sequence cannot start on its key's line; move '- ' to the next line or write [a, b]"
        case .mappingValueNotAllowed:
            return "mapping values are not allowed here; put a nested mapping on its own lines, "
                + "or quote a value that contains ': '"
        case .trailingContent(let found, let after):
            return "unexpected \(found) after \(after) on the same line"
        case .unterminatedQuote(let quote):
            return "unterminated \(quote == "'" ? "single" : "double")-quoted scalar: no closing \(quote) for this one"
        case .invalidEscape(let escape):
            return "invalid escape '\(escape)' in a double-quoted scalar; use \\\\ for a backslash"
        case .unterminatedFlow(let open, let close):
            return "unterminated flow \(open == "[" ? "sequence" : "mapping"): no '\(close)' closes this '\(open)'"
        case .expectedFlowSeparator(let found, let close):
            return "expected ',' or '\(close)' in a flow \(close == "]" ? "sequence" : "mapping"), found \(found)"
        case .expectedFlowColon(let found):
            return "expected ':' after a key in a flow mapping, found \(found)"
        case .expectedFlowValue(let found):
            return "expected a value in a flow collection, found \(found)"
        case .pairInFlowSequence:
            return "unsupported YAML feature: a 'key: value' pair inside a flow sequence; write [{key: value}]"
        case .blockEntryInFlow:
            return "a block sequence entry '- ' cannot appear inside a flow collection; separate items with ','"
        case .unexpectedCloser(let c):
            return "unexpected '\(c)' with no matching opening bracket"
        case .reservedCharacter(let c):
            return "'\(c)' is reserved in YAML and cannot start a plain scalar; quote the value"
        case .anchor(let name):
            return "unsupported YAML feature: anchor '&\(name)'; write the value out in full"
        case .alias(let name):
            return "unsupported YAML feature: alias '*\(name)'; write the value out in full"
        case .tag(let tag):
            return "unsupported YAML feature: tag '!\(tag)'; values are typed by how they are written"
        case .blockScalar(let indicator):
            return "unsupported YAML feature: block scalar '\(indicator)'; write the text as a quoted scalar"
        case .directive(let name):
            return "unsupported YAML feature: directive '%\(name)'"
        case .complexKey:
            return "unsupported YAML feature: complex mapping key; keys must be plain or quoted scalars"
        case .secondDocument:
            return "unsupported YAML feature: a second document in one file; put one schedule per file"
        case .contentAfterDocumentEnd:
            return "content after the end-of-document marker '...'"
        case .duplicateKey(let key, let line, let column):
            return "duplicate key '\(key)' (first written at line \(line), column \(column))"
        case .nestingTooDeep(let limit):
            return "collections nested deeper than \(limit) levels"
        case .unterminatedPlaceholder:
            return "unterminated placeholder: '${' needs a closing '}' on the same line"
        case .invalidPlaceholder(let text):
            return "invalid placeholder '\(text)': a name starts with a letter or '_' and continues with "
                + "letters, digits, '_', '.' or '-'"
        case .missingPlaceholderValue(let name, let given):
            return "no value for placeholder '${\(name)}'; values given: "
                + (given.isEmpty ? "none" : given.joined(separator: ", "))
        }
    }
}
