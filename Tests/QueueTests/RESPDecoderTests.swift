import Queue
import ShearsTestSupport
import Testing

/// Every reply is fed three ways (NIO's ByteToMessageDecoderVerifier): whole, one byte at a
/// time, and concatenated with all the others; each way must yield the same values.
struct RESPDecoderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var wire: String
        var expected: RESPValue
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "a simple string", wire: "+OK\r\n", expected: .simpleString("OK")),
        Case(id: "an empty simple string", wire: "+\r\n", expected: .simpleString("")),
        Case(id: "an error reply keeps its whole message", wire: "-WRONGTYPE Operation against a key\r\n",
             expected: .error("WRONGTYPE Operation against a key")),
        Case(id: "a positive integer", wire: ":1000\r\n", expected: .integer(1000)),
        Case(id: "a negative integer", wire: ":-2\r\n", expected: .integer(-2)),
        Case(id: "a bulk string", wire: "$5\r\nhello\r\n", expected: .bulkString(Array("hello".utf8))),
        Case(id: "an empty bulk string", wire: "$0\r\n\r\n", expected: .bulkString([])),
        Case(id: "a bulk string holding CRLF is binary-safe", wire: "$4\r\na\r\nb\r\n",
             expected: .bulkString(Array("a\r\nb".utf8))),
        Case(id: "a null bulk string", wire: "$-1\r\n", expected: .null),
        Case(id: "a null array", wire: "*-1\r\n", expected: .null),
        Case(id: "an empty array", wire: "*0\r\n", expected: .array([])),
        Case(id: "a mixed array", wire: "*3\r\n:1\r\n$3\r\nfoo\r\n+bar\r\n",
             expected: .array([.integer(1), .bulkString(Array("foo".utf8)), .simpleString("bar")])),
        Case(id: "a nested array with a null inside", wire: "*2\r\n*1\r\n$-1\r\n*2\r\n:1\r\n-ERR x\r\n",
             expected: .array([.array([.null]), .array([.integer(1), .error("ERR x")])])),
    ]

    @Test(arguments: cases) func decodesWhole(_ c: Case) throws {
        var decoder = RESPDecoder()
        decoder.feed(Array(c.wire.utf8))
        #expect(try decoder.next() == c.expected)
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test(arguments: cases) func decodesOneByteAtATime(_ c: Case) throws {
        var decoder = RESPDecoder()
        let bytes = Array(c.wire.utf8)
        for (i, byte) in bytes.enumerated() {
            decoder.feed([byte])
            let value = try decoder.next()
            if i < bytes.count - 1 {
                #expect(value == nil, "complete after only \(i + 1) of \(bytes.count) bytes")
            } else {
                #expect(value == c.expected)
            }
        }
        #expect(decoder.bufferedByteCount == 0)
    }

    @Test func decodesAllRepliesConcatenated() throws {
        var decoder = RESPDecoder()
        decoder.feed(RESPDecoderTests.cases.flatMap { Array($0.wire.utf8) })
        for c in RESPDecoderTests.cases { #expect(try decoder.next() == c.expected, "\(c.id)") }
        #expect(try decoder.next() == nil)
    }

    @Test func decodesConcatenatedRepliesInOddChunks() throws {
        let stream = RESPDecoderTests.cases.flatMap { Array($0.wire.utf8) }
        for chunk in [2, 3, 7, 11] {
            var decoder = RESPDecoder()
            var decoded: [RESPValue] = []
            var offset = 0
            while offset < stream.count {
                decoder.feed(stream[offset..<min(stream.count, offset + chunk)])
                offset += chunk
                while let value = try decoder.next() { decoded.append(value) }
            }
            #expect(decoded == RESPDecoderTests.cases.map(\.expected), "chunk \(chunk)")
        }
    }

    @Test func encoderOutputDecodesToTheSameValue() throws {
        var decoder = RESPDecoder()
        for c in RESPDecoderTests.cases {
            #expect(RESPEncoder.encode(c.expected) == Array(c.wire.utf8) || c.wire == "*-1\r\n", "\(c.id)")
            decoder.feed(RESPEncoder.encode(c.expected))
            #expect(try decoder.next() == c.expected, "\(c.id)")
        }
    }

    @Test func encodesACommandAsAnArrayOfBulkStrings() {
        var out: [UInt8] = []
        RESPEncoder.append(command: RedisCommand("SET", "key", [0, 13, 10], "PX", 500).arguments, to: &out)
        #expect(out == Array("*5\r\n$3\r\nSET\r\n$3\r\nkey\r\n$3\r\n".utf8) + [0, 13, 10]
            + Array("\r\n$2\r\nPX\r\n$3\r\n500\r\n".utf8))
    }

    @Test func aMultiMegabyteBulkStringArrivesInChunks() throws {
        let body = randomBytes(5 << 20, seed: 7)
        var wire: [UInt8] = []
        RESPEncoder.append(.bulkString(body), to: &wire)
        RESPEncoder.append(.integer(1), to: &wire)
        var decoder = RESPDecoder()
        var offset = 0
        var first: RESPValue?
        while first == nil {
            decoder.feed(wire[offset..<min(wire.count, offset + 65_536)])
            offset += 65_536
            first = try decoder.next()
        }
        #expect(first == .bulkString(body))
        #expect(try decoder.next() == .integer(1))
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var id: String
        var wire: String
        var message: String
        var testDescription: String { id }
    }

    static let malformed: [Malformed] = [
        Malformed(id: "an unknown type byte", wire: "?x\r\n",
                  message: "not a Redis reply: unexpected type byte 0x3f at the start of a reply"),
        Malformed(id: "an integer that is not a number", wire: ":12a\r\n",
                  message: "not a Redis reply: integer '12a' is not an integer"),
        Malformed(id: "a negative bulk length other than -1", wire: "$-5\r\n",
                  message: "not a Redis reply: negative bulk string length -5"),
        Malformed(id: "a bulk string longer than its length", wire: "$2\r\nabc\r\n",
                  message: "not a Redis reply: bulk string of 2 bytes not followed by CRLF"),
        Malformed(id: "a bare CR in a line", wire: "+O\rK\r\n",
                  message: "not a Redis reply: CR not followed by LF in a reply line"),
        Malformed(id: "an HTTP server instead of Redis", wire: "HTTP/1.1 400 Bad Request\r\n",
                  message: "not a Redis reply: unexpected type byte 0x48 at the start of a reply"),
    ]

    @Test(arguments: malformed) func malformedStreamsThrowNamingTheProblem(_ c: Malformed) {
        var decoder = RESPDecoder()
        decoder.feed(Array(c.wire.utf8))
        #expect(throws: QueueError.self) { try decoder.next() }
        do {
            _ = try decoder.next()
        } catch {
            #expect(error.description == c.message)
        }
    }
}
