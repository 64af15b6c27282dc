
/// What a row of the layer table stands for.
public enum LayerKind: String, Sendable {
    /// One of our layers (with whatever OpenVINO fused into it).
    case layer
    /// A memory-layout change OpenVINO inserted (`Reorder`), e.g. NCHW → blocked NHWC.
    case reorder
    /// A precision change OpenVINO inserted (`Convert`).
    case conversion
    /// A computing node we could not trace back to any of our layers.
    case unmapped
}

/// One row of the attribution: which runtime nodes it sums and which of our layers ran inside it.
public struct AttributedRow: Equatable, Sendable {
    /// Our layer name, `reorder before <layer>`, or the runtime's own node name when unmapped.
    public var key: String
    public var kind: LayerKind
    /// OpenVINO's node type and kernel of the row's first node (`Convolution`, `brgconv_avx2_f32`).
    public var nodeType: String
    public var execType: String
    /// OpenVINO node names whose times this row sums.
    public var runtimeNodes: [String]
    /// Our layers that OpenVINO folded into this row's kernel (BN, ReLU, Add, Flatten).
    public var fused: [String]

    /// The precision the row's kernel computed in (`i8`, `f32`, `bf16`), from its exec type.
    public var precision: String? { ExecutedPrecision.parse(execType: execType) }
}

/// Maps OpenVINO's per-node profile back to our layer names.
///
/// The C API exposes no node list of the compiled model (the Python API's
/// `originalLayersNames` runtime info is out of reach), so the mapping works from what the
/// profile itself says, in this order:
/// 1. a node named like a layer (or like a layer's output tensor, as the node producing the
///    graph output `logits` is), with a `/suffix` allowed (`conv1/WithoutBiases`), is that
///    layer when it executed, and was fused into the last executed node before it when it
///    did not (`relu`, `layer1.0.add` appear as NOT_RUN right after their host convolution);
/// 2. an executed node with a generated name (`Multiply_3954`: BN folded into the convolution
///    weights renames the convolution) takes the first unclaimed layer of a matching op, in
///    graph order, with generated names taken in order of their numeric suffix — OpenVINO
///    numbers new nodes as it creates them while walking the graph in order, which is why
///    this still works when execution order differs (a downsample shortcut may run before
///    the block's second convolution). Exporting with BN folded avoids the guess entirely;
/// 3. layers absent from the profile (BN folded into weights) are fused into the row of the
///    layer producing their first input;
/// 4. QuantizeLinear/DequantizeLinear nodes of a quantised model are aliases of the layer whose
///    output they quantise (`LayerFacts.aliases`): OpenVINO fuses them into that layer
///    (`conv1_QuantizeLinear`, NOT_RUN) or names the kernel that requantises after it by them;
/// 5. `Reorder`/`Convert` nodes get rows of their own, named after the layer they feed
///    (their names end in the consumer's node name), so two models' reorders line up.
public enum LayerAttribution {
    /// Runtime node types that do no work of their own.
    static let skippedTypes: Set<String> = ["Parameter", "Result", "Constant"]

    /// OpenVINO CPU node type → ONNX ops it may come from.
    static let opFamilies: [String: Set<String>] = [
        "Convolution": ["Conv"], "GroupConvolution": ["Conv"],
        "FullyConnected": ["Gemm", "MatMul"], "MatMul": ["Gemm", "MatMul"],
        "ReduceMean": ["GlobalAveragePool", "ReduceMean"],
        "Pooling": ["GlobalAveragePool", "AveragePool", "MaxPool", "GlobalMaxPool"],
        "Eltwise": ["Add", "Mul", "Relu"], "Add": ["Add"], "Relu": ["Relu"], "Reshape": ["Flatten", "Reshape"],
        "BatchNormInference": ["BatchNormalization"], "Multiply": ["BatchNormalization", "Mul"],
    ]

