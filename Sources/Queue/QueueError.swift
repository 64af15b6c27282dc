
/// Everything that can go wrong talking to Redis or running queue jobs, worded in one place.
public enum QueueError: Error, CustomStringConvertible, Equatable {
    /// A `--redis` URL that does not parse: (url, what is wrong).
    case badURL(String, String)
    /// The server could not be reached at all: (host:port, reason).
    case cannotConnect(String, String)
    /// The server rejected AUTH: (host:port, the server's message).
    case authenticationFailed(String, String)
    /// The connection dropped and reconnecting kept failing: (host:port, last reason, seconds spent retrying).
    case connectionLost(String, String, Double)
    /// No reply within the time allowed: (host:port, command, seconds).
    case timedOut(String, String, Double)
    /// The server answered a command with an error reply: (command, message).
    case reply(String, String)
    /// A reply of a shape the command never returns: (command, what arrived).
    case unexpectedReply(String, String)
    /// The byte stream is not RESP2 (the peer is not Redis, or the stream is corrupt).
    case protocolViolation(String)
    /// The server is older than the commands we need: (host:port, its version).
    case serverTooOld(String, String)
    /// A queue message that does not decode: (what is wrong).
    case badMessage(String)
    /// A job's payload does not hold what its handler needs: (job id, what is wrong).
    case badJob(String, String)
    /// An agent ran the job and reported a failure: (job id, the stage and its error).
    case jobFailed(String, String)

    public var description: String {
        switch self {
        case .badURL(let url, let why):
            return "invalid Redis URL '\(url)': \(why)\nhint: the form is redis://[:password@]host:port/db"
        case .cannotConnect(let address, let reason):
            return "cannot connect to Redis at \(address): \(reason)\n"
                + "hint: start a server there ('redis-server --port \(address.split(separator: ":").last ?? "6379")') "
                + "or pass the right --redis URL"
        case .authenticationFailed(let address, let message):
            return "Redis at \(address) rejected the password: \(message)\n"
                + "hint: put the password in the URL as redis://:PASSWORD@host:port/db"
        case .connectionLost(let address, let reason, let seconds):
            return "lost the connection to Redis at \(address) and could not reconnect within "
                + "\(formatSeconds(seconds)): \(reason)"
        case .timedOut(let address, let command, let seconds):
            return "Redis at \(address) did not answer \(command) within \(formatSeconds(seconds))"
        case .reply(let command, let message):
            return "Redis rejected \(command): \(message)"
        case .unexpectedReply(let command, let what):
            return "unexpected reply to \(command): \(what)"
        case .protocolViolation(let what):
            return "not a Redis reply: \(what)"
        case .serverTooOld(let address, let version):
            return "Redis at \(address) is version \(version); Shears needs 6.2 or newer (for BLMOVE)"
        case .badMessage(let what):
            return "malformed queue message: \(what)"
        case .badJob(let id, let what):
            return "job \(id): \(what)"
        case .jobFailed(let id, let what):
            return "job \(id): \(what)"
        }
    }

    /// Whether the error means the user pointed us at the wrong place (exit status 2)
    /// rather than a job or a connection failing while running (exit status 1).
    public var isBadInput: Bool {
        switch self {
        case .badURL, .cannotConnect, .authenticationFailed, .serverTooOld: return true
        default: return false
        }
    }

    /// Whether reconnecting and sending the command again may help.
    var isConnectionFailure: Bool {
        switch self {
        case .cannotConnect, .connectionLost, .timedOut, .protocolViolation: return true
        default: return false
        }
    }
}

func formatSeconds(_ s: Double) -> String {
    s == s.rounded() ? "\(Int(s)) s" : "\((s * 10).rounded() / 10) s"
}
