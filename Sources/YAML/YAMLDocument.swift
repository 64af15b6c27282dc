
/// A parsed YAML file: its root node (nil for an empty document), the source lines for
/// error snippets, and where `${name}` placeholders appear (for sweep templates).
public struct YAMLDocument: Hashable, Sendable {
    public var root: YAMLNode?
    public var source: SourceText
    public var placeholders: [YAMLPlaceholder]

    public init(root: YAMLNode?, source: SourceText, placeholders: [YAMLPlaceholder] = []) {
        self.root = root
        self.source = source
        self.placeholders = placeholders
    }

    /// Parses `text`; `file` is what error messages print before `:line:column`.
    public init(parsing text: String, file: String) throws {
        self = try YAMLParser.parse(text, file: file)
    }
}

/// One `${name}` written inside a scalar value. `range` indexes the Unicode scalars of the
/// parsed (line-ending-normalised) text, so a template can be filled in place, comments intact.
public struct YAMLPlaceholder: Hashable, Sendable {
    public var name: String
    public var location: SourceLocation
    public var range: Range<Int>

    public init(name: String, location: SourceLocation, range: Range<Int>) {
        self.name = name
        self.location = location
        self.range = range
    }
}
