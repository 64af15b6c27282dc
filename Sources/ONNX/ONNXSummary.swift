
/// What `shears summary model.onnx` shows: per node its operator, output shape, parameter
/// count and MACs, plus totals — computed from the file alone, so it works on any model
/// built from the supported operators, not only on ones we exported.
public struct ONNXSummary: Equatable, Sendable {
    public struct Node: Equatable, Sendable {
        public var name: String
        public var opType: String
        /// Shape of the node's first output at the summary's batch size.
        public var outputShape: [Int]
        /// Elements of the initializers this node reads (each initializer counted at its first reader).
        public var parameters: Int
        public var macs: Int
        /// Input values as the layer computes with them: through QuantizeLinear/DequantizeLinear,
        /// the float activation or the quantised initializer behind them ("" for omitted inputs).
        public var inputs: [String] = []
        public var outputs: [String] = []
        /// nil when no input arrives through QuantizeLinear/DequantizeLinear.
        public var quantization: LayerQuantization? = nil
    }

    public var nodes: [Node]
    /// QuantizeLinear/DequantizeLinear nodes, attributed to the layers in `nodes`.
    public var quantizationNodeCount: Int
    public var batch: Int
    public var irVersion: Int64
    /// Version of the default ("") operator set, nil when the model does not import it.
    public var opsetVersion: Int64?
    public var producer: String

    /// Bounded while inferring (like `totalMACs`), so the sum cannot overflow.
    public var totalParameters: Int { nodes.reduce(0) { $0 + $1.parameters } }
    /// Summed (with an overflow check) while inferring.
    public private(set) var totalMACs = 0

