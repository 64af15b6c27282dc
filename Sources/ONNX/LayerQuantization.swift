/// Which inputs of one layer arrive through QuantizeLinear/DequantizeLinear (QDQ), as written by
/// onnxruntime's `quantize_static`, NNCF or any other tool. The QDQ nodes are not layers of
/// their own: they say in which precision the runtime may execute the layer they feed, so the
/// summary and the layer table attribute them to that layer.
public struct LayerQuantization: Equatable, Sendable {
    /// One quantised input of the layer.
    public struct Input: Equatable, Sendable {
        /// Activations are quantised at run time (QuantizeLinear then DequantizeLinear); parameters
        /// are stored quantised (an integer initializer read by DequantizeLinear).
        public enum Role: String, Sendable {
            case activation
            case parameter
        }

        /// Position among the layer's inputs (Conv: 0 input, 1 weight, 2 bias).
        public var index: Int
        public var role: Role
        /// ONNX element type of the quantised values: `int8`, `uint8`, `int32`, ...
        public var elementType: String
        /// The axis of per-axis scales (Conv weights: 0, the output channels); nil for one scale
        /// for the whole tensor.
        public var axis: Int?

        public init(index: Int, role: Role, elementType: String, axis: Int?) {
            self.index = index
            self.role = role
            self.elementType = elementType
            self.axis = axis
        }
    }

    public var inputs: [Input]
    /// The QuantizeLinear/DequantizeLinear nodes attributed to this layer (each node to the first
    /// layer in graph order that reads its value).
    public var nodes: [String]

    public init(inputs: [Input], nodes: [String]) {
        self.inputs = inputs
        self.nodes = nodes
    }

    /// The layer's weight (input 1 of Conv, Gemm, BatchNormalization), if stored quantised.
    public var weight: Input? { inputs.first { $0.index == 1 && $0.role == .parameter } }

    /// `w int8 per-axis, b int32, a uint8`: weight, bias, other parameters by input index, then the
    /// distinct activation types.
    public var description: String {
        var parts = [String]()
        for input in inputs where input.role == .parameter {
            let name = input.index == 1 ? "w" : input.index == 2 ? "b" : "p\(input.index)"
            parts.append("\(name) \(input.elementType)" + (input.axis != nil ? " per-axis" : ""))
        }
        var activationTypes = [String]()
        for input in inputs where input.role == .activation && !activationTypes.contains(input.elementType) {
            activationTypes.append(input.elementType)
        }
        if !activationTypes.isEmpty { parts.append("a " + activationTypes.joined(separator: "/")) }
        return parts.joined(separator: ", ")
    }

    /// `TensorProto.DataType` code → name, for the types quantised tensors use.
    static func elementTypeName(_ code: Int32) -> String {
        switch code {
        case 1: "float"
        case 2: "uint8"
        case 3: "int8"
        case 4: "uint16"
        case 5: "int16"
        case 6: "int32"
        case 17: "float8e4m3fn"
        case 21: "uint4"
        case 22: "int4"
        default: "type \(code)"
        }
    }
}
