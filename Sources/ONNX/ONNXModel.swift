import Kernels

// The subset of onnx.proto (IR version 8) that a convolutional network needs, with the
// proto's own message and field names (camel-cased) so the spec reads across directly.
// Field numbers live in ONNXModel+Encoding.swift and ONNXModel+Decoding.swift; fields we
// do not model (training info, functions, sparse tensors) are skipped on read.

/// The file: format version, operator sets, provenance and the graph.
public struct ModelProto: Equatable, Sendable {
    /// IR version 8 (2021-07-30): the newest one OpenVINO 2022.3 LTS (MYRIAD) still reads.
    public var irVersion: Int64
    public var opsetImport: [OperatorSetIdProto]
    public var producerName: String
    public var producerVersion: String
    public var domain: String
    public var modelVersion: Int64
    public var docString: String
    public var graph: GraphProto
    /// `metadata_props`: key/value provenance (data set, label set).
    public var metadataProps: [StringStringEntryProto] = []

    public init(irVersion: Int64 = 8, opsetImport: [OperatorSetIdProto] = [OperatorSetIdProto(domain: "", version: 13)],
                producerName: String = "shears", producerVersion: String = "", domain: String = "",
                modelVersion: Int64 = 0, docString: String = "", graph: GraphProto) {
        self.irVersion = irVersion
        self.opsetImport = opsetImport
        self.producerName = producerName
        self.producerVersion = producerVersion
        self.domain = domain
        self.modelVersion = modelVersion
        self.docString = docString
        self.graph = graph
    }
}

/// Which version of an operator set the graph's nodes follow ("" is the default ONNX domain).
public struct OperatorSetIdProto: Equatable, Sendable {
    public var domain: String
    public var version: Int64

    public init(domain: String, version: Int64) {
        self.domain = domain
        self.version = version
    }
}

/// Nodes in topological order, weights as initializers, and typed graph inputs and outputs.
public struct GraphProto: Equatable, Sendable {
    public var node: [NodeProto]
    public var name: String
    public var initializer: [TensorProto]
    public var docString: String
    public var input: [ValueInfoProto]
    public var output: [ValueInfoProto]
    /// Shapes of intermediate values; optional for runtimes, useful for viewers and checks.
    public var valueInfo: [ValueInfoProto]

    public init(node: [NodeProto] = [], name: String = "", initializer: [TensorProto] = [], docString: String = "",
                input: [ValueInfoProto] = [], output: [ValueInfoProto] = [], valueInfo: [ValueInfoProto] = []) {
        self.node = node
        self.name = name
        self.initializer = initializer
        self.docString = docString
        self.input = input
        self.output = output
        self.valueInfo = valueInfo
    }
}

/// One operator application; values are connected by name.
public struct NodeProto: Equatable, Sendable {
    public var input: [String]
    public var output: [String]
    public var name: String
    public var opType: String
    public var domain: String
    public var attribute: [AttributeProto]
    public var docString: String

    public init(input: [String], output: [String], name: String, opType: String, domain: String = "",
                attribute: [AttributeProto] = [], docString: String = "") {
        self.input = input
        self.output = output
        self.name = name
        self.opType = opType
        self.domain = domain
        self.attribute = attribute
        self.docString = docString
    }

    public func attribute(named name: String) -> AttributeProto.Value? {
        attribute.first { $0.name == name }?.value
    }
}

/// A named operator parameter. The wire format has one field per kind plus a `type`
/// discriminator; an enum makes "exactly one of them" impossible to get wrong.
public struct AttributeProto: Equatable, Sendable {
    public enum Value: Equatable, Sendable {
        case float(Float)
        case int(Int64)
        case string(String)
        case tensor(TensorProto)
        case floats([Float])
        case ints([Int64])
        case strings([String])

        /// `AttributeProto.AttributeType` code.
        public var type: Int32 {
            switch self {
            case .float: 1
            case .int: 2
            case .string: 3
            case .tensor: 4
            case .floats: 6
            case .ints: 7
            case .strings: 8
            }
        }
    }

    public var name: String
    public var value: Value

    public init(name: String, value: Value) {
        self.name = name
        self.value = value
    }

    public static func int(_ name: String, _ v: Int) -> AttributeProto { .init(name: name, value: .int(Int64(v))) }
    public static func ints(_ name: String, _ v: [Int]) -> AttributeProto {
        .init(name: name, value: .ints(v.map(Int64.init)))
    }
    public static func float(_ name: String, _ v: Float) -> AttributeProto { .init(name: name, value: .float(v)) }
}

