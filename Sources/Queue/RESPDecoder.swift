
/// Incremental RESP2 decoder: feed it whatever bytes the socket produced, take complete
/// replies out. A reply split across reads, or several replies in one read (pipelining),
/// are the normal case, not the exception.
///
/// Bytes stay in one buffer with a read index; consumed bytes are dropped in bulk once they
/// outweigh the rest, so a multi-MB bulk string arriving in 64 KiB reads costs O(size), not
/// O(size²): until the whole body is there, `next()` parses only the `$N` header.
public struct RESPDecoder: Sendable {
    private var buffer: [UInt8] = []
    private var start = 0
    /// Refuse bulk strings larger than this (Redis' own limit is 512 MB).
    public var maxBulkLength = 512 << 20
    /// Refuse arrays nested deeper than this (no Redis reply nests more than a few levels).
    public var maxDepth = 32

    public init() {}

    /// Bytes received but not yet returned as part of a reply.
    public var bufferedByteCount: Int { buffer.count - start }

    public mutating func feed<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete reply, or nil when more bytes are needed. A malformed stream
    /// throws `QueueError.protocolViolation`; the connection must then be dropped.
    public mutating func next() throws(QueueError) -> RESPValue? {
        var index = start
        guard let value = try parse(at: &index, depth: 0) else { return nil }
        start = index
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 1 << 20)
            start = 0
        }
        return value
    }

    /// Drops everything buffered (after a reconnect the old stream means nothing).
    public mutating func reset() {
        buffer = []
        start = 0
    }

    private mutating func compactIfWorthIt() {
        if start > 4096 && start * 2 > buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    // MARK: - Parsing

    private func parse(at index: inout Int, depth: Int) throws(QueueError) -> RESPValue? {
        guard index < buffer.count else { return nil }
        let type = buffer[index]
        guard let line = try lineEnd(from: index + 1) else { return nil }
        let body = index + 1..<line
        var next = line + 2
        let value: RESPValue
        switch type {
        case UInt8(ascii: "+"):
            value = .simpleString(String(decoding: buffer[body], as: UTF8.self))
        case UInt8(ascii: "-"):
            value = .error(String(decoding: buffer[body], as: UTF8.self))
        case UInt8(ascii: ":"):
            value = .integer(try integer(body, what: "integer"))
        case UInt8(ascii: "$"):
            let length = try integer(body, what: "bulk string length")
            if length == -1 {
                value = .null
                break
            }
            guard length >= 0 else { throw .protocolViolation("negative bulk string length \(length)") }
            guard length <= maxBulkLength else {
                throw .protocolViolation("bulk string of \(length) bytes exceeds the limit of \(maxBulkLength)")
            }
            guard buffer.count - next >= length + 2 else { return nil }
            guard buffer[next + length] == 0x0D, buffer[next + length + 1] == 0x0A else {
                throw .protocolViolation("bulk string of \(length) bytes not followed by CRLF")
            }
            value = .bulkString(Array(buffer[next..<next + length]))
            next += length + 2
        case UInt8(ascii: "*"):
            let count = try integer(body, what: "array length")
            if count == -1 {
                value = .null
                break
            }
            guard count >= 0 else { throw .protocolViolation("negative array length \(count)") }
            guard depth < maxDepth else { throw .protocolViolation("arrays nested deeper than \(maxDepth)") }
            var items: [RESPValue] = []
            items.reserveCapacity(min(count, 1024))
            for _ in 0..<count {
                guard let item = try parse(at: &next, depth: depth + 1) else { return nil }
                items.append(item)
            }
            value = .array(items)
        default:
            throw .protocolViolation("unexpected type byte 0x\(String(type, radix: 16)) at the start of a reply")
        }
        index = next
        return value
    }

    /// Index of the CR of the first CRLF at or after `from`, nil when none has arrived yet.
    private func lineEnd(from: Int) throws(QueueError) -> Int? {
        var i = from
        while i + 1 < buffer.count {
            if buffer[i] == 0x0D {
                guard buffer[i + 1] == 0x0A else { throw .protocolViolation("CR not followed by LF in a reply line") }
                return i
            }
            i += 1
        }
        return nil
    }

    private func integer(_ range: Range<Int>, what: String) throws(QueueError) -> Int {
        let text = String(decoding: buffer[range], as: UTF8.self)
        guard let value = Int(text) else { throw .protocolViolation("\(what) '\(text)' is not an integer") }
        return value
    }
}
