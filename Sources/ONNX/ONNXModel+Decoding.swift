import Foundation
import Network

// Field numbers from onnx.proto; unknown fields are skipped (protobuf's forward
// compatibility), known fields with an impossible wire type are errors.

extension ModelProto {
    public init(contentsOf url: URL) throws(ONNXError) {
        let bytes: [UInt8]
        do { bytes = try InputFile.bytes(atPath: url.path) } catch { throw .io(path: url.path, reason: error.reason) }
        try self.init(serializedBytes: bytes)
    }

    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init(irVersion: 0, opsetImport: [], producerName: "", graph: GraphProto())
        while let f = try r.nextField() {
            switch f.number {
            case 1: irVersion = Int64(bitPattern: try r.readVarint(f))
            case 2: producerName = try r.readString(f)
            case 3: producerVersion = try r.readString(f)
            case 4: domain = try r.readString(f)
            case 5: modelVersion = Int64(bitPattern: try r.readVarint(f))
            case 6: docString = try r.readString(f)
            case 7:
                var sub = try r.readMessage(f, name: "graph")
                graph = try GraphProto(from: &sub)
            case 8:
                var sub = try r.readMessage(f, name: "opset_import")
                opsetImport.append(try OperatorSetIdProto(from: &sub))
            default: try r.skip(f)
            }
        }
    }
}

extension OperatorSetIdProto {
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init(domain: "", version: 0)
        while let f = try r.nextField() {
            switch f.number {
            case 1: domain = try r.readString(f)
            case 2: version = Int64(bitPattern: try r.readVarint(f))
            default: try r.skip(f)
            }
        }
    }
}

extension GraphProto {
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init()
        while let f = try r.nextField() {
            switch f.number {
            case 1:
                var sub = try r.readMessage(f, name: "node")
                node.append(try NodeProto(from: &sub))
            case 2: name = try r.readString(f)
            case 5:
                var sub = try r.readMessage(f, name: "initializer")
                initializer.append(try TensorProto(from: &sub))
            case 10: docString = try r.readString(f)
            case 11, 12, 13:
                let field = ["input", "output", "value_info"][f.number - 11]
                var sub = try r.readMessage(f, name: field)
                let value = try ValueInfoProto(from: &sub)
                switch f.number {
                case 11: input.append(value)
                case 12: output.append(value)
                default: valueInfo.append(value)
                }
            default: try r.skip(f)
            }
        }
    }
}

extension NodeProto {
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init(input: [], output: [], name: "", opType: "")
        while let f = try r.nextField() {
            switch f.number {
            case 1: input.append(try r.readString(f))
            case 2: output.append(try r.readString(f))
            case 3: name = try r.readString(f)
            case 4: opType = try r.readString(f)
            case 5:
                var sub = try r.readMessage(f, name: "attribute")
                attribute.append(try AttributeProto(from: &sub))
            case 6: docString = try r.readString(f)
            case 7: domain = try r.readString(f)
            default: try r.skip(f)
            }
        }
    }
}

extension AttributeProto {
    /// Collects every value field, then picks the one `type` names (fields may come in any order).
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        var name = "", type: Int32 = 0
        var f32: Float = 0, i64: Int64 = 0, s = "", t: TensorProto?
        var floats = [UInt32](), ints = [UInt64](), strings = [String]()
        while let f = try r.nextField() {
            switch f.number {
            case 1: name = try r.readString(f)
            case 2: f32 = Float(bitPattern: try r.readFixed32(f))
            case 3: i64 = Int64(bitPattern: try r.readVarint(f))
            case 4: s = String(decoding: try r.readBytes(f), as: UTF8.self)
            case 5:
                var sub = try r.readMessage(f, name: "t")
                t = try TensorProto(from: &sub)
            case 7: try r.readRepeatedFixed32(f, into: &floats)
            case 8: try r.readRepeatedVarints(f, into: &ints)
            case 9: strings.append(String(decoding: try r.readBytes(f), as: UTF8.self))
            case 20: type = Int32(truncatingIfNeeded: try r.readVarint(f))
            default: try r.skip(f)
            }
        }
        let value: Value
        switch type {
        case 1: value = .float(f32)
        case 2: value = .int(i64)
        case 3: value = .string(s)
        case 4: value = .tensor(t ?? TensorProto(dims: [], dataType: 0, name: ""))
        case 6: value = .floats(floats.map(Float.init(bitPattern:)))
        case 7: value = .ints(ints.map { Int64(bitPattern: $0) })
        case 8: value = .strings(strings)
        default: throw .unsupportedAttributeType(attribute: name, type: type)
        }
        self.init(name: name, value: value)
    }
}

extension TensorProto {
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init(dims: [], dataType: 0, name: "")
        var dims = [UInt64](), floats = [UInt32](), int32s = [UInt64](), int64s = [UInt64]()
        while let f = try r.nextField() {
            switch f.number {
            case 1: try r.readRepeatedVarints(f, into: &dims)
            case 2: dataType = Int32(truncatingIfNeeded: try r.readVarint(f))
            case 4: try r.readRepeatedFixed32(f, into: &floats)
            case 5: try r.readRepeatedVarints(f, into: &int32s)
            case 7: try r.readRepeatedVarints(f, into: &int64s)
            case 8: name = try r.readString(f)
            case 9: rawData = try r.readBytes(f)
            default: try r.skip(f)
            }
        }
        self.dims = dims.map { Int64(bitPattern: $0) }
        floatData = floats.map(Float.init(bitPattern:))
        int32Data = int32s.map { Int32(truncatingIfNeeded: $0) }
        int64Data = int64s.map { Int64(bitPattern: $0) }
    }
}

extension ValueInfoProto {
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init(name: "", type: nil)
        while let f = try r.nextField() {
            switch f.number {
            case 1: name = try r.readString(f)
            case 2:
                var sub = try r.readMessage(f, name: "type")
                type = try TypeProto(from: &sub)
            case 3: docString = try r.readString(f)
            default: try r.skip(f)
            }
        }
    }
}

extension TypeProto {
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init(tensorType: nil)
        while let f = try r.nextField() {
            guard f.number == 1 else { try r.skip(f); continue }
            var sub = try r.readMessage(f, name: "tensor_type")
            tensorType = try Tensor(from: &sub)
        }
    }
}

extension TypeProto.Tensor {
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init(elemType: 0, shape: nil)
        while let f = try r.nextField() {
            switch f.number {
            case 1: elemType = Int32(truncatingIfNeeded: try r.readVarint(f))
            case 2:
                var sub = try r.readMessage(f, name: "shape")
                shape = try TensorShape(from: &sub).dims
            default: try r.skip(f)
            }
        }
    }
}

extension TensorShape {
    init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init([])
        while let f = try r.nextField() {
            guard f.number == 1 else { try r.skip(f); continue }
            var sub = try r.readMessage(f, name: "dim")
            dims.append(try TensorShapeDimension(from: &sub))
        }
    }
}

extension TensorShapeDimension {
    /// `dim_value` and `dim_param` form a oneof: the last one on the wire wins.
    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self = .unknown
        while let f = try r.nextField() {
            switch f.number {
            case 1: self = .value(Int64(bitPattern: try r.readVarint(f)))
            case 2: self = .param(try r.readString(f))
            default: try r.skip(f)
            }
        }
    }
}