    /// Infers every node's shape with the graph inputs' symbolic leading dimension set to `batch`.
    ///
    /// QuantizeLinear/DequantizeLinear nodes are not rows: each layer reads through them as if
    /// they were absent (its `inputs` name the float tensor or the quantised initializer behind
    /// them) and lists them in its `quantization`, so a QDQ model has the same rows, parameters
    /// (quantised weights counted at the layer, scales and zero points not at all) and MACs as
    /// the float model it was quantised from.
    public init(model: ModelProto, batch: Int = 1) throws(ONNXError) {
        let graph = model.graph
        guard !graph.node.isEmpty else { throw .emptyGraph }
        var shapes = [String: [Int]]()
        var unread = Set<String>()
        var initializerTypes = [String: Int32]()
        for t in graph.initializer {
            shapes[t.name] = try ShapeLimits.checked(t.dims, value: t.name)
            unread.insert(t.name)
            initializerTypes[t.name] = t.dataType
        }
        // Graphs from IR < 4 also list initializers as inputs; the initializer's dims win.
        for input in graph.input where shapes[input.name] == nil {
            let shape = try Self.concreteShape(of: input, batch: batch)
            _ = try ShapeLimits.elementCount(shape, value: input.name)
            shapes[input.name] = shape
        }
        var tracer = QDQTracer(initializerTypes: initializerTypes)
        var nodes = [Node]()
        var totalMACs = 0, totalParameters = 0
        for node in graph.node {
            var inputShapes = [[Int]]()
            for value in node.input where !value.isEmpty {  // "" marks an omitted optional input
                guard let shape = shapes[value] else { throw .unknownValue(node: node.name, value: value) }
                inputShapes.append(shape)
            }
            let output = try ShapeInference.outputShape(of: node, inputs: inputShapes)
            _ = try ShapeLimits.elementCount(output, value: node.name)
            if let first = node.output.first { shapes[first] = output }
            if try tracer.record(node, inputShapes: inputShapes) { continue }

            let (inputs, quantization) = tracer.layerInputs(of: node)
            var parameters = 0
            for value in inputs where !value.isEmpty && unread.remove(value) != nil {
                let count = try ShapeLimits.elementCount(shapes[value]!, value: value)
                parameters += count
                // Bounds the computed `totalParameters`, so its sum cannot overflow.
                totalParameters = try ShapeLimits.sum(totalParameters, count, node: node.name)
            }
            let macs = try ShapeInference.macs(of: node, inputs: inputShapes)
            let (total, overflow) = totalMACs.addingReportingOverflow(macs)
            guard !overflow, total <= ShapeLimits.macs else { throw .tooManyMACs(node: node.name) }
            totalMACs = total
            nodes.append(Node(name: node.name, opType: node.opType, outputShape: output, parameters: parameters,
                              macs: macs, inputs: inputs, outputs: node.output, quantization: quantization))
        }
        for (name, source) in tracer.unattributed {
            guard let index = nodes.firstIndex(where: { $0.outputs.contains(source) }) else { continue }
            nodes[index].quantization = nodes[index].quantization ?? LayerQuantization(inputs: [], nodes: [])
            nodes[index].quantization!.nodes.append(name)
        }
        self.nodes = nodes
        self.quantizationNodeCount = tracer.nodeCount
        self.totalMACs = totalMACs
        self.batch = batch
        irVersion = model.irVersion
        opsetVersion = model.opsetImport.first { $0.domain == "" || $0.domain == "ai.onnx" }?.version
        producer = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// An aligned text table, one row per node and a total row.
    /// A QDQ model gets a `quantized` column (`w int8 per-axis, a uint8`) and a closing line that
    /// counts the quantised Conv and Gemm layers.
    public func table() -> String {
        let quantized = quantizationNodeCount > 0
        var header = ["node", "op", "output shape", "params", "MACs"]
        if quantized { header.append("quantized") }
        var rows = nodes.map { n in
            [n.name, n.opType, n.outputShape.map(String.init).joined(separator: "x"), "\(n.parameters)", "\(n.macs)"]
                + (quantized ? [n.quantization?.description ?? "-"] : [])
        }
        rows.append(["total", "", "", "\(totalParameters)", "\(totalMACs)"] + (quantized ? [""] : []))
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return c == 3 || c == 4 ? pad + row[c] : c == row.count - 1 ? row[c] : row[c] + pad  // numbers right
            }.joined(separator: "  ").trailingBlanksRemoved
        }.joined(separator: "\n") + (quantized ? "\n" + quantizationLine : "")
    }

    /// `quantized: 21 of 21 Conv, 1 of 1 Gemm (weights int8 per-axis, activations uint8); 175
    /// QuantizeLinear/DequantizeLinear nodes attributed to the layers they feed`.
    public var quantizationLine: String {
        var counts = [String]()
        for op in ["Conv", "Gemm", "MatMul"] {
            let layers = nodes.filter { $0.opType == op }
            guard !layers.isEmpty else { continue }
            counts.append("\(layers.filter { $0.quantization?.weight != nil }.count) of \(layers.count) \(op)")
        }
        let quantizedLayers = nodes.filter { ["Conv", "Gemm", "MatMul"].contains($0.opType) }.compactMap(\.quantization)
        func kinds(_ role: LayerQuantization.Input.Role, index: Int?) -> String {
            var seen = [String]()
            for input in quantizedLayers.flatMap(\.inputs) where input.role == role && (index == nil || input.index == index) {
                let kind = input.elementType + (role == .parameter ? (input.axis != nil ? " per-axis" : " per-tensor") : "")
                if !seen.contains(kind) { seen.append(kind) }
            }
            return seen.isEmpty ? "float" : seen.joined(separator: "/")
        }
        return "quantized: " + counts.joined(separator: ", ")
            + " (weights \(kinds(.parameter, index: 1)), activations \(kinds(.activation, index: nil))); "
            + "\(quantizationNodeCount) QuantizeLinear/DequantizeLinear nodes attributed to the layers they feed"
    }

    private static func concreteShape(of input: ValueInfoProto, batch: Int) throws(ONNXError) -> [Int] {
        guard let dims = input.type?.tensorType?.shape else { throw .missingInputShape(input: input.name) }
        var shape = [Int]()
        for (i, d) in dims.enumerated() {
            switch d {
            case .value(let v):
                guard (0...Int64(ShapeLimits.dimension)).contains(v) else {
                    throw .shapeTooLarge(value: input.name, shape: [Int(clamping: v)])
                }
                shape.append(Int(v))
            case .param, .unknown:
                guard i == 0 else { throw .missingInputShape(input: input.name) }
                shape.append(batch)
            }
        }
        return shape
    }
}

extension String {
    fileprivate var trailingBlanksRemoved: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
