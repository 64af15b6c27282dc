import Foundation
import Kernels
import Network
import ONNX
import ShearsTestSupport
import Testing
import Runtime

/// The native backend beyond output parity (ResNetExportParityTests): what `shears layers
/// --backend native` sees, determinism across thread counts, and refusals.
struct NativeBackendTests {
    static func exported(_ architecture: ResNetArchitecture, fold: Bool) throws -> (URL, ResNet) {
        let net = try ResNet(architecture: architecture, seed: 5)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shears-native-\(UUID()).onnx")
        try exportONNX(net, to: url, foldBatchNorm: fold, producerVersion: "test")
        return (url, net)
    }

    /// One row per convolution (BN folded at load, ReLU and the residual Add fused into the
    /// convolution that finishes last), then the pooling (with Flatten) and fc.
    @Test(arguments: [false, true])
    func layerProfileCreditsFusedNodesToTheirConvolution(fold: Bool) throws {
        let (url, net) = try Self.exported(ResNetExportParityTests.thinned, fold: fold)
        defer { try? FileManager.default.removeItem(at: url) }
        let session = try NativeBackend().load(model: url, settings: SessionSettings(threads: 1, profiling: true))
        try session.setInput(BenchmarkRun.syntheticInput(count: 3 * 32 * 32))
        let profile = try LayerProfiler.profile(session, layers: try LayerFacts.load(onnx: url), iterations: 2, warmup: 0)
        let convs = net.convolutions.map(\.name)
        #expect(profile.rows.map(\.key).sorted() == (convs + ["avgpool", "fc"]).sorted())
        let fused = Dictionary(uniqueKeysWithValues: profile.rows.map { ($0.key, $0.row.fused.joined(separator: "+")) })
        let bn = { (name: String) in fold ? "" : name + "+" }
        #expect(fused["conv1"] == bn("bn1") + "relu")
        #expect(fused["layer1.0.conv1"] == bn("layer1.0.bn1") + "layer1.0.relu1")
        #expect(fused["layer1.0.conv2"] == bn("layer1.0.bn2") + "layer1.0.add+layer1.0.relu2")
        #expect(fused["layer2.0.conv2"] == (fold ? "" : "layer2.0.bn2"))
        #expect(fused["layer2.0.downsample.0"] == bn("layer2.0.downsample.1") + "layer2.0.add+layer2.0.relu2")
        #expect(fused["avgpool"] == "flatten")
        #expect(profile.rows.allSatisfy { $0.kind == .layer && $0.facts != nil })
    }

    @Test func sameBitsOnOneAndTwoThreadsAndEveryBatchRow() throws {
        let (url, _) = try Self.exported(ResNetExportParityTests.thinned, fold: false)
        defer { try? FileManager.default.removeItem(at: url) }
        var random = TestRandom(seed: 9)
        let image = random.floats(3 * 32 * 32)
        let one = try NativeBackend().load(model: url, settings: SessionSettings(threads: 1)).infer(image)
        let two = try NativeBackend().load(model: url, settings: SessionSettings(threads: 2)).infer(image)
        #expect(one == two)
        let batch = try NativeBackend().load(model: url, settings: SessionSettings(threads: 2, batch: 3))
            .infer(random.floats(3 * 32 * 32) + image + random.floats(3 * 32 * 32))
        #expect(Array(batch[10..<20]) == one)
    }

    @Test func refusesWhatItCannotRun() throws {
        let (url, _) = try Self.exported(ResNetExportParityTests.thinned, fold: true)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: BenchError.unsupportedSetting(backend: "native", setting: "--device", value: "GPU",
                                                      supported: "CPU")) {
            try NativeBackend().load(model: url, settings: SessionSettings(device: "GPU"))
        }
        #expect(throws: BenchError.unsupportedSetting(backend: "native", setting: "--precision", value: "bf16",
                                                      supported: "f32, default")) {
            try NativeBackend().load(model: url, settings: SessionSettings(precision: "bf16"))
        }
        var model = try ModelProto(contentsOf: url)
        model.graph.node[1].opType = "Sigmoid"
        try model.write(to: url)
        let error = #expect(throws: BenchError.self) { try NativeBackend().load(model: url, settings: SessionSettings()) }
        #expect(error?.description == "unsupported model '\(url.path)': node 'relu': operator 'Sigmoid' is not "
            + "supported by the native backend; supported: Conv, BatchNormalization, Relu, Add, GlobalAveragePool, "
            + "Flatten, Gemm")
    }
}
