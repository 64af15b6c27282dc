#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Redis client for one thread: commands, pipelines, and reconnection with back-off.
///
/// The first connection is made in `init` and fails fast (an unreachable server or a wrong
/// password is a configuration mistake the user should hear about at once). Later, when a
/// command fails because the connection broke or timed out, the client reconnects with
/// `Backoff` for up to `Options.reconnectFor` seconds and sends the command again. Commands
/// can therefore run twice; everything the queue sends is written to be safe under that
/// (HSETNX, LREM, scripts that check before they act).
public final class RedisClient {
    public struct Options: Sendable {
        public var connectTimeout: Double = 5
        /// How long a reply may take, on top of a blocking command's own timeout.
        public var commandTimeout: Double = 10
        /// How long to keep trying to reconnect before giving up.
        public var reconnectFor: Double = 30
        public var backoff = Backoff()

        public init(connectTimeout: Double = 5, commandTimeout: Double = 10, reconnectFor: Double = 30,
                    backoff: Backoff = Backoff()) {
            self.connectTimeout = connectTimeout
            self.commandTimeout = commandTimeout
            self.reconnectFor = reconnectFor
            self.backoff = backoff
        }
    }

    public let url: RedisURL
    public let options: Options
    /// Told about lost connections and reconnections, for agents that print what they do.
    public var log: (@Sendable (String) -> Void)?
    private var connection: RedisConnection?
    /// Network round trips and commands sent so far (the queue benchmark reports them per trial).
    public private(set) var roundTrips = 0
    public private(set) var commandsSent = 0

    public init(url: RedisURL, options: Options = Options(), log: (@Sendable (String) -> Void)? = nil) throws(QueueError) {
        self.url = url
        self.options = options
        self.log = log
        connection = try RedisConnection(url: url, connectTimeout: options.connectTimeout,
                                         commandTimeout: options.commandTimeout)
    }

    /// Sends one command and returns its reply; an error reply throws `QueueError.reply`
    /// naming the command. `blockingFor` is the server-side timeout of a blocking command
    /// (BLMOVE, BRPOP), added to the reply deadline.
    @discardableResult
    public func send(_ command: RedisCommand, blockingFor: Double = 0) throws(QueueError) -> RESPValue {
        try pipeline([command], blockingFor: blockingFor)[0]
    }

    /// Sends all commands in one write and reads all replies: one round trip.
    /// The first error reply throws, naming its command.
    @discardableResult
    public func pipeline(_ commands: [RedisCommand], blockingFor: Double = 0) throws(QueueError) -> [RESPValue] {
        let replies = try pipelineAllowingErrors(commands, blockingFor: blockingFor)
        for (command, reply) in zip(commands, replies) {
            if case .error(let message) = reply { throw .reply(command.name, message) }
        }
        return replies
    }

    /// Like `pipeline`, but error replies come back as `.error` values in place.
    public func pipelineAllowingErrors(_ commands: [RedisCommand], blockingFor: Double = 0) throws(QueueError)
        -> [RESPValue]
    {
        guard !commands.isEmpty else { return [] }
        var failedAt: Deadline?
        var backoff = options.backoff
        var lastError = QueueError.connectionLost(url.address, "not connected", 0)
        while true {
            do throws(QueueError) {
                let live: RedisConnection
                if let connection { live = connection } else { live = try connect() }
                connection = live
                roundTrips += 1
                commandsSent += commands.count
                let replies = try live.roundTrip(commands, timeout: options.commandTimeout + blockingFor)
                // A restarted server answers everything with LOADING until its data is back in
                // memory; nothing ran, so waiting and sending again is safe.
                if case .error(let message)? = replies.first(where: { $0.isLoadingError }) {
                    throw QueueError.connectionLost(url.address, message, 0)
                }
                if failedAt != nil { log?("reconnected to \(url)") }
                return replies
            } catch {
                guard error.isConnectionFailure else { throw error }
                connection = nil
                lastError = error
                if failedAt == nil {
                    failedAt = Deadline(seconds: options.reconnectFor)
                    log?("lost the connection to Redis at \(url.address) (\(RedisClient.reason(error))); "
                         + "waiting for it, reconnecting for up to \(formatSeconds(options.reconnectFor))")
                }
                guard let deadline = failedAt, deadline.remainingMilliseconds > 0 else { break }
                let pause = min(backoff.next(), Double(deadline.remainingMilliseconds) / 1000)
                sleepSeconds(pause)
            }
        }
        throw .connectionLost(url.address, RedisClient.reason(lastError), options.reconnectFor)
    }

    /// The cause inside a connection error, without the address around it.
    private static func reason(_ error: QueueError) -> String {
        switch error {
        case .cannotConnect(_, let r), .connectionLost(_, let r, _): return r
        case .timedOut(_, let command, let seconds): return "no answer to \(command) within \(formatSeconds(seconds))"
        default: return error.description
        }
    }

    /// Drops the connection (the next command reconnects).
    public func disconnect() { connection = nil }

    /// The server's version from `INFO server`, e.g. "7.0.15".
    public func serverVersion() throws(QueueError) -> String {
        let command = RedisCommand("INFO", "server")
        guard let text = try send(command).string else { throw .unexpectedReply(command.name, "not a string") }
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("redis_version:") {
            return String(line.dropFirst("redis_version:".count))
        }
        throw .unexpectedReply(command.name, "no redis_version line")
    }

    /// Throws `serverTooOld` unless the server has BLMOVE (6.2+).
    public func requireBLMOVE() throws(QueueError) {
        let version = try serverVersion()
        let parts = version.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2, (parts[0], parts[1]) >= (6, 2) else { throw .serverTooOld(url.address, version) }
    }

    private func connect() throws(QueueError) -> RedisConnection {
        try RedisConnection(url: url, connectTimeout: options.connectTimeout, commandTimeout: options.commandTimeout)
    }
}

func sleepSeconds(_ seconds: Double) {
    guard seconds > 0 else { return }
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
}
