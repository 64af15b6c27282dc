
/// One logged-in connection: a socket, its decoder, and the AUTH/SELECT handshake. It does
/// not reconnect; `RedisClient` replaces a broken connection with a new one.
final class RedisConnection {
    let url: RedisURL
    private let socket: RedisSocket
    private var decoder = RESPDecoder()
    private var output: [UInt8] = []

    /// Connects, then sends AUTH (when the URL has a password) and SELECT in one round trip.
    init(url: RedisURL, connectTimeout: Double, commandTimeout: Double) throws(QueueError) {
        self.url = url
        socket = try RedisSocket.connect(host: url.host, port: url.port, address: url.address, timeout: connectTimeout)
        var handshake: [RedisCommand] = []
        if let password = url.password {
            handshake.append(url.user.map { RedisCommand("AUTH", $0, password) } ?? RedisCommand("AUTH", password))
        }
        if url.database != 0 { handshake.append(RedisCommand("SELECT", url.database)) }
        guard !handshake.isEmpty else { return }
        let replies = try roundTrip(handshake, timeout: commandTimeout)
        for (command, reply) in zip(handshake, replies) {
            guard case .error(let message) = reply else { continue }
            if command.name == "AUTH" { throw .authenticationFailed(url.address, message) }
            if command.name == "SELECT" { throw .badDatabase(url.address, url.database, message) }
            throw .reply(command.name, message)
        }
    }

    /// Writes all commands in one go, then reads exactly one reply per command (pipelining:
    /// one network round trip however many commands). Error replies come back as `.error`
    /// values; only transport failures throw.
    func roundTrip(_ commands: [RedisCommand], timeout: Double) throws(QueueError) -> [RESPValue] {
        let label = commands.count == 1 ? commands[0].name : "a pipeline of \(commands.count) commands"
        let deadline = Deadline(seconds: timeout)
        output.removeAll(keepingCapacity: true)
        for command in commands { RESPEncoder.append(command: command.arguments, to: &output) }
        try socket.write(output, deadline: deadline, command: label)
        if output.capacity > 1 << 20 { output = [] }  // do not pin a model-sized buffer
        var replies: [RESPValue] = []
        replies.reserveCapacity(commands.count)
        while replies.count < commands.count {
            let next: RESPValue?
            do { next = try decoder.next() } catch {
                // The decoder knows what broke but not who sent it.
                if case .protocolViolation(let what) = error { throw .protocolViolation("\(what) (from \(url.address))") }
                throw error
            }
            if let reply = next {
                if case .error(let message) = reply, message.hasPrefix("NOAUTH") {
                    throw .authenticationFailed(url.address, message)
                }
                replies.append(reply)
                continue
            }
            try socket.read(into: &decoder, deadline: deadline, command: label)
        }
        return replies
    }
}
