
/// One RESP2 reply as the server sends it. Bulk strings stay bytes (a model is several MB
/// of binary); `string` decodes them as UTF-8 only when a caller asks.
public enum RESPValue: Equatable, Sendable {
    /// `+OK\r\n`
    case simpleString(String)
    /// `-ERR message\r\n`: kept as a value by the decoder; `RedisClient` turns it into
    /// `QueueError.reply` naming the command that caused it.
    case error(String)
    /// `:42\r\n`
    case integer(Int)
    /// `$3\r\nfoo\r\n`
    case bulkString([UInt8])
    /// `$-1\r\n` or `*-1\r\n` (RESP2 has two spellings of "nothing"; callers never need to tell them apart).
    case null
    /// `*2\r\n…`
    case array([RESPValue])

    /// Simple and bulk strings as text; nil for anything else.
    public var string: String? {
        switch self {
        case .simpleString(let s): return s
        case .bulkString(let b): return String(decoding: b, as: UTF8.self)
        default: return nil
        }
    }

    /// Bulk (or simple) string bytes; nil for anything else.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let b): return b
        case .simpleString(let s): return Array(s.utf8)
        default: return nil
        }
    }

    public var int: Int? { if case .integer(let i) = self { return i } else { return nil } }
    public var array: [RESPValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var isNull: Bool { self == .null }

    /// `-LOADING …`: the server has just started and is still reading its data set.
    var isLoadingError: Bool {
        if case .error(let message) = self { return message.hasPrefix("LOADING") }
        return false
    }
}
