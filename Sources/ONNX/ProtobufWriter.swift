
/// How a field's payload is framed on the wire: the low three bits of every tag.
/// Groups (3, 4) are deprecated and never written; the reader rejects them by number.
public enum WireType: UInt8, Sendable, CustomStringConvertible {
    case varint = 0
    case fixed64 = 1
    case lengthDelimited = 2
    case fixed32 = 5

    public var description: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .fixed32: "fixed32"
        }
    }
}

/// Appends protobuf wire-format primitives to a byte buffer.
///
/// Modelled on protobuf-go's `protowire`: every `append…` has a matching static `size…`
/// so a message can compute its exact length before writing it, and nested messages are
/// written straight into the parent's buffer (length prefix first) instead of being
/// encoded twice or copied. Fields are written in field-number order by the callers,
/// which is what `SerializeToString` does, so our bytes equal Python's re-serialisation.
public struct ProtobufWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: - Scalars

    /// Base-128 varint, least significant group first, high bit set on all but the last byte.
    public mutating func appendVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// 1 byte per started group of 7 bits; 10 bytes for values with the top bit set
    /// (negative int64 values, which protobuf sign-extends to 64 bits).
    public static func sizeVarint(_ value: UInt64) -> Int {
        max(1, (64 - value.leadingZeroBitCount + 6) / 7)
    }

    public mutating func appendFixed32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public static func sizeFixed32() -> Int { 4 }

    public mutating func appendFixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public static func sizeFixed64() -> Int { 8 }

    // MARK: - Tags and length-delimited payloads

    /// The key that precedes every field: `field << 3 | wireType`, as a varint.
    public mutating func appendTag(_ field: Int, _ wireType: WireType) {
        precondition(field >= 1 && field <= 536_870_911, "protobuf field numbers are 1...2^29-1, got \(field)")
        appendVarint(UInt64(field) << 3 | UInt64(wireType.rawValue))
    }

    public static func sizeTag(_ field: Int) -> Int { sizeVarint(UInt64(field) << 3) }

    /// A length prefix followed by the bytes themselves (strings, `bytes`, raw tensor data).
    public mutating func appendBytes<C: Collection>(_ payload: C) where C.Element == UInt8 {
        appendVarint(UInt64(payload.count))
        bytes.append(contentsOf: payload)
    }

    /// The framed size of a payload of `count` bytes: its length prefix plus the bytes.
    public static func sizeBytes(_ count: Int) -> Int { sizeVarint(UInt64(count)) + count }

    /// Writes a nested message whose size the caller computed with the matching `size…`
    /// functions; `body` must append exactly `size` bytes (checked, since a wrong length
    /// prefix would silently corrupt everything after it).
    public mutating func appendMessage(size: Int, _ body: (inout ProtobufWriter) -> Void) {
        appendVarint(UInt64(size))
        let start = bytes.count
        body(&self)
        precondition(bytes.count - start == size, "nested message wrote \(bytes.count - start) bytes, announced \(size)")
    }

    // MARK: - Packed repeated fields

    /// Packed repeated varints: one length-delimited payload holding the bare values
    /// (the proto3 default, and what `[packed = true]` fields such as `int64_data` use).
    public mutating func appendPackedVarints(_ values: [UInt64]) {
        appendVarint(UInt64(values.reduce(0) { $0 + Self.sizeVarint($1) }))
        for v in values { appendVarint(v) }
    }

    public static func sizePackedVarints(_ values: [UInt64]) -> Int {
        sizeBytes(values.reduce(0) { $0 + sizeVarint($1) })
    }

    /// Packed repeated fixed32 values (packed `float` fields such as `float_data`).
    public mutating func appendPackedFixed32(_ values: [UInt32]) {
        appendVarint(UInt64(values.count * 4))
        for v in values { appendFixed32(v) }
    }

    public static func sizePackedFixed32(count: Int) -> Int { sizeBytes(count * 4) }
}
