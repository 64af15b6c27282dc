import Kernels

/// Builds an ONNX graph one layer at a time, the way the Network exporter walks its layers.
///
/// Conventions that bind us to the ecosystem (ARCHITECTURE.md): one node per layer, named
/// after the layer; the node's output value carries the same name; initializers carry the
/// parameter names (`layer1.0.conv1.weight`); the input is `input` NCHW float32 with the
/// symbolic batch `N`. Every value gets a `value_info` entry with its inferred shape, so the
/// builder rejects a wrongly thinned layer here rather than in a runtime far away.
/// Every operator we emit keeps the batch as the leading dimension, which is how shapes
/// inferred at batch 1 become `[N, …]` again.
public struct ONNXGraphBuilder: Sendable {
    /// The symbolic batch dimension of the input and of every intermediate value.
    public static let batchSymbol = "N"

    public let inputName: String
    private var graph: GraphProto
    /// Shapes at batch 1, by value name (graph input, initializers, node outputs).
    private var shapes: [String: [Int]] = [:]
    private var nodeNames: Set<String> = []

    /// - Parameter inputShape: the per-image shape; the batch `N` is prepended.
    public init(graphName: String = "shears", inputName: String = "input", inputShape: [Int] = [3, 32, 32]) {
        self.inputName = inputName
        graph = GraphProto(name: graphName,
                           input: [ValueInfoProto(name: inputName, floatShape: Self.symbolic([1] + inputShape))])
        shapes[inputName] = [1] + inputShape
    }

    /// The inferred shape of a value at batch 1 (nil for names the graph does not have).
    public func shape(of value: String) -> [Int]? { shapes[value] }

    // MARK: - Layers

    /// `pads` are ONNX's `[top, left, bottom, right]`; the kernel shape comes from `weight` (KCRS).
    @discardableResult
    public mutating func addConv(name: String, input: String, weight: Tensor, bias: Tensor?, strides: [Int] = [1, 1],
                                 pads: [Int] = [0, 0, 0, 0], group: Int = 1) throws(ONNXError) -> String {
        var params = [TensorProto(name: "\(name).weight", tensor: weight)]
        if let bias { params.append(TensorProto(name: "\(name).bias", tensor: bias)) }
        return try add("Conv", name: name, inputs: [input], parameters: params, attributes: [
            .ints("dilations", [1, 1]), .int("group", group), .ints("kernel_shape", Array(weight.shape.dropFirst(2))),
            .ints("pads", pads), .ints("strides", strides),
        ])
    }

    /// Inference-mode batch normalisation with PyTorch's parameter names (`weight` is γ,
    /// `bias` is β, then `running_mean`, `running_var`).
    @discardableResult
    public mutating func addBatchNormalization(name: String, input: String, scale: Tensor, bias: Tensor, mean: Tensor,
                                               variance: Tensor, epsilon: Float) throws(ONNXError) -> String {
        let params = [("weight", scale), ("bias", bias), ("running_mean", mean), ("running_var", variance)]
            .map { TensorProto(name: "\(name).\($0.0)", tensor: $0.1) }
        return try add("BatchNormalization", name: name, inputs: [input], parameters: params,
                       attributes: [.float("epsilon", epsilon)])
    }

    @discardableResult
    public mutating func addRelu(name: String, input: String) throws(ONNXError) -> String {
        try add("Relu", name: name, inputs: [input])
    }

    /// The residual sum of a basic block.
    @discardableResult
    public mutating func addAdd(name: String, _ a: String, _ b: String) throws(ONNXError) -> String {
        try add("Add", name: name, inputs: [a, b])
    }

    @discardableResult
    public mutating func addGlobalAveragePool(name: String, input: String) throws(ONNXError) -> String {
        try add("GlobalAveragePool", name: name, inputs: [input])
    }

    @discardableResult
    public mutating func addFlatten(name: String, input: String, axis: Int = 1) throws(ONNXError) -> String {
        try add("Flatten", name: name, inputs: [input], attributes: [.int("axis", axis)])
    }

    /// A fully connected layer `y = x·Wᵀ + b` with PyTorch's `[out, in]` weight (hence transB = 1).
    @discardableResult
    public mutating func addGemm(name: String, input: String, weight: Tensor, bias: Tensor?) throws(ONNXError)
        -> String {
        var params = [TensorProto(name: "\(name).weight", tensor: weight)]
        if let bias { params.append(TensorProto(name: "\(name).bias", tensor: bias)) }
        return try add("Gemm", name: name, inputs: [input], parameters: params,
                       attributes: [.float("alpha", 1), .float("beta", 1), .int("transB", 1)])
    }

    // MARK: - Finishing

    /// The model with `value` as its single output, renamed to `outputName` (`logits`), opset 13.
    public func model(output value: String, named outputName: String = "logits", producerVersion: String = "")
        throws(ONNXError) -> ModelProto {
        guard let shape = shapes[value] else { throw .unknownValue(node: outputName, value: value) }
        if value != outputName, shapes[outputName] != nil { throw .duplicateName(outputName) }
        var g = graph
        let rename = { (s: String) in s == value ? outputName : s }
        for i in g.node.indices {
            g.node[i].input = g.node[i].input.map(rename)
            g.node[i].output = g.node[i].output.map(rename)
        }
        g.valueInfo.removeAll { $0.name == value }
        g.output = [ValueInfoProto(name: outputName, floatShape: Self.symbolic(shape))]
        return ModelProto(producerVersion: producerVersion, graph: g)
    }

    // MARK: - Private

    private mutating func add(_ opType: String, name: String, inputs: [String], parameters: [TensorProto] = [],
                              attributes: [AttributeProto] = []) throws(ONNXError) -> String {
        guard !nodeNames.contains(name), shapes[name] == nil else { throw .duplicateName(name) }
        for p in parameters where shapes[p.name] != nil || p.name == name { throw .duplicateName(p.name) }
        let node = NodeProto(input: inputs + parameters.map(\.name), output: [name], name: name, opType: opType,
                             attribute: attributes)
        var inputShapes = [[Int]]()
        for value in inputs {
            guard let s = shapes[value] else { throw .unknownValue(node: name, value: value) }
            inputShapes.append(s)
        }
        inputShapes += parameters.map { $0.dims.map(Int.init) }
        let output = try ShapeInference.outputShape(of: node, inputs: inputShapes)
        for p in parameters { shapes[p.name] = p.dims.map(Int.init) }
        shapes[name] = output
        nodeNames.insert(name)
        graph.node.append(node)
        graph.initializer += parameters
        graph.valueInfo.append(ValueInfoProto(name: name, floatShape: Self.symbolic(output)))
        return name
    }

    private static func symbolic(_ shape: [Int]) -> [TensorShapeDimension] {
        [.param(batchSymbol)] + shape.dropFirst().map { .value(Int64($0)) }
    }
}
