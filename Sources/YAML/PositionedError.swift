
/// An error that points into a file: `file:line:column: error: <message>`, then the source
/// line and a caret under the column (swift-format's and Yams' layout), so the user sees
/// exactly which character the complaint is about without opening the file.
///
/// The wording lives in the `reason` (a `YAMLError` or a `ScheduleError`), the position here;
/// tests match on the rendered text and, when they need to, on the reason's case.
public struct PositionedError: Error, CustomStringConvertible {
    public let location: SourceLocation
    public let reason: any Error & CustomStringConvertible
    /// The text of `location.line`, or nil when it is not known (no snippet is printed then).
    public let sourceLine: String?

    public init(_ reason: any Error & CustomStringConvertible, at location: SourceLocation, sourceLine: String?) {
        self.reason = reason
        self.location = location
        self.sourceLine = sourceLine
    }

    /// The reason's sentence alone, without position or snippet.
    public var message: String { reason.description }

    public var description: String {
        var text = "\(location): error: \(message)"
        if let sourceLine {
            text += "\n" + sourceLine + "\n" + PositionedError.caretLine(for: sourceLine, column: location.column)
        }
        return text
    }

    /// Spaces up to the column, then `^`. Tabs before the column are copied so the caret
    /// lines up with the quoted line whatever the terminal's tab width.
    static func caretLine(for line: String, column: Int) -> String {
        var prefix = ""
        var count = 0
        for scalar in line.unicodeScalars where count < column - 1 {
            prefix.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
            count += 1
        }
        if count < column - 1 { prefix += String(repeating: " ", count: column - 1 - count) }
        return prefix + "^"
    }
}
