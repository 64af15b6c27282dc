import ONNX
import Testing

struct ONNXSummaryTests {
    @Test func countsShapesParametersAndMACs() throws {
        let model = try ModelProto(serializedBytes: try TinyResNet(seed: 5).model(foldBatchNorm: false).serializedBytes())
        let summary = try ONNXSummary(model: model)
        #expect(summary.irVersion == 8)
        #expect(summary.opsetVersion == 13)
        #expect(summary.producer == "shears test")
        // Conv MACs = K·C·R·S·Ho·Wo: conv1 4·3·3·3·32·32 = 110592; Gemm MACs = in·out = 8·10.
        #expect(summary.totalParameters == 1526)
        #expect(summary.totalMACs == 634_960)
        #expect(summary.table() == """
            node                   op                  output shape  params    MACs
            conv1                  Conv                1x4x32x32        108  110592
            bn1                    BatchNormalization  1x4x32x32         16       0
            relu                   Relu                1x4x32x32          0       0
            layer1.0.conv1         Conv                1x4x32x32        144  147456
            layer1.0.bn1           BatchNormalization  1x4x32x32         16       0
            layer1.0.relu1         Relu                1x4x32x32          0       0
            layer1.0.conv2         Conv                1x4x32x32        144  147456
            layer1.0.bn2           BatchNormalization  1x4x32x32         16       0
            layer1.0.add           Add                 1x4x32x32          0       0
            layer1.0.relu2         Relu                1x4x32x32          0       0
            layer2.0.conv1         Conv                1x8x16x16        288   73728
            layer2.0.bn1           BatchNormalization  1x8x16x16         32       0
            layer2.0.relu1         Relu                1x8x16x16          0       0
            layer2.0.conv2         Conv                1x8x16x16        576  147456
            layer2.0.bn2           BatchNormalization  1x8x16x16         32       0
            layer2.0.downsample.0  Conv                1x8x16x16         32    8192
            layer2.0.downsample.1  BatchNormalization  1x8x16x16         32       0
            layer2.0.add           Add                 1x8x16x16          0       0
            layer2.0.relu2         Relu                1x8x16x16          0       0
            avgpool                GlobalAveragePool   1x8x1x1            0       0
            flatten                Flatten             1x8                0       0
            fc                     Gemm                1x10              90      80
            total                                                      1526  634960
            """)
    }

    @Test func batchScalesShapesAndMACsButNotParameters() throws {
        let model = try TinyResNet(seed: 5).model(foldBatchNorm: true)
        let one = try ONNXSummary(model: model), eight = try ONNXSummary(model: model, batch: 8)
        #expect(eight.totalMACs == 8 * one.totalMACs)
        #expect(eight.totalParameters == one.totalParameters)
        #expect(eight.nodes.last?.outputShape == [8, 10])
        // Folding drops the BN statistics and adds one bias per conv output channel.
        #expect(one.totalParameters == 1526 - 4 * (4 + 4 + 4 + 8 + 8 + 8) + (4 + 4 + 4 + 8 + 8 + 8))
    }

    @Test func unsupportedOperatorsAreNamed() {
        let graph = GraphProto(node: [NodeProto(input: ["x"], output: ["y"], name: "pool1", opType: "MaxPool")],
                               input: [ValueInfoProto(name: "x", floatShape: [.param("N"), 3, 8, 8])])
        let error = #expect(throws: ONNXError.self) { try ONNXSummary(model: ModelProto(graph: graph)) }
        #expect(error?.description == "node 'pool1': unsupported operator 'MaxPool'; supported: Add, "
                    + "BatchNormalization, Conv, DequantizeLinear, Flatten, Gemm, GlobalAveragePool, QuantizeLinear, Relu")
    }
}
