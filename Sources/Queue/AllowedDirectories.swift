import Foundation

/// The directories an agent may read files from. A job is data from whoever can write to the
/// queue: a train job naming `baseline: /etc/shadow` must not make the agent open it (an error
/// would echo its first bytes into Redis). The agent reads only under the directories it was
/// started with (`--data`, `--baseline`'s directory, `--allow-dir`, else its working directory).
///
/// Paths are compared lexically, after making them absolute: a path with a `..` component is
/// refused outright, so what remains can only name something inside an allowed directory
/// (symlinks in there were put by whoever owns it, the agent's user).
public struct AllowedDirectories: Sendable, CustomStringConvertible {
    public let directories: [String]

    /// `directories` relative to `workingDirectory`, each made absolute.
    public init(_ directories: [String],
                workingDirectory: String = FileManager.default.currentDirectoryPath) {
        self.directories = directories.map { AllowedDirectories.absolute($0, from: workingDirectory) }
        self.workingDirectory = workingDirectory
    }

    private let workingDirectory: String

    public var description: String { directories.joined(separator: ", ") }

    /// Throws unless `path` lies in one of the directories; `what` names the job field.
    public func check(_ path: String, what: String, job: String) throws(QueueError) {
        let components = path.split(separator: "/")
        guard !components.contains(".."), !path.isEmpty else {
            throw .badJob(job, "\(what) '\(path)' is not allowed: it is empty or contains '..'")
        }
        let absolute = Self.absolute(path, from: workingDirectory)
        let inside = directories.contains { dir in dir == "/" || absolute == dir || absolute.hasPrefix(dir + "/") }
        guard inside else {
            throw .badJob(job, "\(what) '\(path)' is outside the directories this agent may read (\(description)); "
                + "start the agent with --allow-dir DIR or --\(what) PATH")
        }
    }

    /// Absolute and lexically clean (`.` and repeated slashes gone, no trailing slash).
    static func absolute(_ path: String, from base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") where part != "." {
            if part == ".." { if !parts.isEmpty { parts.removeLast() } } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
