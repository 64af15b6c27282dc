import Foundation

/// Where messages go: errors to stderr, results to stdout.
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Bad usage: message, usage line, pointer to help; exit 2.
    static func fail(_ message: String, usage: String, path: [String]) -> Never {
        error(message)
        FileHandle.standardError.write(Data("Usage: \(usage)\n  See '\(path.joined(separator: " ")) --help' for more information.\n".utf8))
        exit(2)
    }

    static var isTTY: Bool { isatty(STDOUT_FILENO) != 0 }
}

/// Errors that mean "bad input" (exit 2) rather than "the job failed" (exit 1).
/// Library error enums are marked in ExitCodes.swift, one line each.
protocol InputError: Error {}

/// A command that has already printed what it had to say and wants a given exit code.
struct ExitStatus: Error {
    var code: Int32
}
