import ONNX
import Testing

/// QuantizeLinear/DequantizeLinear read from a hand-built graph (the shapes onnxruntime and NNCF
/// write: uint8 activations through Q → DQ, int8 weights per output channel and an int32 bias
/// behind DQ); CLITests/QuantizedModelTests runs the same on the tools' own output.
struct QDQSummaryTests {
    static func tensor(_ name: String, _ dims: [Int64], type: Int32, bytesPerElement: Int) -> TensorProto {
        let count = dims.reduce(1, *)
        return TensorProto(dims: dims, dataType: type, name: name,
                           rawData: [UInt8](repeating: 1, count: Int(count) * bytesPerElement))
    }

    /// input [N,3,8,8] → Q/DQ (uint8) → Conv (4 filters, int8 weight per-axis, int32 bias) → Q/DQ → Relu,
    /// the last pair quantising the graph output, as onnxruntime does for `logits`.
    static func model(weightScale: [Int64] = [4], axis: Int? = 0) -> ModelProto {
        var attributes = [AttributeProto]()
        if let axis { attributes.append(.int("axis", axis)) }
        let nodes = [
            NodeProto(input: ["input", "s", "zp"], output: ["input_q"], name: "input_QuantizeLinear", opType: "QuantizeLinear"),
            NodeProto(input: ["input_q", "s", "zp"], output: ["input_dq"], name: "input_DequantizeLinear",
                      opType: "DequantizeLinear"),
            NodeProto(input: ["w_q", "w_s", "w_zp"], output: ["w_dq"], name: "w_DequantizeLinear",
                      opType: "DequantizeLinear", attribute: attributes),
            NodeProto(input: ["b_q", "b_s", "b_zp"], output: ["b_dq"], name: "b_DequantizeLinear", opType: "DequantizeLinear"),
            NodeProto(input: ["input_dq", "w_dq", "b_dq"], output: ["conv"], name: "conv", opType: "Conv",
                      attribute: [.ints("pads", [1, 1, 1, 1])]),
            NodeProto(input: ["conv"], output: ["relu"], name: "relu", opType: "Relu"),
            NodeProto(input: ["relu", "s", "zp"], output: ["relu_q"], name: "relu_QuantizeLinear", opType: "QuantizeLinear"),
            NodeProto(input: ["relu_q", "s", "zp"], output: ["logits"], name: "relu_DequantizeLinear",
                      opType: "DequantizeLinear"),
        ]
        let initializers = [
            TensorProto(dims: [], dataType: TensorProto.float, name: "s", floatData: [0.1]),
            tensor("zp", [], type: 2, bytesPerElement: 1),
            tensor("w_q", [4, 3, 3, 3], type: 3, bytesPerElement: 1),
            TensorProto(dims: weightScale, dataType: TensorProto.float, name: "w_s",
                        floatData: [Float](repeating: 0.01, count: Int(weightScale.reduce(1, *)))),
            tensor("w_zp", weightScale, type: 3, bytesPerElement: 1),
            tensor("b_q", [4], type: 6, bytesPerElement: 4),
            TensorProto(dims: [], dataType: TensorProto.float, name: "b_s", floatData: [0.001]),
            tensor("b_zp", [], type: 6, bytesPerElement: 4),
        ]
        let graph = GraphProto(node: nodes, name: "qdq", initializer: initializers,
                               input: [ValueInfoProto(name: "input", floatShape: [.param("N"), 3, 8, 8])],
                               output: [ValueInfoProto(name: "logits", floatShape: [.param("N"), 4, 8, 8])])
        return ModelProto(graph: graph)
    }

    @Test func layersReadThroughQDQWithFloatParametersAndMACs() throws {
        let summary = try ONNXSummary(model: Self.model())
        #expect(summary.nodes.map(\.name) == ["conv", "relu"])
        #expect(summary.quantizationNodeCount == 6)
        // Weight 4·3·3·3 and bias 4 counted at the Conv; scales and zero points are not parameters.
        #expect(summary.totalParameters == 108 + 4)
        #expect(summary.totalMACs == 4 * 27 * 64)
        let conv = summary.nodes[0]
        #expect(conv.inputs == ["input", "w_q", "b_q"])
        #expect(conv.quantization?.description == "w int8 per-axis, b int32, a uint8")
        #expect(conv.quantization?.weight == .init(index: 1, role: .parameter, elementType: "int8", axis: 0))
        #expect(conv.quantization?.nodes == ["input_QuantizeLinear", "input_DequantizeLinear", "w_DequantizeLinear",
                                             "b_DequantizeLinear"])
        // The pair on the graph output quantises relu's output and is credited to relu.
        #expect(summary.nodes[1].quantization == LayerQuantization(inputs: [],
                                                                   nodes: ["relu_QuantizeLinear", "relu_DequantizeLinear"]))
        #expect(summary.table() == """
            node   op    output shape  params  MACs  quantized
            conv   Conv  1x4x8x8          112  6912  w int8 per-axis, b int32, a uint8
            relu   Relu  1x4x8x8            0     0
            total                         112  6912
            quantized: 1 of 1 Conv (weights int8 per-axis, activations uint8); 6 QuantizeLinear/DequantizeLinear nodes attributed to the layers they feed
            """)
    }

    @Test func perAxisScaleMustMatchItsAxis() throws {
        let error = #expect(throws: ONNXError.self) { try ONNXSummary(model: Self.model(weightScale: [3], axis: 0)) }
        #expect(error?.description == "node 'w_DequantizeLinear': scale [3] must be a scalar or [4] along axis 0 "
                    + "of input [4, 3, 3, 3]")
        // Axis 1 has 3 channels: valid per-axis quantisation, reported as such.
        let summary = try ONNXSummary(model: Self.model(weightScale: [3], axis: 1))
        #expect(summary.nodes[0].quantization?.weight?.axis == 1)
    }
}
