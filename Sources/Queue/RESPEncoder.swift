
/// Writes RESP2. Clients only ever send commands (arrays of bulk strings); the general
/// `append(_:to:)` exists so tests and the decoder's verifier can produce any reply.
public enum RESPEncoder {
    /// Appends `*N\r\n$len\r\narg\r\n…`, the only form a Redis server accepts from clients
    /// that is binary-safe.
    /// - Complexity: O(total argument bytes); one reservation, no intermediate copies.
    public static func append(command arguments: [[UInt8]], to buffer: inout [UInt8]) {
        buffer.reserveCapacity(buffer.count + arguments.reduce(16) { $0 + $1.count + 16 })
        appendHeader(UInt8(ascii: "*"), arguments.count, to: &buffer)
        for argument in arguments {
            appendHeader(UInt8(ascii: "$"), argument.count, to: &buffer)
            buffer.append(contentsOf: argument)
            buffer.append(contentsOf: crlf)
        }
    }

    /// Appends any value in its wire form (what a server would send).
    public static func append(_ value: RESPValue, to buffer: inout [UInt8]) {
        switch value {
        case .simpleString(let s): appendLine(UInt8(ascii: "+"), s, to: &buffer)
        case .error(let s): appendLine(UInt8(ascii: "-"), s, to: &buffer)
        case .integer(let i): appendLine(UInt8(ascii: ":"), String(i), to: &buffer)
        case .null: buffer.append(contentsOf: Array("$-1\r\n".utf8))
        case .bulkString(let bytes):
            appendHeader(UInt8(ascii: "$"), bytes.count, to: &buffer)
            buffer.append(contentsOf: bytes)
            buffer.append(contentsOf: crlf)
        case .array(let items):
            appendHeader(UInt8(ascii: "*"), items.count, to: &buffer)
            for item in items { append(item, to: &buffer) }
        }
    }

    /// The wire form of one value.
    public static func encode(_ value: RESPValue) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }

    private static let crlf: [UInt8] = [0x0D, 0x0A]

    private static func appendHeader(_ type: UInt8, _ count: Int, to buffer: inout [UInt8]) {
        buffer.append(type)
        buffer.append(contentsOf: String(count).utf8)
        buffer.append(contentsOf: crlf)
    }

    private static func appendLine(_ type: UInt8, _ text: String, to buffer: inout [UInt8]) {
        buffer.append(type)
        buffer.append(contentsOf: text.utf8)
        buffer.append(contentsOf: crlf)
    }
}
