
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

    public init(name: String, op: String, inputs: [String] = [], outputs: [String] = [], outputShape: [Int]? = nil,
                macs: Int? = nil, parameters: Int? = nil, sparsity: Double? = nil) {
        self.name = name
        self.op = op
        self.inputs = inputs
        self.outputs = outputs
        self.outputShape = outputShape
        self.macs = macs
        self.parameters = parameters
        self.sparsity = sparsity
    }
}
