import Foundation
import Testing
import Runtime

/// Per-layer profiles from the real runtime map back to our layer names.
@Suite(.serialized)
struct LayerProfileTests {
    static let ourLayers: Set<String> = ["conv1", "layer1.0.conv1", "layer1.0.conv2", "layer1.0.downsample.0",
                                         "avgpool", "fc"]

    @Test(arguments: ["block", "foldedBlock"])
    func profileRowsAreOurLayers(variant: String) throws {
        let directory = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("\(variant).onnx")
        let layers = try PythonFixtures.writeModel(variant, to: model)
        let backend = try OpenVINOBackendTests.makeBackend()
        let session = try backend.load(model: model, settings: SessionSettings(threads: 1, profiling: true))
        try session.setInput([Float](repeating: 0.5, count: 3 * 32 * 32))
        let profile = try LayerProfiler.profile(session, layers: layers, iterations: 5, warmup: 2)
        #expect(profile.iterations == 5)
        let layerRows = profile.rows.filter { $0.kind == .layer }
        #expect(Set(layerRows.map(\.key)) == Self.ourLayers, "\(profile.rows.map(\.key))")
        #expect(!profile.rows.contains { $0.kind == .unmapped }, "\(profile.rows)")
        // OpenVINO reports whole microseconds, so a sub-microsecond pooling row may read 0;
        // every convolution does measurable work.
        #expect(layerRows.allSatisfy { $0.medianMilliseconds >= 0 })
        #expect(layerRows.filter { $0.row.nodeType == "Convolution" }.allSatisfy { $0.medianMilliseconds > 0 },
                "\(layerRows.map { ($0.key, $0.medianMilliseconds) })")
        // Every BN, ReLU and Add of ours ran inside some convolution.
        let fused = Set(layerRows.flatMap(\.row.fused))
        let expectedFused: Set<String> = variant == "block"
            ? ["bn1", "relu", "layer1.0.bn1", "layer1.0.relu1", "layer1.0.bn2", "layer1.0.downsample.1",
               "layer1.0.add", "layer1.0.relu2"]
            : ["relu", "layer1.0.relu1", "layer1.0.add", "layer1.0.relu2"]
        #expect(expectedFused.isSubset(of: fused), "fused: \(fused.sorted())")
        let conv1 = try #require(layerRows.first { $0.key == "conv1" })
        #expect(conv1.row.nodeType == "Convolution")
        #expect(conv1.facts?.op == "Conv")
        #expect(abs(profile.rows.map { profile.share(of: $0) }.reduce(0, +) - 1) < 1e-9)
    }

    @Test func profilingOffIsAnError() throws {
        let directory = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("tiny.onnx")
        try PythonFixtures.writeModel("tiny", to: model)
        let session = try OpenVINOBackendTests.makeBackend().load(model: model, settings: SessionSettings(threads: 1))
        #expect(throws: BenchError.profilingDisabled) { try session.nodeTimings() }
        #expect("\(BenchError.profilingDisabled)"
            == "per-layer timings need a session compiled with profiling (PERF_COUNT) enabled")
    }
}

/// The attribution rules on a profile captured from OpenVINO 2026.4 (CPU, one thread) for a
/// BN-unfolded block, so each rule is pinned without depending on the runtime's mood.
struct LayerAttributionTests {
    static func node(_ name: String, _ type: String, _ exec: String = "jit", run: Bool = true, us: Int64 = 0)
        -> NodeTiming {
        NodeTiming(name: name, nodeType: type, execType: exec, status: run ? .executed : .notRun,
                   realTimeMicroseconds: us)
    }

    static let captured: [NodeTiming] = [
        node("input", "Parameter", run: false),
        node("input_abcd_acdb_Multiply_3954", "Reorder", us: 12),
        node("Multiply_3954", "Convolution", "brgconv_avx2_f32", us: 72),
        node("relu", "Relu", run: false),
        node("Multiply_3961", "Convolution", "brgconv_avx2_f32", us: 125),
        node("layer1.0.relu1", "Relu", run: false),
        node("Multiply_3975", "Convolution", "brgconv_avx2_1x1_f32", us: 51),  // downsample runs first
        node("Multiply_3968", "Convolution", "brgconv_avx2_f32", us: 130),
        node("layer1.0.add", "Add", run: false),
        node("layer1.0.relu2", "Relu", run: false),
        node("avgpool", "ReduceMean", us: 12),
        node("avgpool_acdb_abcd_flatten", "Reorder", us: 4),
        node("flatten", "Reshape", run: false),
        node("logits", "FullyConnected", "gemm_mlas_f32", us: 160),
        node("logits/sink_port_0", "Result", run: false),
    ]

