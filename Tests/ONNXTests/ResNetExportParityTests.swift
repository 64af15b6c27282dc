import Foundation
import Kernels
import Network
import ONNX
import ShearsTestSupport
import Testing
import Training
import Runtime

/// The exporter judged by the reference tools on real networks: `onnx.checker` (full check),
/// onnxruntime and OpenVINO against Shears' own evaluation forward (`ResNet.forward(_:training:
/// false)`), and the native backend against onnxruntime — on 16 real CIFAR-10 test images, for
/// ResNet-20 and a thinned ResNet-20 with uneven widths, with BN folded and not.
struct ResNetExportParityTests {
    static let images = 16
    static let tolerance: Float = 1e-4
    /// The usual CIFAR-10 statistics; any fixed values do, the input only has to be realistic.
    static let mean: [Float] = [0.4914, 0.4822, 0.4465], std: [Float] = [0.2470, 0.2435, 0.2616]

    /// Stage widths [12, 24, 40] with every block's inner width different.
    static let thinned = ResNetArchitecture(stages: [
        .init(width: 12, stride: 1, innerWidths: [5, 12, 9]),
        .init(width: 24, stride: 2, innerWidths: [17, 3, 24]),
        .init(width: 40, stride: 2, innerWidths: [40, 13, 29]),
    ])

