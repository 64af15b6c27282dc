
/// Where a Redis server is and how to log in: `redis://[[user]:password@]host[:port][/db]`,
/// the form redis-cli and every client library accept. Parsed by hand (Foundation's URL
/// would accept it too, but percent-decoding and the empty user need spelling out anyway).
public struct RedisURL: Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// ACL user (Redis ≥ 6); nil means the default user (`AUTH password`).
    public var user: String?
    public var password: String?
    public var database: Int

    public init(host: String, port: Int = 6379, user: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
    }

    /// Parses the URL; the error names the part that is wrong.
    public init(_ text: String) throws(QueueError) {
        let scheme = "redis://"
        let text = text, shown = RedisURL.masked(text)  // errors never echo the password
        guard text.hasPrefix(scheme) else { throw .badURL(shown, "expected it to start with 'redis://'") }
        var rest = Substring(text.dropFirst(scheme.count))
        var user: String?, password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let name = String(credentials[..<colon])
                user = name.isEmpty ? nil : try RedisURL.percentDecoded(name, in: shown)
                password = try RedisURL.percentDecoded(String(credentials[credentials.index(after: colon)...]), in: shown)
            } else {
                // redis-cli reads `redis://secret@host` as a password, not a user.
                password = try RedisURL.percentDecoded(String(credentials), in: shown)
            }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let db = Int(path), db >= 0 else {
                    throw .badURL(shown, "database '\(path)' is not a non-negative integer")
                }
                database = db
            }
        }
        var host = String(rest), port = 6379
        if host.hasPrefix("[") {  // [::1]:6379
            guard let close = host.firstIndex(of: "]") else { throw .badURL(shown, "unterminated '[' in the host") }
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") { port = try RedisURL.port(String(after.dropFirst()), in: shown) }
            else if !after.isEmpty { throw .badURL(shown, "unexpected '\(after)' after the host") }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            port = try RedisURL.port(String(host[host.index(after: colon)...]), in: shown)
            host = String(host[..<colon])
        }
        guard !host.isEmpty else { throw .badURL(shown, "the host is missing") }
        self.init(host: host, port: port, user: user, password: password, database: database)
    }

    /// The URL with the password masked, safe to print in logs.
    public var description: String {
        var credentials = ""
        if user != nil || password != nil {
            credentials = (user ?? "") + (password == nil ? "" : ":***") + "@"
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "redis://\(credentials)\(shownHost):\(port)/\(database)"
    }

    /// URL text as typed, with whatever stands where a password would (`user:***@`, or `***@`
    /// for redis-cli's bare `redis://secret@host`) masked: for messages about a URL that may
    /// not even parse.
    public static func masked(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@") else { return text }
        let start = text.range(of: "://").map(\.upperBound) ?? text.startIndex
        guard start <= at else { return text }
        let credentials = text[start..<at]
        let shown = credentials.firstIndex(of: ":").map { credentials[..<$0] + ":***" } ?? "***"
        return String(text[..<start]) + shown + String(text[at...])
    }

    /// `host:port`, for messages about the connection itself.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static func port(_ text: String, in url: String) throws(QueueError) -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw .badURL(url, "port '\(text)' is not a number from 1 to 65535")
        }
        return port
    }

    private static func percentDecoded(_ text: String, in url: String) throws(QueueError) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard iterator.count >= 2, let value = UInt8(String(decoding: iterator.prefix(2), as: UTF8.self), radix: 16)
            else { throw .badURL(url, "bad percent escape in the credentials") }
            bytes.append(value)
            iterator = iterator.dropFirst(2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
