import Foundation
import ShearsTestSupport
import Testing

/// INT8 models written by other tools, read and measured by `shears summary`, `layers` and
/// `bench` on real OpenVINO: the bundled baseline exported by `shears export`, quantised by
/// onnxruntime's `quantize_static` (QDQ, int8 per-channel weights, uint8 activations) and by
/// NNCF (its ONNX backend), calibrated on 100 training images by tools/quantize_reference.py;
/// plus a weights-only QDQ model, which OpenVINO runs in f32 and `shears layers` must warn about.
struct QuantizedModelTests {
    static let tools = ["onnxruntime", "nncf"]

    /// The models, generated once for the suite (about 30 s of Python on a loaded 2-core box).
    struct Fixture: Sendable {
        var directory: URL
        var baseline: String { directory.appendingPathComponent("baseline.onnx").path }
        func quantized(_ tool: String) -> String { directory.appendingPathComponent("\(tool).onnx").path }
    }

    static let fixture: Result<Fixture, FixtureFailure> = {
        guard let python = TestPaths.python, let data = TestPaths.cifar else {
            return .failure(FixtureFailure(description: "needs .venv and data/ (make setup)"))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shears-qdq-\(UUID())")
        let fixture = Fixture(directory: directory)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let checkpoint = TestPaths.root.appendingPathComponent("Models/resnet20-cifar10-subset.safetensors").path
            var r = try runProcess(TestPaths.shearsBinary, ["export", "--model", checkpoint, "--out", fixture.baseline])
            guard r.status == 0 else { return .failure(FixtureFailure(description: "export: \(r.stderr)")) }
            for tool in tools + ["weights-only"] {
                r = try runProcess(python, [TestPaths.root.appendingPathComponent("tools/quantize_reference.py").path,
                                            "--tool", tool, fixture.baseline, fixture.quantized(tool),
                                            "--data", data.path, "--calibration-images", "100"])
                guard r.status == 0 else { return .failure(FixtureFailure(description: "\(tool): \(r.stderr)")) }
            }
        } catch {
            return .failure(FixtureFailure(description: "\(error)"))
        }
        return .success(fixture)
    }()

