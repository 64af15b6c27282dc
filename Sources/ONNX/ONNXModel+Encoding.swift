import Foundation
import Network
import Support

// Field numbers from onnx.proto (they agree with onnx.proto3). Every message writes its
// fields in field-number order, repeated scalars unpacked except where onnx.proto says
// `[packed = true]` (float_data, int32_data, int64_data) — exactly what protobuf's
// SerializeToString emits for onnx.proto, so Python re-serialises our files byte for byte.

extension ProtobufWriter {
    mutating func appendField(_ field: Int, _ message: some ProtobufMessage) {
        appendTag(field, .lengthDelimited)
        appendMessage(size: message.encodedSize) { message.encode(to: &$0) }
    }

    mutating func appendField(_ field: Int, _ string: String) {
        appendTag(field, .lengthDelimited)
        appendBytes(string.utf8)
    }

    mutating func appendField(_ field: Int, varint: UInt64) {
        appendTag(field, .varint)
        appendVarint(varint)
    }

    /// Strings and integers equal to their default are omitted, as proto3 does.
    mutating func appendNonEmpty(_ field: Int, _ string: String) {
        if !string.isEmpty { appendField(field, string) }
    }

    mutating func appendNonZero(_ field: Int, _ value: Int64) {
        if value != 0 { appendField(field, varint: UInt64(bitPattern: value)) }
    }
}

/// Sizes matching the `ProtobufWriter` field helpers above.
enum FieldSize {
    static func message(_ field: Int, _ m: some ProtobufMessage) -> Int {
        ProtobufWriter.sizeTag(field) + ProtobufWriter.sizeBytes(m.encodedSize)
    }
    static func messages(_ field: Int, _ ms: [some ProtobufMessage]) -> Int { ms.reduce(0) { $0 + message(field, $1) } }
    static func string(_ field: Int, _ s: String) -> Int {
        ProtobufWriter.sizeTag(field) + ProtobufWriter.sizeBytes(s.utf8.count)
    }
    static func strings(_ field: Int, _ ss: [String]) -> Int { ss.reduce(0) { $0 + string(field, $1) } }
    static func varint(_ field: Int, _ v: UInt64) -> Int { ProtobufWriter.sizeTag(field) + ProtobufWriter.sizeVarint(v) }
    static func nonEmpty(_ field: Int, _ s: String) -> Int { s.isEmpty ? 0 : string(field, s) }
    static func nonZero(_ field: Int, _ v: Int64) -> Int { v == 0 ? 0 : varint(field, UInt64(bitPattern: v)) }
}

extension ModelProto: ProtobufMessage {
    public var encodedSize: Int {
        FieldSize.nonZero(1, irVersion) + FieldSize.nonEmpty(2, producerName) + FieldSize.nonEmpty(3, producerVersion)
            + FieldSize.nonEmpty(4, domain) + FieldSize.nonZero(5, modelVersion) + FieldSize.nonEmpty(6, docString)
            + FieldSize.message(7, graph) + FieldSize.messages(8, opsetImport)
    }

    public func encode(to w: inout ProtobufWriter) {
        w.appendNonZero(1, irVersion)
        w.appendNonEmpty(2, producerName)
        w.appendNonEmpty(3, producerVersion)
        w.appendNonEmpty(4, domain)
        w.appendNonZero(5, modelVersion)
        w.appendNonEmpty(6, docString)
        w.appendField(7, graph)
        for o in opsetImport { w.appendField(8, o) }
    }

    /// Writes atomically (temporary file beside `url`, fsync, rename): readers see the old
    /// file or the whole new one, never a torn model.
    public func write(to url: URL) throws(ONNXError) {
        do { try AtomicFile.write(serializedBytes(), to: url.path) } catch {
            throw .io(path: url.path, reason: "cannot write: \(error.reason)")
        }
    }
}

