import Runtime
import ONNX
import Testing

/// Reading the executed precision from OpenVINO exec types (the strings below are the CPU plugin's,
/// copied from profiles of FP32 and INT8 ResNet-20s on 2026.4.1), and the warning for quantised
/// layers that ran in float. CLITests/QuantizedModelTests checks the same on real OpenVINO.
struct ExecutedPrecisionTests {
    @Test func precisionIsTheExecTypeSuffix() {
        let cases: [(String, String?)] = [
            ("brgconv_avx512_I8", "i8"), ("brgconv_avx512_1x1_I8", "i8"), ("brgemm_avx512_I8", "i8"),
            ("brgconv_avx512_FP32", "f32"), ("jit_avx512_f32", "f32"), ("brgconv_avx512_amx_BF16", "bf16"),
            ("jit_uni_FP16", "f16"), ("undef", nil), ("unknown_I8", "i8"), ("avx512_implicit", nil), ("", nil),
        ]
        for (execType, expected) in cases {
            #expect(ExecutedPrecision.parse(execType: execType) == expected, "\(execType)")
        }
    }

    @Test func summaryCountsExecutedComputeNodesMostFrequentFirst() {
        func node(_ type: String, _ exec: String, _ status: NodeTiming.Status = .executed) -> NodeTiming {
            NodeTiming(name: "n", nodeType: type, execType: exec, status: status, realTimeMicroseconds: 1)
        }
        let nodes = [node("Subgraph", "jit_avx512_f32"), node("Convolution", "brgconv_avx512_FP32"),
                     node("Convolution", "brgconv_avx512_I8"), node("Convolution", "brgconv_avx512_I8"),
                     node("FullyConnectedQuantizedLegacy", "brgemm_avx512_I8"), node("Reorder", "jit_uni_I8"),
                     node("Convolution", "brgconv_avx512_BF16", .notRun)]
        #expect(ExecutedPrecision.summary(nodes) == "i8+f32")
        #expect(ExecutedPrecision.summary(Array(nodes.prefix(2))) == "f32")
        #expect(ExecutedPrecision.summary([node("Reorder", "jit_uni_I8")]) == nil)
    }

    @Test func onlyTheCPUGetsTheF32HintByDefault() {
        #expect(SessionSettings.defaultPrecision(device: "CPU") == "f32")
        #expect(SessionSettings.defaultPrecision(device: "cpu") == "f32")
        for device in ["GPU", "GPU.1", "NPU", "MYRIAD", "AUTO"] {
            #expect(SessionSettings.defaultPrecision(device: device) == nil, "\(device)")
        }
    }

    /// conv1 carries QDQ and ran in f32, layer1.0.conv1 carries QDQ and ran in i8, fc is float.
    @Test func warnsOnceForQuantizedLayersThatRanInFloat() {
        let q = LayerQuantization(inputs: [.init(index: 1, role: .parameter, elementType: "int8", axis: 0)], nodes: [])
        let layers = [LayerFacts(name: "conv1", op: "Conv", inputs: ["input"], outputs: ["conv1"], quantization: q),
                      LayerFacts(name: "layer1.0.conv1", op: "Conv", inputs: ["conv1"], outputs: ["c2"], quantization: q),
                      LayerFacts(name: "fc", op: "Gemm", inputs: ["c2"], outputs: ["logits"])]
        let nodes = [NodeTiming(name: "conv1", nodeType: "Convolution", execType: "brgconv_avx512_FP32",
                                status: .executed, realTimeMicroseconds: 5),
                     NodeTiming(name: "layer1.0.conv1", nodeType: "Convolution", execType: "brgconv_avx512_I8",
                                status: .executed, realTimeMicroseconds: 3),
                     NodeTiming(name: "fc", nodeType: "FullyConnected", execType: "brgemm_avx512_FP32",
                                status: .executed, realTimeMicroseconds: 1)]
        let profile = LayerProfile(runs: [nodes], layers: layers)
        #expect(ExecutedPrecision.warnings(profile, model: "m.onnx") == [
            "warning: m.onnx: 1 of 2 quantized layers (QuantizeLinear/DequantizeLinear on their inputs) execute in "
                + "f32: conv1; the runtime did not fuse their QDQ into int8 kernels, so they cost float time "
                + "(quantize activations as well as weights, per-tensor or per-output-channel)",
        ])
        var fused = nodes
        fused[0].execType = "brgconv_avx512_I8"
        #expect(ExecutedPrecision.warnings(LayerProfile(runs: [fused], layers: layers), model: "m.onnx").isEmpty)
    }
}