    struct FixtureFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// NNCF is installed by `make setup` (tools/requirements.txt); without it the suite says why it skips.
    static let referenceToolsInstalled: Bool = {
        let lib = TestPaths.root.appendingPathComponent(".venv/lib")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: lib.path)) ?? []
        return versions.contains { FileManager.default.fileExists(atPath: lib.path + "/\($0)/site-packages/nncf") }
    }()

    func shears(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(TestPaths.shearsBinary, arguments)
    }

    func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test(.enabled(if: referenceToolsInstalled, "nncf is not installed in .venv; run 'make setup'"),
          arguments: tools)
    func summaryAttributesQDQToTheLayersTheyFeed(tool: String) throws {
        let fixture = try Self.fixture.get()
        let base = try json(try shears(["summary", fixture.baseline, "--json"]).stdout) as! [String: Any]
        let r = try shears(["summary", fixture.quantized(tool), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try json(r.stdout) as! [String: Any]
        // The same parameters (int8 weights counted where the floats were, scales not at all) and MACs.
        #expect(summary["params"] as? Int == base["params"] as? Int)
        #expect(summary["macs"] as? Int == base["macs"] as? Int)
        let nodes = summary["nodes"] as! [[String: Any]], baseNodes = base["nodes"] as! [[String: Any]]
        let convs = nodes.filter { $0["op"] as? String == "Conv" }
        // onnxruntime re-sorts the graph (a downsample convolution may come first): compare as sets.
        #expect(convs.map { $0["name"] as! String }.sorted()
                    == baseNodes.filter { $0["op"] as? String == "Conv" }.map { $0["name"] as! String }.sorted())
        for conv in convs {
            let inputs = (conv["quantization"] as? [String: Any])?["inputs"] as? [[String: Any]] ?? []
            let weight = inputs.first { $0["index"] as? Int == 1 }
            let activation = inputs.first { $0["index"] as? Int == 0 }
            #expect(weight?["type"] as? String == "int8" && weight?["axis"] as? Int == 0, "\(conv["name"]!)")
            #expect(["uint8", "int8"].contains(activation?["type"] as? String ?? "-")
                        && activation?["role"] as? String == "activation", "\(conv["name"]!)")
        }
        // Every QuantizeLinear/DequantizeLinear node is attributed to exactly one layer.
        let attributed = nodes.flatMap { ($0["quantization"] as? [String: Any])?["nodes"] as? [String] ?? [] }
        #expect(attributed.count == summary["quantization_nodes"] as? Int)
        #expect(Set(attributed).count == attributed.count)
        #expect(attributed.count > 2 * convs.count)
        let text = try shears(["summary", fixture.quantized(tool)]).stdout
        #expect(text.contains("\nquantized: 21 of 21 Conv, 1 of 1 Gemm (weights int8 per-axis, activations "))
    }

    /// `shears layers` against the float baseline: every convolution found by name (NNCF's are
    /// renamed by OpenVINO), executed in i8 against f32, and no warning.
    @Test(.enabled(if: referenceToolsInstalled, "nncf is not installed in .venv; run 'make setup'"),
          arguments: tools)
    func everyConvolutionExecutesInInt8OnOpenVINO(tool: String) throws {
        let fixture = try Self.fixture.get()
        let r = try shears(["layers", fixture.quantized(tool), "--baseline", fixture.baseline, "--csv",
                            "--threads", "1", "--iterations", "2", "--warmup", "1"])
        #expect(r.status == 0)
        #expect(r.stderr == "")
        let lines = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(lines.first?.joined(separator: ",")
                    == "kind,layer,op,baseline_precision,baseline_ms,baseline_percent,precision,median_ms,percent,speedup")
        let convs = lines.filter { $0.count > 6 && $0[2] == "Conv" }
        #expect(convs.count == 21)
        #expect(Set(convs.map { $0[0] }) == ["layer"])
        for row in convs + lines.filter({ $0.count > 6 && $0[2] == "Gemm" }) {
            #expect(row[3] == "f32" && row[6] == "i8", "\(row.joined(separator: ","))")
        }
    }

    @Test(.enabled(if: referenceToolsInstalled, "nncf is not installed in .venv; run 'make setup'"))
    func weightsOnlyQDQWarnsThatTheConvolutionsRanInFloat() throws {
        let fixture = try Self.fixture.get()
        let model = fixture.quantized("weights-only")
        let r = try shears(["layers", model, "--threads", "1", "--iterations", "1", "--warmup", "0", "--csv"])
        #expect(r.status == 0)
        #expect(r.stderr.hasPrefix("warning: \(model): 22 of 22 quantized layers (QuantizeLinear/DequantizeLinear on "
                                       + "their inputs) execute in f32: conv1, layer1.0.conv1, "))
        // kind,layer,op,kernel,precision,fused,runtime_nodes,output_shape,macs,params,sparsity,...
        let convs = r.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            .filter { $0.count > 10 && $0[2] == "Conv" }
        #expect(convs.count == 21)
        for row in convs {
            // Sparsity is read from the int8 weights too (small weights round to zero).
            #expect(row[4] == "f32" && row[10].hasSuffix("%"), "\(row.joined(separator: ","))")
        }
    }

    @Test(.enabled(if: referenceToolsInstalled, "nncf is not installed in .venv; run 'make setup'"))
    func benchReportsTheExecutedPrecision() throws {
        let fixture = try Self.fixture.get()
        let r = try shears(["bench", fixture.baseline, fixture.quantized("onnxruntime"), fixture.quantized("nncf"),
                            "--threads", "1", "--iterations", "3", "--warmup", "1", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let records = try json(r.stdout) as! [[String: Any]]
        #expect(records.map { $0["executed_precision"] as? String } == ["f32", "i8", "i8"])
        #expect(records.allSatisfy { $0["precision_hint"] as? String == "f32" })
    }
}