extension OperatorSetIdProto: ProtobufMessage {
    // The domain is written even when empty, as onnx.helper.make_opsetid does.
    public var encodedSize: Int { FieldSize.string(1, domain) + FieldSize.nonZero(2, version) }

    public func encode(to w: inout ProtobufWriter) {
        w.appendField(1, domain)
        w.appendNonZero(2, version)
    }
}

extension GraphProto: ProtobufMessage {
    public var encodedSize: Int {
        FieldSize.messages(1, node) + FieldSize.nonEmpty(2, name) + FieldSize.messages(5, initializer)
            + FieldSize.nonEmpty(10, docString) + FieldSize.messages(11, input) + FieldSize.messages(12, output)
            + FieldSize.messages(13, valueInfo)
    }

    public func encode(to w: inout ProtobufWriter) {
        for n in node { w.appendField(1, n) }
        w.appendNonEmpty(2, name)
        for t in initializer { w.appendField(5, t) }
        w.appendNonEmpty(10, docString)
        for v in input { w.appendField(11, v) }
        for v in output { w.appendField(12, v) }
        for v in valueInfo { w.appendField(13, v) }
    }
}

extension NodeProto: ProtobufMessage {
    public var encodedSize: Int {
        FieldSize.strings(1, input) + FieldSize.strings(2, output) + FieldSize.nonEmpty(3, name)
            + FieldSize.nonEmpty(4, opType) + FieldSize.messages(5, attribute) + FieldSize.nonEmpty(6, docString)
            + FieldSize.nonEmpty(7, domain)
    }

    public func encode(to w: inout ProtobufWriter) {
        for s in input { w.appendField(1, s) }
        for s in output { w.appendField(2, s) }
        w.appendNonEmpty(3, name)
        w.appendNonEmpty(4, opType)
        for a in attribute { w.appendField(5, a) }
        w.appendNonEmpty(6, docString)
        w.appendNonEmpty(7, domain)
    }
}

extension AttributeProto: ProtobufMessage {
    // The value field is written even when it holds the default (`axis = 0`): the `type`
    // field says which one is meant, and readers look for that field.
    public var encodedSize: Int {
        let valueSize = switch value {
        case .float: ProtobufWriter.sizeTag(2) + 4
        case .int(let i): FieldSize.varint(3, UInt64(bitPattern: i))
        case .string(let s): FieldSize.string(4, s)
        case .tensor(let t): FieldSize.message(5, t)
        case .floats(let fs): fs.count * (ProtobufWriter.sizeTag(7) + 4)
        case .ints(let ints): ints.reduce(0) { $0 + FieldSize.varint(8, UInt64(bitPattern: $1)) }
        case .strings(let ss): FieldSize.strings(9, ss)
        }
        return FieldSize.string(1, name) + valueSize + FieldSize.varint(20, UInt64(value.type))
    }

    public func encode(to w: inout ProtobufWriter) {
        w.appendField(1, name)
        switch value {
        case .float(let f):
            w.appendTag(2, .fixed32)
            w.appendFixed32(f.bitPattern)
        case .int(let i): w.appendField(3, varint: UInt64(bitPattern: i))
        case .string(let s): w.appendField(4, s)
        case .tensor(let t): w.appendField(5, t)
        case .floats(let fs):
            for f in fs {
                w.appendTag(7, .fixed32)
                w.appendFixed32(f.bitPattern)
            }
        case .ints(let ints): for i in ints { w.appendField(8, varint: UInt64(bitPattern: i)) }
        case .strings(let ss): for s in ss { w.appendField(9, s) }
        }
        w.appendField(20, varint: UInt64(value.type))
    }
}

extension TensorProto: ProtobufMessage {
    private var int32Bits: [UInt64] { int32Data.map { UInt64(bitPattern: Int64($0)) } }
    private var int64Bits: [UInt64] { int64Data.map { UInt64(bitPattern: $0) } }

