
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
    }

    public var nodes: [Node]
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
    public init(model: ModelProto, batch: Int = 1) throws(ONNXError) {
        let graph = model.graph
        guard !graph.node.isEmpty else { throw .emptyGraph }
        var shapes = [String: [Int]]()
        var unread = Set<String>()
        for t in graph.initializer {
            shapes[t.name] = try ShapeLimits.checked(t.dims, value: t.name)
            unread.insert(t.name)
        }
        // Graphs from IR < 4 also list initializers as inputs; the initializer's dims win.
        for input in graph.input where shapes[input.name] == nil {
            let shape = try Self.concreteShape(of: input, batch: batch)
            _ = try ShapeLimits.elementCount(shape, value: input.name)
            shapes[input.name] = shape
        }
        var nodes = [Node]()
        var totalMACs = 0, totalParameters = 0
        for node in graph.node {
            var inputShapes = [[Int]]()
            var parameters = 0
            for value in node.input where !value.isEmpty {  // "" marks an omitted optional input
                guard let shape = shapes[value] else { throw .unknownValue(node: node.name, value: value) }
                inputShapes.append(shape)
                if unread.remove(value) != nil {
                    let count = try ShapeLimits.elementCount(shape, value: value)
                    parameters += count
                    // Bounds the computed `totalParameters`, so its sum cannot overflow.
                    totalParameters = try ShapeLimits.sum(totalParameters, count, node: node.name)
                }
            }
            let output = try ShapeInference.outputShape(of: node, inputs: inputShapes)
            _ = try ShapeLimits.elementCount(output, value: node.name)
            if let first = node.output.first { shapes[first] = output }
            let macs = try ShapeInference.macs(of: node, inputs: inputShapes)
            let (total, overflow) = totalMACs.addingReportingOverflow(macs)
            guard !overflow, total <= ShapeLimits.macs else { throw .tooManyMACs(node: node.name) }
            totalMACs = total
            nodes.append(Node(name: node.name, opType: node.opType, outputShape: output, parameters: parameters,
                              macs: macs))
        }
        self.nodes = nodes
        self.totalMACs = totalMACs
        self.batch = batch
        irVersion = model.irVersion
        opsetVersion = model.opsetImport.first { $0.domain == "" || $0.domain == "ai.onnx" }?.version
        producer = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// An aligned text table, one row per node and a total row.
    public func table() -> String {
        let header = ["node", "op", "output shape", "params", "MACs"]
        var rows = nodes.map { n in
            [n.name, n.opType, n.outputShape.map(String.init).joined(separator: "x"), "\(n.parameters)", "\(n.macs)"]
        }
        rows.append(["total", "", "", "\(totalParameters)", "\(totalMACs)"])
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return c >= 3 ? pad + row[c] : row[c] + pad  // numbers right-aligned
            }.joined(separator: "  ")  // the last column is right-aligned: no trailing blanks
        }.joined(separator: "\n")
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