    /// Rows in profile order and, for each node, the index of its row (nil for skipped nodes).
    public static func attribute(_ nodes: [NodeTiming], layers: [LayerFacts])
        -> (rows: [AttributedRow], nodeRows: [Int?]) {
        var layerIndex: [String: Int] = [:]
        var producer: [String: Int] = [:]
        for (index, layer) in layers.enumerated() {
            layerIndex[layer.name] = layerIndex[layer.name] ?? index
            for output in layer.outputs { producer[output] = producer[output] ?? index }
        }
        for (index, layer) in layers.enumerated() {
            for alias in layer.aliases where layerIndex[alias] == nil { layerIndex[alias] = index }
        }
        func resolve(_ name: String) -> Int? {
            let base = name.split(separator: "/", maxSplits: 1).first.map(String.init) ?? name
            for candidate in [name, base] {
                if let index = layerIndex[candidate] ?? producer[candidate] { return index }
            }
            return nil
        }

        // Pass 1: direct names, generated names, fused (not run) layers.
        var nodeLayer = [Int?](repeating: nil, count: nodes.count)
        var fusedAt: [(node: Int, layer: Int)] = []
        var generated: [Int] = []
        var claimed = Set<Int>()
        for (i, node) in nodes.enumerated() where !skippedTypes.contains(node.nodeType) {
            if node.nodeType == "Reorder" || node.nodeType == "Convert" { continue }
            let layer = resolve(node.name)
            if node.status == .executed {
                if let layer {
                    nodeLayer[i] = layer
                    claimed.insert(layer)
                } else {
                    generated.append(i)
                }
            } else if let layer {
                fusedAt.append((i, layer))
            }
        }
        // Pass 2: generated names take unclaimed layers of a matching op, in graph order.
        generated.sort { (numericSuffix(nodes[$0].name), $0) < (numericSuffix(nodes[$1].name), $1) }
        for i in generated {
            let family = opFamilies[nodes[i].nodeType] ?? [nodes[i].nodeType]
            if let layer = layers.indices.first(where: { !claimed.contains($0) && family.contains(layers[$0].op) }) {
                nodeLayer[i] = layer
                claimed.insert(layer)
            }
        }

        // Rows in profile order.
        var rows: [AttributedRow] = []
        var rowIndex: [String: Int] = [:]
        var nodeRows = [Int?](repeating: nil, count: nodes.count)
        var layerRow: [Int: Int] = [:]
        func row(_ key: String, _ kind: LayerKind, _ node: NodeTiming) -> Int {
            if let existing = rowIndex[key] {
                rows[existing].runtimeNodes.append(node.name)
                return existing
            }
            rows.append(AttributedRow(key: key, kind: kind, nodeType: node.nodeType, execType: node.execType,
                                      runtimeNodes: [node.name], fused: []))
            rowIndex[key] = rows.count - 1
            return rows.count - 1
        }
        for (i, node) in nodes.enumerated() where node.status == .executed && !skippedTypes.contains(node.nodeType) {
            if node.nodeType == "Reorder" || node.nodeType == "Convert" { continue }
            if let layer = nodeLayer[i] {
                nodeRows[i] = row(layers[layer].name, .layer, node)
                layerRow[layer] = nodeRows[i]
            } else {
                nodeRows[i] = row(node.name, .unmapped, node)
            }
        }

        // Fused by the runtime: the last executed computing row before the not-run node.
        var hostOfLayer: [Int: Int] = layerRow
        for (i, layer) in fusedAt where layerRow[layer] == nil && hostOfLayer[layer] == nil {
            if let host = (0..<i).reversed().lazy.compactMap({ nodeRows[$0] }).first(where: { rows[$0].kind != .reorder }) {
                rows[host].fused.append(layers[layer].name)
                hostOfLayer[layer] = host
            }
        }
        // Folded away entirely: joins the row of its first input's producer.
        for (index, layer) in layers.enumerated() where hostOfLayer[index] == nil {
            if let input = layer.inputs.first, let source = producer[input], let host = hostOfLayer[source] {
                rows[host].fused.append(layer.name)
                hostOfLayer[index] = host
            }
        }

        // Fused layers listed in graph order ("bn1+relu"), whichever rule found them.
        let position = Dictionary(layers.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in rows.indices { rows[index].fused.sort { position[$0, default: 0] < position[$1, default: 0] } }

        // Reorders and conversions, named after the node they feed.
        var consumers: [(name: String, label: String)] = []
        for row in rows where row.kind != .reorder {
            for node in row.runtimeNodes { consumers.append((node, row.key)) }
        }
        for layer in layers { consumers.append((layer.name, layer.name)) }
        for (i, node) in nodes.enumerated()
        where node.status == .executed && (node.nodeType == "Reorder" || node.nodeType == "Convert") {
            let kind: LayerKind = node.nodeType == "Reorder" ? .reorder : .conversion
            let verb = kind == .reorder ? "reorder" : "convert"
            let target = consumers.filter { node.name.hasSuffix("_" + $0.name) }.max { $0.name.count < $1.name.count }
            nodeRows[i] = row(target.map { "\(verb) before \($0.label)" } ?? node.name, kind, node)
        }
        return (rows, nodeRows)
    }

    /// `Multiply_3954` → 3954; names without a numeric suffix sort last.
    static func numericSuffix(_ name: String) -> Int {
        guard let underscore = name.lastIndex(of: "_"), let value = Int(name[name.index(after: underscore)...]) else {
            return Int.max
        }
        return value
    }
}
