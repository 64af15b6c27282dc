import Foundation

extension RedisURL {
    /// Where a password may come from besides the URL, in order: a file, then these variables
    /// (`REDISCLI_AUTH` is the one redis-cli reads). A password in the URL is visible to every
    /// local user in `ps`; a file or the environment is not.
    public static let passwordVariables = ["SHEARS_REDIS_PASSWORD", "REDISCLI_AUTH"]

    /// Parses `text` and, when it carries no password, takes one from `passwordFile` (its first
    /// line) or the first of `passwordVariables` that is set and not empty.
    public init(_ text: String, passwordFile: String?,
                environment: [String: String] = ProcessInfo.processInfo.environment) throws(QueueError) {
        try self.init(text)
        if let passwordFile {
            guard password == nil else {
                throw .badPasswordFile(passwordFile, "the --redis URL has a password too; give it in one place")
            }
            password = try RedisURL.readPassword(passwordFile)
        } else if password == nil,
                  let variable = RedisURL.passwordVariables.first(where: { !(environment[$0] ?? "").isEmpty }) {
            password = environment[variable]
        }
    }

    /// The file's first line, without its newline.
    static func readPassword(_ path: String) throws(QueueError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw .badPasswordFile(path, reason)
        }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .first.map { $0.hasSuffix("\r") ? $0.dropLast() : $0 } ?? ""
        guard !line.isEmpty else { throw .badPasswordFile(path, "its first line is empty") }
        return String(line)
    }
}
