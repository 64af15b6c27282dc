import Tuning

/// Everything that can go wrong talking to Redis or running queue jobs, worded in one place.
public enum QueueError: Error, CustomStringConvertible, Equatable {
    /// A `--redis` URL that does not parse: (url, what is wrong).
    case badURL(String, String)
    /// `--redis-password-file` cannot be used: (path, why).
    case badPasswordFile(String, String)
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
    /// SELECT refused the URL's database number: (host:port, database, the server's message).
    case badDatabase(String, Int, String)
    /// The server is older than the commands we need: (host:port, its version).
    case serverTooOld(String, String)
    /// A queue message that does not decode: (what is wrong).
    case badMessage(String)
    /// A job's payload does not hold what its handler needs: (job id, what is wrong).
    case badJob(String, String)
    /// A queued job whose bytes do not decode as a message: (job id, why). The agent answers
    /// it with a failure result and keeps serving.
    case poisonJob(String, String)
    /// An agent ran the job and reported a failure: (job id, the stage and its error).
    case jobFailed(String, String)
    /// An agent could not run the job for a reason of its machine (disk full, runtime missing):
    /// (job id, the stage and its error). The sweep stops; the trial is not lost.
    case agentInfrastructure(String, String)

    public var description: String {
        switch self {
        case .badURL(let url, let why):
            return "invalid Redis URL '\(url)': \(why)\nhint: the form is redis://[:password@]host:port/db"
        case .badPasswordFile(let path, let why):
            return "cannot read the Redis password from '\(path)': \(why)"
        case .cannotConnect(let address, let reason):
            return "cannot connect to Redis at \(address): \(reason)\n"
                + "hint: start a server there ('redis-server --port \(address.split(separator: ":").last ?? "6379")') "
                + "or pass the right --redis URL"
        case .authenticationFailed(let address, let message):
            return "Redis at \(address) rejected the password: \(message)\n"
                + "hint: pass the password with --redis-password-file FILE or $SHEARS_REDIS_PASSWORD "
                + "(or $REDISCLI_AUTH); in the URL (redis://:PASSWORD@host:port/db) every local user sees it in ps"
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
        case .badDatabase(let address, let database, let message):
            return "Redis at \(address) has no database \(database): \(message)\n"
                + "hint: the URL's /db must be below the server's 'databases' setting (16 by default)"
        case .serverTooOld(let address, let version):
            return "Redis at \(address) is version \(version); Shears needs 6.2 or newer (for BLMOVE)"
        case .badMessage(let what):
            return "malformed queue message: \(what)"
        case .badJob(let id, let what):
            return "job \(id): \(what)"
        case .poisonJob(let id, let what):
            return "job \(id) cannot be read: \(what)"
        case .jobFailed(let id, let what), .agentInfrastructure(let id, let what):
            return "job \(id): \(what)"
        }
    }

    /// Whether the error means the user pointed us at the wrong place (exit status 2)
    /// rather than a job or a connection failing while running (exit status 1).
    public var isBadInput: Bool {
        switch self {
        case .badURL, .badPasswordFile, .cannotConnect, .authenticationFailed, .badDatabase, .serverTooOld: return true
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

extension QueueError: InfrastructureFailure {
    /// Redis unreachable, gone or misconfigured, or an agent's machine failing: not the trial's fault.
    public var isInfrastructure: Bool {
        switch self {
        case .badURL, .badPasswordFile, .cannotConnect, .authenticationFailed, .badDatabase, .connectionLost, .timedOut,
             .reply, .unexpectedReply, .protocolViolation, .serverTooOld, .agentInfrastructure:
            return true
        case .badMessage, .badJob, .poisonJob, .jobFailed:
            return false
        }
    }
}