    /// The first `count` images of the real test batch, normalised, NCHW.
    static func testImages(mean: [Float], std: [Float], count: Int = images) throws -> Tensor {
        let dir = try #require(TestPaths.cifar, "no CIFAR-10 data at data/cifar-10-batches-bin: run `make setup`")
        let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent("test_batch.bin")))
        let record = 1 + 3 * 32 * 32, plane = 32 * 32
        var values = [Float]()
        values.reserveCapacity(count * 3 * plane)
        for i in 0..<count {
            for c in 0..<3 {
                for p in 0..<plane { values.append((Float(bytes[i * record + 1 + c * plane + p]) / 255 - mean[c]) / std[c]) }
            }
        }
        return Tensor(shape: [count, 3, 32, 32], data: values)
    }

    /// A network whose batch-norms matter: running statistics from training-mode passes over
    /// the images (then scaled and shifted at random), γ and β random.
    static func network(_ architecture: ResNetArchitecture, seed: UInt64, images: Tensor) throws -> ResNet {
        let net = try ResNet(architecture: architecture, seed: seed)
        for _ in 0..<12 { _ = net.forward(images, training: true) }
        var random = TestRandom(seed: seed)
        for bn in net.batchNorms {
            let c = bn.channels
            bn.weight.value = Tensor(shape: [c], data: random.floats(c).map { 1 + 0.4 * $0 })
            bn.bias.value = Tensor(shape: [c], data: random.floats(c).map { 0.2 * $0 })
            bn.runningMean = Tensor(shape: [c], data: zip(bn.runningMean.data, random.floats(c)).map { $0 + 0.1 * $1 })
            bn.runningVar = Tensor(shape: [c], data: zip(bn.runningVar.data, random.floats(c)).map { $0 * (1 + 0.3 * $1) })
        }
        return net
    }

    static let script = """
        import sys, numpy as np, onnx, onnxruntime as ort, openvino as ov
        d, names, count = sys.argv[1], sys.argv[2].split(","), int(sys.argv[3])
        x = np.fromfile(f"{d}/input.bin", dtype="<f4").reshape(count, 3, 32, 32)
        core = ov.Core()
        for name in names:
            path = f"{d}/{name}.onnx"
            onnx.checker.check_model(path, full_check=True)
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
            (y,) = session.run(["logits"], {"input": x})
            y.astype("<f4").tofile(f"{d}/{name}.onnxruntime.out")
            compiled = core.compile_model(path, "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
            compiled(x)[compiled.output(0)].astype("<f4").tofile(f"{d}/{name}.openvino.out")
            i, o = session.get_inputs()[0], session.get_outputs()[0]
            print(f"{name}: checked, {i.name} {i.shape} -> {o.name} {o.shape}")
        """

    /// Exports every (name, network) plain and folded, runs the script, and checks onnxruntime
    /// and OpenVINO against `forward`, and the native backend (batch `images`) against onnxruntime.
    static func checkParity(_ networks: [(name: String, net: ResNet)], input: Tensor) throws {
        let dir = try PythonParityTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var names: [String] = []
        for (name, net) in networks {
            for fold in [false, true] {
                let file = fold ? "\(name)-folded" : name
                try exportONNX(net, to: dir.appendingPathComponent("\(file).onnx"), foldBatchNorm: fold,
                               producerVersion: "test")
                names.append(file)
            }
        }
        try PythonParityTests.writeFloats(input.data, to: dir.appendingPathComponent("input.bin"))
        let out = try PythonParityTests.python(script, [dir.path, names.joined(separator: ","), "\(input.shape[0])"])
        #expect(out == names.map { "\($0): checked, input ['N', 3, 32, 32] -> logits ['N', 10]\n" }.joined())

        // Both native paths: AVX-512 (when this CPU has it) and the portable im2col + gemm one.
        let natives = [NativeBackend(version: "test"), NativeBackend(version: "test", allowsAVX512: false)]
        let settings = SessionSettings(threads: 1, batch: input.shape[0])
        for (name, net) in networks {
            let reference = net.forward(input, training: false).data
            for file in [name, "\(name)-folded"] {
                let onnxruntime = try PythonParityTests.readFloats(dir.appendingPathComponent("\(file).onnxruntime.out"))
                let openvino = try PythonParityTests.readFloats(dir.appendingPathComponent("\(file).openvino.out"))
                let nativeOut = try natives.map {
                    try $0.load(model: dir.appendingPathComponent("\(file).onnx"), settings: settings).infer(input.data)
                }
                #expect(onnxruntime.count == input.shape[0] * 10)
                for (label, a, b) in [("\(file): onnxruntime vs shears forward", onnxruntime, reference),
                                      ("\(file): openvino vs shears forward", openvino, reference),
                                      ("\(file): native vs onnxruntime", nativeOut[0], onnxruntime),
                                      ("\(file): native (portable path) vs onnxruntime", nativeOut[1], onnxruntime)] {
                    let c = closeness(a, b, tol: tolerance, label: label)
                    #expect(c.ok, "\(c.message)")
                }
            }
        }
    }

    @Test func resNet20AndAThinnedResNetMatchOnnxruntimeOpenVINOAndNative() throws {
        let input = try Self.testImages(mean: Self.mean, std: Self.std)
        let full = try Self.network(try .cifar(depth: 20), seed: 11, images: input)
        let thin = try Self.network(Self.thinned, seed: 12, images: input)
        // BN matters: the logits move when the running statistics are reset to PyTorch's initial ones.
        let reset = try ResNet(architecture: Self.thinned, seed: 0)
        try reset.load(namedTensors: Dictionary(uniqueKeysWithValues: thin.namedTensors.map { ($0.name, $0.value) }))
        for bn in reset.batchNorms {
            bn.runningMean = Tensor(shape: [bn.channels])
            bn.runningVar = Tensor(shape: [bn.channels], repeating: 1)
        }
        #expect(maxAbsDiff(reset.forward(input, training: false).data, thin.forward(input, training: false).data) > 0.1)
        try Self.checkParity([("resnet20", full), ("thinned", thin)], input: input)
    }

    @Test func thinnedExportCarriesTheActualChannelCounts() throws {
        let input = try Self.testImages(mean: Self.mean, std: Self.std, count: 1)
        let model = try exportONNX(try Self.network(Self.thinned, seed: 3, images: input), foldBatchNorm: true,
                                   producerVersion: "test")
        let summary = try ONNXSummary(model: model)
        let shapes = Dictionary(uniqueKeysWithValues: summary.nodes.map { ($0.name, $0.outputShape) })
        #expect(shapes["layer1.0.conv1"] == [1, 5, 32, 32])
        #expect(shapes["layer2.1.conv1"] == [1, 3, 16, 16])
        #expect(shapes["layer2.0.downsample.0"] == [1, 24, 16, 16])
        #expect(shapes["layer3.2.add"] == [1, 40, 8, 8])
        #expect(shapes["flatten"] == [1, 40])
        #expect(model.graph.output.map(\.name) == ["logits"])
        #expect(model.irVersion == 8 && model.opsetImport == [OperatorSetIdProto(domain: "", version: 13)])
        #expect(summary.nodes.map(\.opType).filter { $0 == "BatchNormalization" }.isEmpty)
        #expect(summary.totalMACs == Self.thinned.macs())
    }

    /// The baseline checkpoint committed under Models/ (trained by `shears train`), with its
    /// own normalisation: what users export first.
    @Test func committedBaselineCheckpointMatches() throws {
        let path = TestPaths.root.appendingPathComponent("Models/resnet20-cifar10-subset.safetensors").path
        let checkpoint = try #require(try? Checkpoint(contentsOf: path), "no baseline checkpoint at \(path)")
        let input = try Self.testImages(mean: checkpoint.normalization.mean, std: checkpoint.normalization.std)
        try Self.checkParity([("baseline", checkpoint.network)], input: input)
    }
}
