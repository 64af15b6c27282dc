import Foundation
import Kernels
import ONNX
import ShearsTestSupport
import Testing
import Tuning

/// The BENCH stage on the real runtime (OpenVINO from the venv): two small convolutional
/// networks built with our ONNX writer, one four times as wide as the other.
@Suite(.serialized)
struct LocalTrialBencherTests {
    /// conv1 (3→`width`) → relu → conv2 (`width`→`width`) → avgpool → flatten → fc.
    static func onnx(width: Int) throws -> [UInt8] {
        var random = TestRandom(seed: UInt64(width))
        var b = ONNXGraphBuilder()
        var x = try b.addConv(name: "conv1", input: b.inputName,
                              weight: Tensor(shape: [width, 3, 3, 3], data: random.floats(width * 27)),
                              bias: nil, strides: [1, 1], pads: [1, 1, 1, 1])
        x = try b.addRelu(name: "relu", input: x)
        x = try b.addConv(name: "conv2", input: x,
                          weight: Tensor(shape: [width, width, 3, 3], data: random.floats(width * width * 9)),
                          bias: nil, strides: [1, 1], pads: [1, 1, 1, 1])
        x = try b.addFlatten(name: "flatten", input: try b.addGlobalAveragePool(name: "avgpool", input: x))
        let logits = try b.addGemm(name: "fc", input: x, weight: Tensor(shape: [10, width], data: random.floats(10 * width)),
                                   bias: Tensor(shape: [10], data: random.floats(10)))
        return try b.model(output: logits, producerVersion: "test").serializedBytes()
    }

    @Test(arguments: ["openvino", "native"])
    func aThinnerModelIsMeasuredAgainstTheBaselineWithALayerTable(backend: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-bencher-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let baseline = dir.appendingPathComponent("baseline.onnx")
        try Data(try Self.onnx(width: 64)).write(to: baseline)
        let objective = SweepConfiguration.Objective(backend: backend, threads: 1, iterations: 30, warmup: 5, profileIterations: 10)
        let bencher = try LocalTrialBencher(objective: objective, scratch: dir.appendingPathComponent("trial.onnx"))
        let trained = TrainedTrial(trial: 2, seed: 1, valTop1: 0.5, testTop1: 0.5, parameterCount: 0, macs: 0,
                                   checkpoint: [], onnx: try Self.onnx(width: 16), trainSeconds: 0)
        let benched = try bencher.bench(trained, baseline: baseline)
        #expect(benched.trial == 2)
        #expect(benched.latency.count == 30 && benched.baselineLatency.count == 30)
        // 16x fewer MACs in conv2: the thin model must be faster even on a loaded machine.
        #expect(benched.latencyRatio < 0.8)
        #expect(benched.runtime["backend"]?.string == backend)
        #expect(benched.runtime["threads"]?.int == 1)
        #expect(benched.runtime["model_sha256"]?.string?.count == 64)
        #expect(benched.runtime["model_sha256"] != benched.runtime["baseline_sha256"])
        let conv2 = try #require(benched.layers.first { $0.layer == "conv2" })
        #expect(conv2.op == "Conv")
        #expect(conv2.ms! < conv2.baselineMs!)
        #expect(benched.layersCSV.hasPrefix(
            "kind,layer,op,baseline_precision,baseline_ms,baseline_percent,precision,median_ms,percent,speedup\n"))
        #expect(benched.layersCSV.contains("\nlayer,conv2,Conv,"))
    }
}
