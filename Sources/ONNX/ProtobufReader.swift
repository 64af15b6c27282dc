
/// A field key read from the wire, with where it started so errors can point at it.
public struct ProtobufField: Sendable, Equatable {
    public var number: Int
    public var wireType: WireType
    /// Byte offset of the tag from the start of the whole input (not of the nested message).
    public var offset: Int
}

/// Reads protobuf wire format from a byte buffer, one field at a time.
///
/// The reader never trusts a length: every varint, fixed value and length prefix is checked
/// against the end of the enclosing message, and failures say which message path, field
/// number and absolute byte offset broke (`ModelProto.graph.node: field 4 at byte 87: …`),
/// because a corrupt model file is otherwise undebuggable. Nested messages get a sub-reader
/// sharing the same buffer, so offsets stay absolute.
public struct ProtobufReader: Sendable {
    private let bytes: [UInt8]
    public private(set) var offset: Int
    private let end: Int
    /// Dotted path of the message being read (`ModelProto.graph.initializer`).
    public let message: String

    public init(_ bytes: [UInt8], message: String) {
        self.init(bytes: bytes, range: 0..<bytes.count, message: message)
    }

    private init(bytes: [UInt8], range: Range<Int>, message: String) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = range.upperBound
        self.message = message
    }

    public var isAtEnd: Bool { offset >= end }

    // MARK: - Tags

    /// The next field's key, or nil at the end of the message.
    public mutating func nextField() throws(ONNXError) -> ProtobufField? {
        guard offset < end else { return nil }
        let start = offset
        let key = try varint(field: nil)
        let number = key >> 3
        guard number >= 1, number <= 536_870_911 else {
            throw .invalidFieldNumber(message: message, number: number, offset: start)
        }
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw .unsupportedWireType(message: message, field: Int(number), wireType: Int(key & 7), offset: start)
        }
        return ProtobufField(number: Int(number), wireType: wireType, offset: start)
    }

    // MARK: - Values

    public mutating func readVarint(_ field: ProtobufField) throws(ONNXError) -> UInt64 {
        try expect(field, .varint)
        return try varint(field: field)
    }

    public mutating func readFixed32(_ field: ProtobufField) throws(ONNXError) -> UInt32 {
        try expect(field, .fixed32)
        return UInt32(truncatingIfNeeded: try fixed(field, width: 4))
    }

    public mutating func readFixed64(_ field: ProtobufField) throws(ONNXError) -> UInt64 {
        try expect(field, .fixed64)
        return try fixed(field, width: 8)
    }

    /// The payload of a length-delimited field, as a range of the underlying buffer.
    public mutating func readLengthDelimited(_ field: ProtobufField) throws(ONNXError) -> Range<Int> {
        try expect(field, .lengthDelimited)
        let length = try varint(field: field)
        let remaining = end - offset
        guard length <= UInt64(remaining) else {
            throw .truncated(message: message, field: field.number, offset: field.offset,
                             needed: length, remaining: remaining)
        }
        let range = offset..<(offset + Int(length))
        offset = range.upperBound
        return range
    }

    public mutating func readBytes(_ field: ProtobufField) throws(ONNXError) -> [UInt8] {
        Array(bytes[try readLengthDelimited(field)])
    }

    /// A `string` field; protobuf requires UTF-8, and a name that is not is a corrupt file.
    public mutating func readString(_ field: ProtobufField) throws(ONNXError) -> String {
        let range = try readLengthDelimited(field)
        guard let s = String(validating: bytes[range], as: UTF8.self) else {
            throw .invalidUTF8(message: message, field: field.number, offset: field.offset)
        }
        return s
    }

    /// A reader over a nested message's payload; `name` extends the message path for errors.
    public mutating func readMessage(_ field: ProtobufField, name: String) throws(ONNXError) -> ProtobufReader {
        let range = try readLengthDelimited(field)
        return ProtobufReader(bytes: bytes, range: range, message: "\(message).\(name)")
    }

    /// Appends one value or a packed run of varints: parsers must accept both encodings of a
    /// repeated scalar (onnx.proto's `dims` is unpacked, onnx.proto3's is packed).
    public mutating func readRepeatedVarints(_ field: ProtobufField, into values: inout [UInt64]) throws(ONNXError) {
        guard field.wireType == .lengthDelimited else { return values.append(try readVarint(field)) }
        var packed = ProtobufReader(bytes: bytes, range: try readLengthDelimited(field), message: message)
        while !packed.isAtEnd { values.append(try packed.varint(field: field)) }
    }

    /// Appends one value or a packed run of fixed32 values (`float_data`, `floats`).
    public mutating func readRepeatedFixed32(_ field: ProtobufField, into values: inout [UInt32]) throws(ONNXError) {
        guard field.wireType == .lengthDelimited else { return values.append(try readFixed32(field)) }
        let range = try readLengthDelimited(field)
        guard range.count % 4 == 0 else {
            throw .packedLengthNotMultiple(message: message, field: field.number, offset: field.offset,
                                           length: range.count, width: 4)
        }
        values.reserveCapacity(values.count + range.count / 4)
        var i = range.lowerBound
        while i < range.upperBound {
            values.append(UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
                          | UInt32(bytes[i + 3]) << 24)
            i += 4
        }
    }

    /// Skips a field this model does not need (doc strings, metadata, training info, …).
    public mutating func skip(_ field: ProtobufField) throws(ONNXError) {
        switch field.wireType {
        case .varint: _ = try varint(field: field)
        case .fixed32: _ = try fixed(field, width: 4)
        case .fixed64: _ = try fixed(field, width: 8)
        case .lengthDelimited: _ = try readLengthDelimited(field)
        }
    }

    // MARK: - Primitives

    private func expect(_ field: ProtobufField, _ wireType: WireType) throws(ONNXError) {
        guard field.wireType == wireType else {
            throw .wrongWireType(message: message, field: field.number, expected: wireType,
                                 found: field.wireType, offset: field.offset)
        }
    }

    /// At most 10 bytes; the 10th may only carry the 64th bit (as protowire checks).
    private mutating func varint(field: ProtobufField?) throws(ONNXError) -> UInt64 {
        let start = offset
        var value: UInt64 = 0
        for i in 0..<10 {
            guard offset < end else {
                throw .truncatedVarint(message: message, field: field?.number, offset: start)
            }
            let byte = bytes[offset]
            offset += 1
            if i == 9 && byte > 1 { break }
            value |= UInt64(byte & 0x7f) << (7 * UInt64(i))
            if byte < 0x80 { return value }
        }
        throw .varintOverflow(message: message, field: field?.number, offset: start)
    }

    private mutating func fixed(_ field: ProtobufField, width: Int) throws(ONNXError) -> UInt64 {
        guard end - offset >= width else {
            throw .truncated(message: message, field: field.number, offset: field.offset,
                             needed: UInt64(width), remaining: end - offset)
        }
        var value: UInt64 = 0
        for i in 0..<width { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
        offset += width
        return value
    }
}
