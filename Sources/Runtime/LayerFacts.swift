import ONNX

/// What the model file says about one of our layers: the ONNX node (named after the layer),
/// its op and tensors, and the static figures the layer table prints beside the timings.
/// The ONNX module's graph inspection fills these; profiling needs only name, op and tensors.
public struct LayerFacts: Equatable, Sendable {
    /// ONNX node name, which is our layer name (`layer1.0.conv1`).
    public var name: String
    /// ONNX op type (`Conv`, `BatchNormalization`, `Relu`, `Add`, `GlobalAveragePool`, `Gemm`).
    public var op: String
    public var inputs: [String]
    public var outputs: [String]
    public var outputShape: [Int]?
    public var macs: Int?
    public var parameters: Int?
    /// Fraction of zero weights, 0...1.
    public var sparsity: Double?
    /// The inputs that arrive through QuantizeLinear/DequantizeLinear; nil for a float layer.
    public var quantization: LayerQuantization?
    /// Other graph names that stand for this layer in a runtime's profile: the QuantizeLinear/
    /// DequantizeLinear nodes (and their outputs) that quantise its output, which OpenVINO fuses
    /// into the layer or names its requantisation kernel after (`relu_QuantizeLinear`).
    public var aliases: [String]

    public init(name: String, op: String, inputs: [String] = [], outputs: [String] = [], outputShape: [Int]? = nil,
                macs: Int? = nil, parameters: Int? = nil, sparsity: Double? = nil,
                quantization: LayerQuantization? = nil, aliases: [String] = []) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
        self.outputShape = outputShape
        self.macs = macs
        self.parameters = parameters
        self.sparsity = sparsity
        self.quantization = quantization
        self.aliases = aliases
    }
}
