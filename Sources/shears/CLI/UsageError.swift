
/// Bad usage: always exit code 2, the message, the usage line and a pointer to `--help`.
enum UsageError: Error, CustomStringConvertible {
    /// `--shedule` given; `suggestion` is the closest valid name, if any is close.
    case unknownOption(String, suggestion: String?)
    /// A subcommand name that does not exist under the current command.
    case unknownSubcommand(String, suggestion: String?)
    /// A required option (synopsis form) was not given.
    case missingOption(String)
    /// A required positional argument was not given.
    case missingArgument(String)
    /// An option that takes a value was last on the line.
    case missingValue(String)
    /// A value that does not parse: (value, option synopsis, what was expected).
    case invalidValue(String, String, String)
    /// A boolean flag given a value (`--json=yes`).
    case flagWithValue(String)
    /// More positional arguments than the command takes.
    case unexpectedArgument(String)
    /// A command that only groups subcommands, called bare.
    case missingSubcommand([String])
    /// A semantic constraint between options (e.g. `--iterations` and `--time` together).
    case conflict(String)

    var description: String {
        switch self {
        case .unknownOption(let name, let suggestion):
            return "Unknown option '\(name)'." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
        case .unknownSubcommand(let name, let suggestion):
            return "Unknown subcommand '\(name)'." + (suggestion.map { " Did you mean '\($0)'?" } ?? "")
        case .missingOption(let synopsis):
            return "Missing expected argument '\(synopsis)'"
        case .missingArgument(let synopsis):
            return "Missing expected argument '\(synopsis)'"
        case .missingValue(let synopsis):
            return "Missing value for '\(synopsis)'"
        case .invalidValue(let value, let synopsis, let expected):
            return "The value '\(value)' is invalid for '\(synopsis)': expected \(expected)"
        case .flagWithValue(let name):
            return "The flag '--\(name)' does not take a value"
        case .unexpectedArgument(let value):
            return "Unexpected argument '\(value)'"
        case .missingSubcommand(let names):
            return "Missing subcommand; expected one of: " + names.joined(separator: ", ")
        case .conflict(let message):
            return message
        }
    }
}
