import ONNX
import Testing

/// Golden encodings from the protobuf encoding guide and protowire's `wire_test.go`.
struct ProtobufWriterTests {
    static let varints: [(value: UInt64, hex: String)] = [
        (0, "00"), (1, "01"), (0x7f, "7f"), (0x80, "8001"), (300, "ac02"), (0x3fff, "ff7f"), (0x4000, "808001"),
        (0x1f_ffff, "ffff7f"), (0x20_0000, "80808001"), (UInt64(Int64.max), "ffffffffffffffff7f"),
        (UInt64(bitPattern: -1), "ffffffffffffffffff01"),
    ]

    @Test(arguments: varints)
    func varintAtEachBoundary(value: UInt64, hex: String) {
        var w = ProtobufWriter()
        w.appendVarint(value)
        #expect(w.bytes.hex == hex, "varint \(value)")
        #expect(ProtobufWriter.sizeVarint(value) == w.bytes.count, "size of varint \(value)")
    }

    @Test func fixedWidthValuesAreLittleEndian() {
        var w = ProtobufWriter()
        w.appendFixed32(0x1234_5678)
        w.appendFixed64(0x0102_0304_0506_0708)
        #expect(w.bytes.hex == "78563412" + "0807060504030201")
        #expect(ProtobufWriter.sizeFixed32() + ProtobufWriter.sizeFixed64() == w.bytes.count)
    }

    @Test func tagsCombineFieldNumberAndWireType() {
        let cases: [(Int, WireType, String)] = [
            (1, .varint, "08"), (1, .fixed64, "09"), (2, .lengthDelimited, "12"), (1, .fixed32, "0d"),
            (15, .lengthDelimited, "7a"), (16, .lengthDelimited, "8201"), (20, .varint, "a001"),
            (536_870_911, .varint, "f8ffffff0f"),
        ]
        for (field, wireType, hex) in cases {
            var w = ProtobufWriter()
            w.appendTag(field, wireType)
            #expect(w.bytes.hex == hex, "tag \(field) \(wireType)")
            #expect(ProtobufWriter.sizeTag(field) == w.bytes.count, "size of tag \(field)")
        }
    }

    @Test func lengthDelimitedPayloadsArePrefixedWithTheirLength() {
        var w = ProtobufWriter()
        w.appendBytes(Array("testing".utf8))
        #expect(w.bytes.hex == "0774657374696e67")
        #expect(ProtobufWriter.sizeBytes(7) == w.bytes.count)

        var long = ProtobufWriter()
        long.appendBytes([UInt8](repeating: 0xab, count: 200))
        #expect(long.bytes.prefix(3).hex == "c801ab")
        #expect(ProtobufWriter.sizeBytes(200) == long.bytes.count)
    }

    /// The encoding guide's packed example: `repeated int32 f = 4 [packed]` holding 3, 270, 86942.
    @Test func packedVarintsShareOneLengthPrefix() {
        var w = ProtobufWriter()
        w.appendTag(4, .lengthDelimited)
        w.appendPackedVarints([3, 270, 86942])
        #expect(w.bytes.hex == "2206038e029ea705")
        #expect(ProtobufWriter.sizeTag(4) + ProtobufWriter.sizePackedVarints([3, 270, 86942]) == w.bytes.count)
    }

    @Test func packedFixed32() {
        var w = ProtobufWriter()
        w.appendPackedFixed32([Float(1).bitPattern, Float(2).bitPattern])
        #expect(w.bytes.hex == "080000803f00000040")
        #expect(ProtobufWriter.sizePackedFixed32(count: 2) == w.bytes.count)
    }

    @Test func nestedMessagesAreWrittenInPlaceAfterTheirLength() {
        var w = ProtobufWriter()
        w.appendTag(3, .lengthDelimited)
        w.appendMessage(size: 3) { inner in
            inner.appendTag(1, .varint)
            inner.appendVarint(150)
        }
        #expect(w.bytes.hex == "1a03089601")  // the guide's `Test3 { Test1 c = 3 }` example
    }
}

extension Collection<UInt8> {
    var hex: String { map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }
}

extension Array<UInt8> {
    /// Bytes from hex digits; spaces may group them for readability.
    init(hex spaced: String) {
        let hex = spaced.filter { $0 != " " }
        var bytes = [UInt8]()
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            bytes.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        self = bytes
    }
}