    static let layers: [LayerFacts] = [
        LayerFacts(name: "conv1", op: "Conv", inputs: ["input"], outputs: ["conv1"]),
        LayerFacts(name: "bn1", op: "BatchNormalization", inputs: ["conv1"], outputs: ["bn1"]),
        LayerFacts(name: "relu", op: "Relu", inputs: ["bn1"], outputs: ["relu"]),
        LayerFacts(name: "layer1.0.conv1", op: "Conv", inputs: ["relu"], outputs: ["layer1.0.conv1"]),
        LayerFacts(name: "layer1.0.bn1", op: "BatchNormalization", inputs: ["layer1.0.conv1"],
                   outputs: ["layer1.0.bn1"]),
        LayerFacts(name: "layer1.0.relu1", op: "Relu", inputs: ["layer1.0.bn1"], outputs: ["layer1.0.relu1"]),
        LayerFacts(name: "layer1.0.conv2", op: "Conv", inputs: ["layer1.0.relu1"], outputs: ["layer1.0.conv2"]),
        LayerFacts(name: "layer1.0.bn2", op: "BatchNormalization", inputs: ["layer1.0.conv2"],
                   outputs: ["layer1.0.bn2"]),
        LayerFacts(name: "layer1.0.downsample.0", op: "Conv", inputs: ["relu"], outputs: ["layer1.0.downsample.0"]),
        LayerFacts(name: "layer1.0.downsample.1", op: "BatchNormalization", inputs: ["layer1.0.downsample.0"],
                   outputs: ["layer1.0.downsample.1"]),
        LayerFacts(name: "layer1.0.add", op: "Add", inputs: ["layer1.0.bn2", "layer1.0.downsample.1"],
                   outputs: ["layer1.0.add"]),
        LayerFacts(name: "layer1.0.relu2", op: "Relu", inputs: ["layer1.0.add"], outputs: ["layer1.0.relu2"]),
        LayerFacts(name: "avgpool", op: "GlobalAveragePool", inputs: ["layer1.0.relu2"], outputs: ["avgpool"]),
        LayerFacts(name: "flatten", op: "Flatten", inputs: ["avgpool"], outputs: ["flatten"]),
        LayerFacts(name: "fc", op: "Gemm", inputs: ["flatten", "fc.weight", "fc.bias"], outputs: ["logits"]),
    ]

    @Test func capturedProfileMapsToOurLayers() {
        let (rows, nodeRows) = LayerAttribution.attribute(Self.captured, layers: Self.layers)
        #expect(rows.map(\.key) == [
            "conv1", "layer1.0.conv1", "layer1.0.downsample.0", "layer1.0.conv2", "avgpool", "fc",
            "reorder before conv1", "reorder before flatten",
        ])
        #expect(rows.map(\.kind) == [.layer, .layer, .layer, .layer, .layer, .layer, .reorder, .reorder])
        #expect(rows.map(\.fused) == [
            ["bn1", "relu"], ["layer1.0.bn1", "layer1.0.relu1"], ["layer1.0.downsample.1"],
            ["layer1.0.bn2", "layer1.0.add", "layer1.0.relu2"], ["flatten"], [], [], [],
        ])
        #expect(rows[5].runtimeNodes == ["logits"])
        #expect(nodeRows == [nil, 6, 0, nil, 1, nil, 2, 3, nil, nil, 4, 7, nil, 5, nil])
    }

    @Test func withoutFactsRowsKeepRuntimeNames() {
        let (rows, _) = LayerAttribution.attribute(Self.captured, layers: [])
        #expect(rows.map(\.key) == [
            "Multiply_3954", "Multiply_3961", "Multiply_3975", "Multiply_3968", "avgpool", "logits",
            "reorder before Multiply_3954", "avgpool_acdb_abcd_flatten",
        ])
        #expect(rows.prefix(4).allSatisfy { $0.kind == .unmapped })
    }

    @Test func profileTakesPerRowMedians() {
        func run(_ scale: Int64) -> [NodeTiming] {
            Self.captured.map { var n = $0; n.realTimeMicroseconds *= scale; return n }
        }
        let profile = LayerProfile(runs: [run(1), run(3), run(2)], layers: Self.layers)
        #expect(profile.iterations == 3)
        #expect(profile.rows[0].medianMilliseconds == 0.144)  // 72 µs × median scale 2
        #expect(abs(profile.totalMilliseconds - 1.132) < 1e-12)  // 566 µs × 2
        #expect(profile.rows[0].facts?.op == "Conv")
        #expect(profile.rows[6].facts == nil)
    }
}

struct LayerFactsTests {
    @Test func readFromOnnxWithShapesMACsAndSparsity() throws {
        let directory = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("block.onnx")
        let fromPython = try PythonFixtures.writeModel("block", to: model)
        let facts = try LayerFacts.load(onnx: model, batch: 2)
        #expect(facts.map(\.name) == fromPython.map(\.name))
        #expect(facts.map(\.inputs) == fromPython.map(\.inputs))
        let conv1 = try #require(facts.first)
        #expect(conv1.op == "Conv")
        #expect(conv1.outputShape == [2, 8, 32, 32])
        #expect(conv1.parameters == 8 * 3 * 3 * 3)
        #expect(conv1.macs == 2 * 8 * 32 * 32 * 3 * 3 * 3)
        #expect(conv1.sparsity == 0)
        #expect(facts.first { $0.name == "relu" }?.sparsity == nil)
    }
}
