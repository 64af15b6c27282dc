import ONNX
import Testing

/// Dims of 2³⁰ or [2⁶², 2⁶²] overflowed the element and MAC counts in ShapeInference and
/// ONNXSummary (a trap in summary, native bench, layers, agent bench); they are errors now.
struct ShapeLimitsTests {
    static func model(weight dims: [Int64], input: [TensorShapeDimension] = [.param("N"), 3, 8, 8]) -> ModelProto {
        let conv = NodeProto(input: ["x", "w"], output: ["y"], name: "conv", opType: "Conv")
        let weight = TensorProto(dims: dims, dataType: 1, name: "w")
        return ModelProto(graph: GraphProto(node: [conv], initializer: [weight],
                                            input: [ValueInfoProto(name: "x", floatShape: input)]))
    }

    @Test func hugeInitializerDimsAreAnErrorNotATrap() {
        let error = #expect(throws: ONNXError.self) { try ONNXSummary(model: Self.model(weight: [1 << 62, 1 << 62])) }
        #expect(error?.description == "'w' has shape [4611686018427387904, 4611686018427387904]; dims must lie in "
                    + "0...2147483648 and hold at most 1099511627776 elements")
    }

    @Test func anOutputBeyondTheElementLimitIsAnError() {
        // 2³⁰ filters over a 2³⁰-pixel-wide input: every dim and input fits, the 2⁶⁰-element output does not.
        let model = Self.model(weight: [1 << 30, 3, 3, 3], input: [.param("N"), 3, 3, .value(1 << 30)])
        let error = #expect(throws: ONNXError.self) { try ONNXSummary(model: model) }
        #expect(error == .shapeTooLarge(value: "conv", shape: [1, 1 << 30, 1, (1 << 30) - 2]))
    }

    @Test func aGraphWithoutNodesIsAnError() {
        let error = #expect(throws: ONNXError.self) { try ONNXSummary(model: ModelProto(graph: GraphProto())) }
        #expect(error == .emptyGraph)
    }
}
