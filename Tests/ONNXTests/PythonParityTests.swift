import Foundation
import Kernels
import ONNX
import ShearsTestSupport
import Testing
import Runtime

/// The reference implementations judge our files: `onnx.checker` (full check, which runs
/// strict shape inference), protobuf's own re-serialisation, and onnxruntime's and
/// OpenVINO's outputs against the plain-loop forward in `TinyResNet`.
struct PythonParityTests {
    static let batch = 2

    /// Runs a Python snippet with the venv interpreter; fails with the remedy when it is missing.
    static func python(_ script: String, _ arguments: [String]) throws -> String {
        let python = try #require(TestPaths.python,
                                  "no Python venv at .venv/bin/python: run `make setup` to install onnx and onnxruntime")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shears-onnx-\(UUID()).py")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try runProcess(python, [file.path] + arguments)
        try #require(result.status == 0, "python failed (\(result.status)):\n\(result.stderr)")
        return result.stdout
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-onnx-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func writeFloats(_ values: [Float], to url: URL) throws {
        try Data(values.flatMap { v in withUnsafeBytes(of: v.bitPattern.littleEndian, Array.init) }).write(to: url)
    }

    static func readFloats(_ url: URL) throws -> [Float] {
        let bytes = [UInt8](try Data(contentsOf: url))
        return stride(from: 0, to: bytes.count, by: 4).map { i in
            Float(bitPattern: UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16
                  | UInt32(bytes[i + 3]) << 24)
        }
    }

    static let checkAndRun = """
        import sys, numpy as np, onnx, onnxruntime as ort, openvino as ov
        d, batch = sys.argv[1], int(sys.argv[2])
        x = np.fromfile(f"{d}/input.bin", dtype="<f4").reshape(batch, 3, 32, 32)
        for name in ["plain", "folded"]:
            path = f"{d}/{name}.onnx"
            onnx.checker.check_model(path, full_check=True)
            data = open(path, "rb").read()
            same = onnx.load_from_string(data).SerializeToString() == data
            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            session = ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])
            (y,) = session.run(["logits"], {"input": x})
            y.astype("<f4").tofile(f"{d}/{name}.out")
            compiled = ov.Core().compile_model(path, "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
            compiled(x)[compiled.output(0)].astype("<f4").tofile(f"{d}/{name}.openvino.out")
            i, o = session.get_inputs()[0], session.get_outputs()[0]
            print(f"{name}: checked, reserialised identically: {same}, {i.name} {i.shape} -> {o.name} {o.shape}")
        """

    @Test func checkerAcceptsAndRuntimesMatchTheReferenceForward() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let net = TinyResNet(seed: 7)
        for fold in [false, true] {
            try net.model(foldBatchNorm: fold).write(to: dir.appendingPathComponent(fold ? "folded.onnx" : "plain.onnx"))
        }
        var random = TestRandom(seed: 8)
        let input = Tensor(shape: [Self.batch, 3, 32, 32], data: random.floats(Self.batch * 3 * 32 * 32))
        try Self.writeFloats(input.data, to: dir.appendingPathComponent("input.bin"))

        let out = try Self.python(Self.checkAndRun, [dir.path, "\(Self.batch)"])
        #expect(out == """
            plain: checked, reserialised identically: True, input ['N', 3, 32, 32] -> logits ['N', 10]
            folded: checked, reserialised identically: True, input ['N', 3, 32, 32] -> logits ['N', 10]

