import ONNX
import Testing

struct ProtobufReaderTests {
    /// Reads every field generically by wire type, as a schema-less dump would.
    static func dump(_ hex: String) throws -> [String] {
        var r = ProtobufReader([UInt8](hex: hex), message: "M")
        var fields = [String]()
        while let f = try r.nextField() {
            switch f.wireType {
            case .varint: fields.append("\(f.number):\(try r.readVarint(f))")
            case .fixed32: fields.append("\(f.number):f32 \(try r.readFixed32(f))")
            case .fixed64: fields.append("\(f.number):f64 \(try r.readFixed64(f))")
            case .lengthDelimited: fields.append("\(f.number):\(try r.readBytes(f).hex)")
            }
        }
        return fields
    }

    @Test(arguments: ProtobufWriterTests.varints)
    func varintsRoundTrip(value: UInt64, hex: String) throws {
        #expect(try Self.dump("08" + hex) == ["1:\(value)"])
    }

    @Test func readsEveryWireType() throws {
        #expect(try Self.dump("089601" + "0d78563412" + "090807060504030201" + "1203616263") == [
            "1:150", "1:f32 305419896", "1:f64 72623859790382856", "2:616263",
        ])
    }

    @Test func acceptsPackedAndUnpackedRepeatedScalars() throws {
        var r = ProtobufReader([UInt8](hex: "0803" + "0a05" + "8e029ea705" + "0807"), message: "M")
        var values = [UInt64]()
        while let f = try r.nextField() { try r.readRepeatedVarints(f, into: &values) }
        #expect(values == [3, 270, 86942, 7])
    }

    struct Malformed: CustomTestStringConvertible, Sendable {
        var id: String
        var hex: String
        var expected: String
        var testDescription: String { id }

        static let all: [Malformed] = [
            .init(id: "input ends inside a tag", hex: "80",
                  expected: "M: tag at byte 0 is truncated (the message ends inside it)"),
            .init(id: "input ends inside a varint value", hex: "0880",
                  expected: "M: varint of field 1 at byte 1 is truncated (the message ends inside it)"),
            .init(id: "fixed32 value cut short", hex: "0d0102",
                  expected: "M: field 1 at byte 0 needs 4 bytes but only 2 remain"),
            .init(id: "fixed64 value cut short", hex: "0901",
                  expected: "M: field 1 at byte 0 needs 8 bytes but only 1 remain"),
            .init(id: "length prefix missing", hex: "12",
                  expected: "M: varint of field 2 at byte 1 is truncated (the message ends inside it)"),
            .init(id: "payload shorter than its length", hex: "08011203 61",
                  expected: "M: field 2 at byte 2 needs 3 bytes but only 1 remain"),
            .init(id: "length larger than any buffer", hex: "12ffffffffffffffff7f",
                  expected: "M: field 2 at byte 0 needs 9223372036854775807 bytes but only 0 remain"),
            .init(id: "varint longer than 10 bytes", hex: "08ffffffffffffffffffff01",
                  expected: "M: varint of field 1 at byte 1 is longer than 10 bytes or overflows 64 bits"),
            .init(id: "tenth varint byte above 1", hex: "08ffffffffffffffffff02",
                  expected: "M: varint of field 1 at byte 1 is longer than 10 bytes or overflows 64 bits"),
            .init(id: "field number zero", hex: "0001",
                  expected: "M: invalid field number 0 in the tag at byte 0"),
            .init(id: "start-group wire type", hex: "0801 0b",
                  expected: "M: field 1 at byte 2 uses wire type 3 (deprecated groups), which is not supported"),
            .init(id: "undefined wire type", hex: "0f",
                  expected: "M: field 1 at byte 0 uses wire type 7 (undefined)"),
        ]
    }

    @Test(arguments: Malformed.all)
    func malformedInputNamesFieldAndOffset(_ c: Malformed) {
        let error = #expect(throws: ONNXError.self) { try Self.dump(c.hex) }
        #expect(error?.description == c.expected)
    }
}
