
/// Output shapes and multiply-accumulate counts for the operators a CIFAR ResNet uses.
///
/// Shapes are concrete (`[Int]`): callers substitute the symbolic batch with a number
/// first. One implementation serves the builder (to type every value it writes) and the
/// inspector (to summarise any model read back), so the two cannot disagree.
enum ShapeInference {
    static let supported = ["Add", "BatchNormalization", "Conv", "Flatten", "Gemm", "GlobalAveragePool", "Relu"]

    /// The shape of the node's first output.
    static func outputShape(of node: NodeProto, inputs: [[Int]]) throws(ONNXError) -> [Int] {
        switch node.opType {
        case "Conv": return try conv(node, inputs)
        case "BatchNormalization": return try batchNormalization(node, inputs)
        case "Relu":
            try expectInputs(node, inputs, 1...1)
            return inputs[0]
        case "Add":
            try expectInputs(node, inputs, 2...2)
            return try broadcast(inputs[0], inputs[1], node: node)
        case "GlobalAveragePool":
            try expectInputs(node, inputs, 1...1)
            try expectRank(node, "input", inputs[0], atLeast: 3)
            return Array(inputs[0].prefix(2)) + Array(repeating: 1, count: inputs[0].count - 2)
        case "Flatten": return try flatten(node, inputs)
        case "Gemm": return try gemm(node, inputs).output
        default:
            throw .unsupportedOperator(node: node.name, opType: node.opType, supported: supported)
        }
    }

    /// Multiply-accumulates of one evaluation: K·C/groups·R·S·Ho·Wo per image for Conv,
    /// M·K·N for Gemm, and zero for the element-wise and pooling operators (which is how
    /// Distiller's model summary counts them too).
    static func macs(of node: NodeProto, inputs: [[Int]]) throws(ONNXError) -> Int {
        switch node.opType {
        case "Conv":
            // Each output element takes C/groups·R·S products: the weight's per-filter size.
            let outputs = try ShapeLimits.elementCount(try conv(node, inputs), value: node.name)
            let perOutput = try ShapeLimits.elementCount(Array(inputs[1].dropFirst()), value: node.name)
            return try ShapeLimits.macs(outputs, perOutput, node: node.name)
        case "Gemm":
            let g = try gemm(node, inputs)
            let outputs = try ShapeLimits.elementCount(g.output, value: node.name)
            return try ShapeLimits.macs(outputs, g.inner, node: node.name)
        default:
            return 0
        }
    }

    // MARK: - Operators

    private static func conv(_ node: NodeProto, _ inputs: [[Int]]) throws(ONNXError) -> [Int] {
        try expectInputs(node, inputs, 2...3)
        let x = inputs[0], w = inputs[1]
        try expectRank(node, "input", x, atLeast: 3)
        guard w.count == x.count else {
            throw .shapeMismatch(node: node.name, detail: "weight \(w) must have the input's rank \(x.count) (input \(x))")
        }
        let spatial = x.count - 2
        let group = try int(node, "group", default: 1)
        let strides = try ints(node, "strides", default: Array(repeating: 1, count: spatial), count: spatial)
        let dilations = try ints(node, "dilations", default: Array(repeating: 1, count: spatial), count: spatial)
        let pads = try ints(node, "pads", default: Array(repeating: 0, count: 2 * spatial), count: 2 * spatial)
        let kernel = try ints(node, "kernel_shape", default: Array(w.dropFirst(2)), count: spatial)
        if case .string(let autoPad)? = node.attribute(named: "auto_pad"), autoPad != "NOTSET" {
            throw .shapeMismatch(node: node.name, detail: "auto_pad '\(autoPad)' is not supported; use explicit pads")
        }
        guard kernel == Array(w.dropFirst(2)) else {
            throw .shapeMismatch(node: node.name, detail: "kernel_shape \(kernel) disagrees with weight \(w)")
        }
        guard group >= 1, w[0] % group == 0, x[1] == w[1] * group else {
            throw .shapeMismatch(node: node.name, detail: "input \(x) has \(x[1]) channels but weight \(w) "
                                     + "with group \(group) expects \(w[1] * group)")
        }
        if inputs.count == 3, inputs[2] != [w[0]] {
            throw .shapeMismatch(node: node.name, detail: "bias \(inputs[2]) must be [\(w[0])] for weight \(w)")
        }
        var output = [x[0], w[0]]
        for i in 0..<spatial {
            let extent = x[2 + i] + pads[i] + pads[spatial + i] - dilations[i] * (kernel[i] - 1) - 1
            guard extent >= 0, strides[i] >= 1 else {
                throw .shapeMismatch(node: node.name, detail: "kernel \(kernel) does not fit input \(x) with pads \(pads)")
            }
            output.append(extent / strides[i] + 1)
        }
        return output
    }