/// A constant tensor. We write float32 weights as little-endian `raw_data`; on read we also
/// accept `float_data`, which is what `onnx.helper.make_tensor` writes without `raw=True`.
public struct TensorProto: Equatable, Sendable {
    /// `TensorProto.DataType` codes we name.
    public static let float: Int32 = 1
    public static let int64: Int32 = 7

    public var dims: [Int64]
    public var dataType: Int32
    public var name: String
    public var rawData: [UInt8]
    public var floatData: [Float]
    public var int32Data: [Int32]
    public var int64Data: [Int64]

    public init(dims: [Int64], dataType: Int32, name: String, rawData: [UInt8] = [], floatData: [Float] = [],
                int32Data: [Int32] = [], int64Data: [Int64] = []) {
        self.dims = dims
        self.dataType = dataType
        self.name = name
        self.rawData = rawData
        self.floatData = floatData
        self.int32Data = int32Data
        self.int64Data = int64Data
    }

    /// A float32 initializer from a Kernels tensor, stored as little-endian raw bytes
    /// (byte order fixed by the ONNX spec, whatever the host's).
    public init(name: String, tensor: Tensor) {
        var raw = [UInt8]()
        raw.reserveCapacity(tensor.count * 4)
        for v in tensor.data {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { raw.append(contentsOf: $0) }
        }
        self.init(dims: tensor.shape.map(Int64.init), dataType: Self.float, name: name, rawData: raw)
    }

    /// Number of elements the dims describe.
    public var elementCount: Int { dims.reduce(1) { $0 * Int($1) } }

    /// The values as a Kernels tensor; only FLOAT tensors qualify.
    public func floatTensor() throws(ONNXError) -> Tensor {
        guard dataType == Self.float else { throw .unsupportedDataType(tensor: name, dataType: dataType) }
        let shape = dims.map(Int.init)
        if rawData.isEmpty {
            guard floatData.count == elementCount else {
                throw .tensorSizeMismatch(tensor: name, dims: dims, values: floatData.count)
            }
            return Tensor(shape: shape, data: floatData)
        }
        guard rawData.count == elementCount * 4 else {
            throw .tensorSizeMismatch(tensor: name, dims: dims, values: rawData.count / 4)
        }
        var values = [Float](repeating: 0, count: elementCount)
        for i in values.indices {
            let b = 4 * i
            let bits = UInt32(rawData[b]) | UInt32(rawData[b + 1]) << 8 | UInt32(rawData[b + 2]) << 16
                | UInt32(rawData[b + 3]) << 24
            values[i] = Float(bitPattern: bits)
        }
        return Tensor(shape: shape, data: values)
    }
}

/// A named, typed value: graph inputs and outputs, and intermediate shapes.
public struct ValueInfoProto: Equatable, Sendable {
    public var name: String
    public var type: TypeProto?
    public var docString: String

    public init(name: String, type: TypeProto?, docString: String = "") {
        self.name = name
        self.type = type
        self.docString = docString
    }

    /// A float32 tensor value with the given dimensions.
    public init(name: String, floatShape: [TensorShapeDimension]) {
        self.init(name: name, type: TypeProto(tensorType: .init(elemType: TensorProto.float, shape: floatShape)))
    }
}

/// Only tensor types: sequences, maps and optionals do not occur in a CNN.
public struct TypeProto: Equatable, Sendable {
    public struct Tensor: Equatable, Sendable {
        public var elemType: Int32
        /// nil when the rank is unknown; `[]` for a scalar.
        public var shape: [TensorShapeDimension]?

        public init(elemType: Int32, shape: [TensorShapeDimension]?) {
            self.elemType = elemType
            self.shape = shape
        }
    }

    public var tensorType: Tensor?

    public init(tensorType: Tensor?) { self.tensorType = tensorType }
}

/// One dimension of `TensorShapeProto`: a fixed size, a symbol such as the batch "N", or neither.
public enum TensorShapeDimension: Equatable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    case value(Int64)
    case param(String)
    case unknown

    public init(integerLiteral value: Int) { self = .value(Int64(value)) }

    public var description: String {
        switch self {
        case .value(let v): "\(v)"
        case .param(let p): p
        case .unknown: "?"
        }
    }
}
