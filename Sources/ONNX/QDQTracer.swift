/// Follows QuantizeLinear/DequantizeLinear chains while a graph is walked in topological order,
/// so each layer can be described as reading the float tensor (or quantised initializer) behind
/// them. Covers what quantisation tools write: `x → QuantizeLinear → DequantizeLinear → layer`
/// for activations (onnxruntime, NNCF), an integer initializer → DequantizeLinear → layer for
/// weights and biases (both), and a float initializer → QuantizeLinear → DequantizeLinear for
/// weights quantised on load.
struct QDQTracer {
    /// A value a DequantizeLinear produced: what it stands for and how it was quantised.
    private struct Dequantized {
        var source: String
        var elementType: String
        var axis: Int?
        var nodes: [String]
    }

    private let initializerTypes: [String: Int32]
    /// QuantizeLinear outputs → (their float input, the element type, the node).
    private var quantized: [String: (source: String, elementType: String, node: String)] = [:]
    private var dequantized: [String: Dequantized] = [:]
    /// QDQ nodes already listed under a layer (a value read by two layers is listed once).
    private var attributed = Set<String>()
    private(set) var nodeCount = 0
    /// Every QDQ node in graph order with the value its chain starts from.
    private var recorded: [(node: String, source: String)] = []

    init(initializerTypes: [String: Int32]) {
        self.initializerTypes = initializerTypes
    }

    /// Records a QuantizeLinear/DequantizeLinear node (of the default domain) and returns true;
    /// returns false for every other node, which is a layer.
    mutating func record(_ node: NodeProto, inputShapes: [[Int]]) throws(ONNXError) -> Bool {
        guard node.domain == "" || node.domain == "ai.onnx",
              node.opType == "QuantizeLinear" || node.opType == "DequantizeLinear",
              let output = node.output.first else { return false }
        nodeCount += 1
        let axis = try ShapeInference.quantizationAxis(node, inputShapes)
        if node.opType == "QuantizeLinear" {
            // The zero point's type is the output type; without one, opset 13 says uint8.
            let type = node.input.count > 2 ? initializerTypes[node.input[2]].map(LayerQuantization.elementTypeName)
                : "uint8"
            quantized[output] = (node.input[0], type ?? "uint8", node.name)
            recorded.append((node.name, node.input[0]))
            return true
        } else if let q = quantized[node.input[0]] {
            dequantized[output] = Dequantized(source: q.source, elementType: q.elementType, axis: axis,
                                              nodes: [q.node, node.name])
        } else if let inner = dequantized[node.input[0]] {
            dequantized[output] = Dequantized(source: inner.source, elementType: inner.elementType, axis: axis,
                                              nodes: inner.nodes + [node.name])
        } else {
            let type = initializerTypes[node.input[0]].map(LayerQuantization.elementTypeName) ?? "int8"
            dequantized[output] = Dequantized(source: node.input[0], elementType: type, axis: axis, nodes: [node.name])
        }
        recorded.append((node.name, dequantized[output]!.source))
        return true
    }

    /// QDQ nodes no layer reads through (the pair quantising the graph output), with the value
    /// they quantise: they belong to the layer that produced it.
    var unattributed: [(node: String, source: String)] {
        recorded.filter { !attributed.contains($0.node) }
    }

    /// The layer's inputs with every dequantised value replaced by its source, and which of them
    /// were quantised (nil when none was).
    mutating func layerInputs(of node: NodeProto) -> (inputs: [String], quantization: LayerQuantization?) {
        var inputs = [String]()
        var quantizedInputs = [LayerQuantization.Input]()
        var nodes = [String]()
        for (index, value) in node.input.enumerated() {
            guard let d = dequantized[value] else {
                inputs.append(value)
                continue
            }
            inputs.append(d.source)
            let role: LayerQuantization.Input.Role = initializerTypes[d.source] != nil ? .parameter : .activation
            quantizedInputs.append(.init(index: index, role: role, elementType: d.elementType, axis: d.axis))
            for name in d.nodes where attributed.insert(name).inserted { nodes.append(name) }
        }
        return (inputs, quantizedInputs.isEmpty ? nil : LayerQuantization(inputs: quantizedInputs, nodes: nodes))
    }
}
