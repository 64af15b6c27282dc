import Kernels
import ONNX
import ShearsTestSupport
import Testing

struct ONNXGraphBuilderTests {
    @Test func followsTheNamingAndTypingConventions() throws {
        let model = try TinyResNet(seed: 3).model(foldBatchNorm: false)
        #expect(model.irVersion == 8)
        #expect(model.opsetImport == [OperatorSetIdProto(domain: "", version: 13)])
        #expect(model.producerName == "shears")
        let g = model.graph
        #expect(g.input == [ValueInfoProto(name: "input", floatShape: [.param("N"), 3, 32, 32])])
        #expect(g.output == [ValueInfoProto(name: "logits", floatShape: [.param("N"), 10])])
        #expect(g.node.map(\.name).prefix(4) == ["conv1", "bn1", "relu", "layer1.0.conv1"])
        #expect(g.node[0].input == ["input", "conv1.weight"])
        #expect(g.node[1].input == ["conv1", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var"])
        #expect(g.node.last?.input == ["flatten", "fc.weight", "fc.bias"])
        #expect(g.node.last?.output == ["logits"])
        #expect(g.initializer.map(\.name).suffix(2) == ["fc.weight", "fc.bias"])
        // value_info: every node output but the graph output, with the symbolic batch.
        #expect(g.valueInfo.count == g.node.count - 1)
        #expect(g.valueInfo.first { $0.name == "layer2.0.downsample.0" }
                    == ValueInfoProto(name: "layer2.0.downsample.0", floatShape: [.param("N"), 8, 16, 16]))
    }

    @Test func convAttributesAreExplicit() throws {
        let conv = try #require(try TinyResNet(seed: 3).model(foldBatchNorm: false).graph.node
            .first { $0.name == "layer2.0.conv1" })
        #expect(conv.attribute == [
            .ints("dilations", [1, 1]), .int("group", 1), .ints("kernel_shape", [3, 3]), .ints("pads", [1, 1, 1, 1]),
            .ints("strides", [2, 2]),
        ])
    }

    @Test func foldingRemovesEveryBatchNormalization() throws {
        let folded = try TinyResNet(seed: 3).model(foldBatchNorm: true).graph
        #expect(!folded.node.contains { $0.opType == "BatchNormalization" })
        #expect(folded.node.filter { $0.opType == "Conv" }.allSatisfy { $0.input.last == "\($0.name).bias" })
    }

    @Test func rejectsWhatWouldMakeAnInvalidGraph() throws {
        var b = ONNXGraphBuilder()
        let w = Tensor(shape: [16, 8, 3, 3])
        var error = #expect(throws: ONNXError.self) {
            try b.addConv(name: "layer1.0.conv1", input: "input", weight: w, bias: nil, pads: [1, 1, 1, 1])
        }
        #expect(error?.description == "node 'layer1.0.conv1': input [1, 3, 32, 32] has 3 channels but weight "
                    + "[16, 8, 3, 3] with group 1 expects 8")
        try b.addRelu(name: "relu", input: "input")
        error = #expect(throws: ONNXError.self) { try b.addRelu(name: "relu", input: "input") }
        #expect(error?.description == "the name 'relu' is already used by another node, value or initializer")
        error = #expect(throws: ONNXError.self) { try b.addRelu(name: "relu2", input: "conv9") }
        #expect(error?.description
                    == "node 'relu2': input 'conv9' is not a graph input, an initializer or an earlier node's output")
        error = #expect(throws: ONNXError.self) { try b.addGemm(name: "fc", input: "relu", weight: w, bias: nil) }
        #expect(error?.description == "node 'fc': A [1, 3, 32, 32] and B [16, 8, 3, 3] must be matrices")
    }
}

struct BatchNormFoldingTests {
    @Test func matchesConvolutionFollowedByBatchNorm() {
        let net = TinyResNet(seed: 4)
        let l = net.block2a
        let f = foldBatchNorm(convWeight: l.weight, convBias: nil, scale: l.scale, bias: l.bias, mean: l.mean,
                              variance: l.variance, epsilon: l.epsilon)
        // Per output channel: w' = w·s and b' = β − μ·s, s = γ/√(σ²+ε), checked element by element.
        let perFilter = l.weight.count / l.weight.shape[0]
        var expectedWeight = [Float](), expectedBias = [Float]()
        for k in 0..<l.weight.shape[0] {
            let s = l.scale.data[k] / (l.variance.data[k] + l.epsilon).squareRoot()
            expectedWeight += l.weight.data[(k * perFilter)..<((k + 1) * perFilter)].map { $0 * s }
            expectedBias.append(l.bias.data[k] - l.mean.data[k] * s)
        }
        #expect(f.weight.shape == l.weight.shape)
        let w = closeness(f.weight.data, expectedWeight, tol: 1e-6, label: "folded weight")
        let b = closeness(f.bias.data, expectedBias, tol: 1e-6, label: "folded bias")
        #expect(w.ok, "\(w.message)")
        #expect(b.ok, "\(b.message)")
    }

    @Test func keepsAnExistingConvBias() {
        // γ = 2, σ² + ε = 4 → s = 1: w' = w, b' = (b − μ)·1 + β.
        let f = foldBatchNorm(convWeight: Tensor(shape: [1, 1, 1, 1], data: [3]),
                              convBias: Tensor(shape: [1], data: [5]), scale: Tensor(shape: [1], data: [2]),
                              bias: Tensor(shape: [1], data: [0.25]), mean: Tensor(shape: [1], data: [1]),
                              variance: Tensor(shape: [1], data: [3.5]), epsilon: 0.5)
        #expect(f.weight.data == [3])
        #expect(f.bias.data == [4.25])
    }
}
