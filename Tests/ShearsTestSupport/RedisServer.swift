#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A throwaway redis-server for one test: a free loopback port, its own temp directory,
/// append-only persistence (so a restart keeps the queues, as a production server would),
/// stopped and removed afterwards. Bound to 127.0.0.1 only.
public final class RedisServer: @unchecked Sendable {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String
    }

    public let port: Int
    public let directory: URL
    public let password: String?
    private var process: ChildProcess?

    public init(password: String? = nil) throws {
        guard let binary = RedisServer.binary else {
            throw Missing(description: "redis-server is not installed; run 'make setup' (Debian: apt-get install redis-server)")
        }
        self.binary = binary
        self.password = password
        port = try RedisServer.freePort()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("shears-redis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try start()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private let binary: URL

    /// `redis://[:password@]127.0.0.1:port/0`, for `--redis`.
    public var urlString: String { "redis://" + (password.map { ":\($0)@" } ?? "") + "127.0.0.1:\(port)/0" }

    public func start() throws {
        var arguments = ["--port", String(port), "--bind", "127.0.0.1", "--dir", directory.path,
                         "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                         "--daemonize", "no", "--loglevel", "warning", "--logfile", "redis.log"]
        if let password { arguments += ["--requirepass", password] }
        let p = try ChildProcess(binary, arguments, output: directory.appendingPathComponent("stdout.log"))
        process = p
        // Ready when a TCP connection succeeds; bounded to 5 s.
        for _ in 0..<100 {
            if RedisServer.accepts(port: port) { return }
            guard p.isRunning else { break }
            usleep(50_000)
        }
        let log = (try? String(contentsOf: directory.appendingPathComponent("redis.log"), encoding: .utf8)) ?? ""
        throw Missing(description: "redis-server did not start on port \(port):\n\(log)")
    }

    /// Graceful stop (SIGTERM); redis flushes the append-only file first.
    public func stop() {
        guard let p = process else { return }
        p.signal(SIGTERM)
        if p.wait(timeout: 10) == nil {
            p.signal(SIGKILL)
            p.wait(timeout: 5)
        }
        process = nil
    }

    public static var binary: URL? {
        for dir in ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
            let url = URL(fileURLWithPath: dir).appendingPathComponent("redis-server")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// Whether something accepts TCP connections on the loopback port.
    static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A port nothing listens on right now: bind to port 0 on loopback and read what the kernel chose.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard ok else { throw Missing(description: "cannot bind a loopback port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// Deterministic payload bytes (a stand-in for a model file).
public func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var random = TestRandom(seed: seed)
    return (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
}
