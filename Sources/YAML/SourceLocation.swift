
/// A position in a text file, as editors and compilers print it: 1-based line and column,
/// the column counted in Unicode scalars so that `é` or `→` before an error moves the caret
/// by one, as it does on screen.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the prefix editors turn into a link.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// The lines of a parsed file, kept so that an error found long after parsing (a parameter
/// name checked against a network) can still quote the offending line.
public struct SourceText: Hashable, Sendable {
    public let file: String
    public let lines: [String]

    /// Splits on `\n`; the caller has already turned `\r\n` into `\n`.
    public init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// The text of a 1-based line, or nil past the end.
    public func line(_ number: Int) -> String? {
        number >= 1 && number <= lines.count ? lines[number - 1] : nil
    }

    /// An error at `location`, carrying the quoted line for its caret snippet.
    public func error(_ reason: any Error & CustomStringConvertible, at location: SourceLocation) -> PositionedError {
        PositionedError(reason, at: location, sourceLine: line(location.line))
    }
}