            """)

        let reference = net.forward(input).data
        let plain = try Self.readFloats(dir.appendingPathComponent("plain.out"))
        let folded = try Self.readFloats(dir.appendingPathComponent("folded.out"))
        let openvino = try Self.readFloats(dir.appendingPathComponent("plain.openvino.out"))
        let openvinoFolded = try Self.readFloats(dir.appendingPathComponent("folded.openvino.out"))
        #expect(plain.count == Self.batch * TinyResNet.classes)
        for (label, a, b) in [("onnxruntime vs reference", plain, reference),
                              ("onnxruntime folded vs reference", folded, reference),
                              ("onnxruntime folded vs unfolded", folded, plain),
                              ("openvino vs reference", openvino, reference),
                              ("openvino folded vs reference", openvinoFolded, reference)] {
            let c = closeness(a, b, tol: 1e-4, label: label)
            #expect(c.ok, "\(c.message)")
        }
    }

    static let helperModel = """
        import sys, numpy as np, onnx
        from onnx import helper, numpy_helper, TensorProto
        weight = helper.make_tensor("conv.weight", TensorProto.FLOAT, [2, 1, 3, 3], [float(v) for v in range(18)])
        bias = helper.make_tensor("conv.bias", TensorProto.FLOAT, [2], np.array([0.5, -0.5], np.float32).tobytes(),
                                  raw=True)
        fc = numpy_helper.from_array(np.arange(6, dtype=np.float32).reshape(2, 3), "fc.weight")
        nodes = [
            helper.make_node("Conv", ["x", "conv.weight", "conv.bias"], ["c"], name="conv", kernel_shape=[3, 3],
                             pads=[1, 1, 1, 1], strides=[2, 2], doc_string="strided"),
            helper.make_node("Relu", ["c"], ["r"], name="relu"),
            helper.make_node("GlobalAveragePool", ["r"], ["g"], name="pool"),
            helper.make_node("Flatten", ["g"], ["f"], name="flatten", axis=1),
            helper.make_node("Gemm", ["f", "fc.weight"], ["y"], name="fc", alpha=0.5),
        ]
        graph = helper.make_graph(nodes, "py", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 1, 5, 5])],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])],
                                  [weight, bias, fc], doc_string="made by onnx.helper")
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="onnx.helper")
        helper.set_model_props(model, {"purpose": "decoder test"})
        onnx.checker.check_model(model, full_check=True)
        onnx.save(model, sys.argv[1])
        print(model.ir_version)
        """

    @Test func decodesAModelWrittenByOnnxHelper() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("helper.onnx")
        let irVersion = try Self.python(Self.helperModel, [path.path]).trimmingCharacters(in: .whitespacesAndNewlines)

        let model = try ModelProto(contentsOf: path)
        #expect("\(model.irVersion)" == irVersion)
        #expect(model.producerName == "onnx.helper")
        #expect(model.graph.docString == "made by onnx.helper")
        #expect(model.graph.input == [ValueInfoProto(name: "x", floatShape: [.param("batch"), 1, 5, 5])])
        #expect(model.graph.node.map(\.opType) == ["Conv", "Relu", "GlobalAveragePool", "Flatten", "Gemm"])
        #expect(model.graph.node[0].docString == "strided")
        #expect(model.graph.node[0].attribute(named: "pads") == .ints([1, 1, 1, 1]))
        #expect(model.graph.node[4].attribute(named: "alpha") == .float(0.5))
        let tensors = try model.graph.initializer.map { try $0.floatTensor() }
        #expect(tensors[0] == Tensor(shape: [2, 1, 3, 3], data: (0..<18).map(Float.init)))  // packed float_data
        #expect(tensors[1] == Tensor(shape: [2], data: [0.5, -0.5]))  // raw_data
        #expect(tensors[2] == Tensor(shape: [2, 3], data: (0..<6).map(Float.init)))

        let summary = try ONNXSummary(model: model)
        #expect(summary.nodes.map(\.outputShape) == [[1, 2, 3, 3], [1, 2, 3, 3], [1, 2, 1, 1], [1, 2], [1, 3]])
        #expect(summary.nodes.map(\.parameters) == [20, 0, 0, 0, 6])
        #expect(summary.nodes.map(\.macs) == [2 * 9 * 9, 0, 0, 0, 6])
    }
}