    public var encodedSize: Int {
        var size = dims.reduce(0) { $0 + FieldSize.varint(1, UInt64(bitPattern: $1)) }
        size += FieldSize.varint(2, UInt64(bitPattern: Int64(dataType)))
        if !floatData.isEmpty { size += ProtobufWriter.sizeTag(4) + ProtobufWriter.sizePackedFixed32(count: floatData.count) }
        if !int32Data.isEmpty { size += ProtobufWriter.sizeTag(5) + ProtobufWriter.sizePackedVarints(int32Bits) }
        if !int64Data.isEmpty { size += ProtobufWriter.sizeTag(7) + ProtobufWriter.sizePackedVarints(int64Bits) }
        size += FieldSize.nonEmpty(8, name)
        if !rawData.isEmpty { size += ProtobufWriter.sizeTag(9) + ProtobufWriter.sizeBytes(rawData.count) }
        return size
    }

    public func encode(to w: inout ProtobufWriter) {
        for d in dims { w.appendField(1, varint: UInt64(bitPattern: d)) }
        w.appendField(2, varint: UInt64(bitPattern: Int64(dataType)))
        if !floatData.isEmpty {
            w.appendTag(4, .lengthDelimited)
            w.appendPackedFixed32(floatData.map(\.bitPattern))
        }
        if !int32Data.isEmpty {
            w.appendTag(5, .lengthDelimited)
            w.appendPackedVarints(int32Bits)
        }
        if !int64Data.isEmpty {
            w.appendTag(7, .lengthDelimited)
            w.appendPackedVarints(int64Bits)
        }
        w.appendNonEmpty(8, name)
        if !rawData.isEmpty {
            w.appendTag(9, .lengthDelimited)
            w.appendBytes(rawData)
        }
    }
}

extension ValueInfoProto: ProtobufMessage {
    public var encodedSize: Int {
        FieldSize.string(1, name) + (type.map { FieldSize.message(2, $0) } ?? 0) + FieldSize.nonEmpty(3, docString)
    }

    public func encode(to w: inout ProtobufWriter) {
        w.appendField(1, name)
        if let type { w.appendField(2, type) }
        w.appendNonEmpty(3, docString)
    }
}

extension TypeProto: ProtobufMessage {
    public var encodedSize: Int { tensorType.map { FieldSize.message(1, $0) } ?? 0 }

    public func encode(to w: inout ProtobufWriter) {
        if let tensorType { w.appendField(1, tensorType) }
    }
}

extension TypeProto.Tensor: ProtobufMessage {
    public var encodedSize: Int {
        FieldSize.varint(1, UInt64(bitPattern: Int64(elemType))) + (shape.map { FieldSize.message(2, TensorShape($0)) } ?? 0)
    }

    public func encode(to w: inout ProtobufWriter) {
        w.appendField(1, varint: UInt64(bitPattern: Int64(elemType)))
        if let shape { w.appendField(2, TensorShape(shape)) }
    }
}

/// `TensorShapeProto`: only a wrapper around its repeated `dim` on the wire.
struct TensorShape: ProtobufMessage {
    var dims: [TensorShapeDimension]
    init(_ dims: [TensorShapeDimension]) { self.dims = dims }

    var encodedSize: Int { FieldSize.messages(1, dims) }
    func encode(to w: inout ProtobufWriter) { for d in dims { w.appendField(1, d) } }
}

extension TensorShapeDimension: ProtobufMessage {
    public var encodedSize: Int {
        switch self {
        case .value(let v): FieldSize.varint(1, UInt64(bitPattern: v))
        case .param(let p): FieldSize.string(2, p)
        case .unknown: 0
        }
    }

    public func encode(to w: inout ProtobufWriter) {
        switch self {
        case .value(let v): w.appendField(1, varint: UInt64(bitPattern: v))
        case .param(let p): w.appendField(2, p)
        case .unknown: break
        }
    }
}
