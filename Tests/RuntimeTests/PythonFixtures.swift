import Foundation
import ShearsTestSupport
import Runtime

/// A failure that says what to do: the venv is where the independent checkers live.
struct FixtureError: Error, CustomStringConvertible {
    var description: String
}

/// Models and reference outputs produced by the venv's Python (onnx, onnxruntime), so the
/// OpenVINO backend is checked against tools that share no code with it.
enum PythonFixtures {
    static func python() throws -> URL {
        guard let python = TestPaths.python else {
            throw FixtureError(description: "the Python venv (.venv/bin/python) is missing; run 'make setup'")
        }
        return python
    }

    /// A fresh directory under the system temp dir.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shears-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes an ONNX model with `onnx.helper`, one node per layer named like ours.
    /// - `tiny`: conv1 → relu → avgpool → flatten → fc (the issue's minimal network).
    /// - `block`: conv1+bn1+relu, a basic block with a strided downsample shortcut
    ///   (`layer1.0.*`), avgpool, flatten, fc — BN, ReLU and Add get fused by OpenVINO.
    /// - `foldedBlock`: the same block with BN folded into conv biases (as `--fold-bn` exports).
    /// Returns each node's name, op and tensors (what the ONNX module's inspection provides).
    @discardableResult
    static func writeModel(_ variant: String, to url: URL, seed: Int = 0) throws -> [LayerFacts] {
        let script = #"""
        import sys, numpy as np, onnx
        from onnx import helper as h, TensorProto as T, numpy_helper as nh
        variant, path, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
        rng = np.random.default_rng(seed)
        inits, nodes = [], []
        fold = variant == "foldedBlock"
        def w(name, shape, positive=False):
            a = (rng.standard_normal(shape) * 0.2).astype(np.float32)
            if positive: a = np.abs(a) + 0.5
            inits.append(nh.from_array(a, name)); return name
        def conv(name, x, cin, cout, k, stride=1, bias=False):
            ins = [x, w(name + ".weight", [cout, cin, k, k])] + ([w(name + ".bias", [cout])] if bias else [])
            nodes.append(h.make_node("Conv", ins, [name], name=name, pads=[k // 2] * 4, strides=[stride, stride]))
            return name
        def bn(name, x, c):
            if fold: return x
            nodes.append(h.make_node("BatchNormalization", [x, w(name + ".weight", [c]), w(name + ".bias", [c]),
                w(name + ".running_mean", [c]), w(name + ".running_var", [c], True)], [name], name=name))
            return name
        def relu(name, x):
            nodes.append(h.make_node("Relu", [x], [name], name=name)); return name
        if variant == "tiny":
            x = relu("relu", conv("conv1", "input", 3, 8, 3, bias=True)); c = 8
        else:
            x = relu("relu", bn("bn1", conv("conv1", "input", 3, 8, 3, bias=fold), 8))
            y = relu("layer1.0.relu1", bn("layer1.0.bn1", conv("layer1.0.conv1", x, 8, 16, 3, 2, fold), 16))
            y = bn("layer1.0.bn2", conv("layer1.0.conv2", y, 16, 16, 3, 1, fold), 16)
            s = bn("layer1.0.downsample.1", conv("layer1.0.downsample.0", x, 8, 16, 1, 2, fold), 16)
            nodes.append(h.make_node("Add", [y, s], ["layer1.0.add"], name="layer1.0.add"))
            x = relu("layer1.0.relu2", "layer1.0.add"); c = 16
        nodes.append(h.make_node("GlobalAveragePool", [x], ["avgpool"], name="avgpool"))
        nodes.append(h.make_node("Flatten", ["avgpool"], ["flatten"], name="flatten"))
        nodes.append(h.make_node("Gemm", ["flatten", w("fc.weight", [10, c]), w("fc.bias", [10])], ["logits"],
                                 name="fc", transB=1))
        graph = h.make_graph(nodes, "shears_" + variant,
                             [h.make_tensor_value_info("input", T.FLOAT, ["N", 3, 32, 32])],
                             [h.make_tensor_value_info("logits", T.FLOAT, ["N", 10])], inits)
        model = h.make_model(graph, opset_imports=[h.make_opsetid("", 13)]); model.ir_version = 8
        onnx.checker.check_model(model, full_check=True)
        onnx.save(model, path)
        import json
        for n in model.graph.node:
            print(json.dumps({"name": n.name, "op": n.op_type, "inputs": list(n.input), "outputs": list(n.output)}))
        """#
        let printed = try runPython(script, [variant, url.path, String(seed)])
        return try printed.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return LayerFacts(name: object["name"] as! String, op: object["op"] as! String,
                              inputs: object["inputs"] as! [String], outputs: object["outputs"] as! [String])
        }
    }

    /// Runs `model` in onnxruntime on `input` ([batch,3,32,32]) and returns the logits.
    static func onnxRuntimeOutput(model: URL, input: [Float], batch: Int) throws -> [Float] {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let inputFile = directory.appendingPathComponent("input.f32")
        let outputFile = directory.appendingPathComponent("output.f32")
        try input.withUnsafeBytes { try Data($0).write(to: inputFile) }
        let script = #"""
        import sys, numpy as np, onnxruntime as ort
        model, inp, out, batch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        x = np.fromfile(inp, dtype=np.float32).reshape(batch, 3, 32, 32)
        session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
        session.run(None, {"input": x})[0].astype(np.float32).tofile(out)
        """#
        try runPython(script, [model.path, inputFile.path, outputFile.path, String(batch)])
        let data = try Data(contentsOf: outputFile)
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    @discardableResult
    private static func runPython(_ script: String, _ arguments: [String]) throws -> String {
        let result = try runProcess(try python(), ["-c", script] + arguments)
        guard result.status == 0 else {
            throw FixtureError(description: "python failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }
}