    private static func batchNormalization(_ node: NodeProto, _ inputs: [[Int]]) throws(ONNXError) -> [Int] {
        try expectInputs(node, inputs, 5...5)
        let x = inputs[0]
        try expectRank(node, "input", x, atLeast: 2)
        for (i, role) in ["scale", "B", "mean", "var"].enumerated() where inputs[i + 1] != [x[1]] {
            throw .shapeMismatch(node: node.name, detail: "\(role) \(inputs[i + 1]) must be [\(x[1])] for input \(x)")
        }
        return x
    }

    private static func flatten(_ node: NodeProto, _ inputs: [[Int]]) throws(ONNXError) -> [Int] {
        try expectInputs(node, inputs, 1...1)
        let x = inputs[0]
        var axis = try int(node, "axis", default: 1)
        if axis < 0 { axis += x.count }
        guard (0...x.count).contains(axis) else {
            throw .shapeMismatch(node: node.name, detail: "axis \(axis) is out of range for input \(x)")
        }
        return [try ShapeLimits.elementCount(Array(x.prefix(axis)), value: node.name),
                try ShapeLimits.elementCount(Array(x.dropFirst(axis)), value: node.name)]
    }

    private static func gemm(_ node: NodeProto, _ inputs: [[Int]]) throws(ONNXError) -> (output: [Int], inner: Int) {
        try expectInputs(node, inputs, 2...3)
        let a = inputs[0], b = inputs[1]
        guard a.count == 2, b.count == 2 else {
            throw .shapeMismatch(node: node.name, detail: "A \(a) and B \(b) must be matrices")
        }
        let transA = try int(node, "transA", default: 0) != 0, transB = try int(node, "transB", default: 0) != 0
        let (m, k) = transA ? (a[1], a[0]) : (a[0], a[1])
        let (kb, n) = transB ? (b[1], b[0]) : (b[0], b[1])
        guard k == kb else {
            throw .shapeMismatch(node: node.name, detail: "A \(a) (transA \(transA ? 1 : 0)) and B \(b) "
                                     + "(transB \(transB ? 1 : 0)) disagree on the inner dimension")
        }
        if inputs.count == 3 { _ = try broadcast([m, n], inputs[2], node: node) }
        return ([m, n], k)
    }

    /// NumPy-style multidirectional broadcasting, as ONNX's Add defines it.
    private static func broadcast(_ a: [Int], _ b: [Int], node: NodeProto) throws(ONNXError) -> [Int] {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a, pb = Array(repeating: 1, count: rank - b.count) + b
        var out = [Int]()
        for (x, y) in zip(pa, pb) {
            guard x == y || x == 1 || y == 1 else {
                throw .shapeMismatch(node: node.name, detail: "shapes \(a) and \(b) do not broadcast")
            }
            out.append(x == 1 ? y : x)
        }
        return out
    }

    // MARK: - Attributes and checks

    private static func expectInputs(_ node: NodeProto, _ inputs: [[Int]], _ range: ClosedRange<Int>) throws(ONNXError) {
        guard range.contains(inputs.count) else {
            let expected = range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw .inputCount(node: node.name, opType: node.opType, expected: expected, found: inputs.count)
        }
    }

    private static func expectRank(_ node: NodeProto, _ role: String, _ shape: [Int], atLeast rank: Int)
        throws(ONNXError) {
        guard shape.count >= rank else {
            throw .shapeMismatch(node: node.name, detail: "\(role) \(shape) must have rank \(rank) or more")
        }
    }

    private static func int(_ node: NodeProto, _ name: String, default value: Int) throws(ONNXError) -> Int {
        switch node.attribute(named: name) {
        case nil: return value
        case .int(let v)?: return try ShapeLimits.attribute(v, name: name, node: node.name)
        case let other?:
            throw .shapeMismatch(node: node.name, detail: "attribute '\(name)' must be an INT, found type \(other.type)")
        }
    }

    private static func ints(_ node: NodeProto, _ name: String, default value: [Int], count: Int)
        throws(ONNXError) -> [Int] {
        switch node.attribute(named: name) {
        case nil: return value
        case .ints(let v)? where v.count == count:
            var out = [Int]()
            for x in v { out.append(try ShapeLimits.attribute(x, name: name, node: node.name)) }
            return out
        case .ints(let v)?:
            throw .shapeMismatch(node: node.name, detail: "attribute '\(name)' needs \(count) values, found \(v.count)")
        case let other?:
            throw .shapeMismatch(node: node.name, detail: "attribute '\(name)' must be INTS, found type \(other.type)")
        }
    }
}
