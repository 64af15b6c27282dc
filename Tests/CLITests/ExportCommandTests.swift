import Foundation
import ShearsTestSupport
import Testing

/// `shears export`, and checkpoints as MODEL for `shears bench`/`shears layers` (native backend,
/// so no OpenVINO is needed): exact output, exit codes, and that the on-the-fly export is the
/// same file `shears export` writes.
struct ExportCommandTests {
    static let checkpoint = TestPaths.root.appendingPathComponent("Models/resnet20-cifar10-subset.safetensors").path

    func shears(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestPaths.shearsBinary, arguments)
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("shears-export-\(UUID())-\(name)").path
    }

    @Test func exportsTheBaselineCheckpointPlainAndFolded() throws {
        let plain = Self.temporary("plain.onnx"), folded = Self.temporary("folded.onnx")
        defer { [plain, folded].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        var r = try shears("export", "--model", Self.checkpoint, "--out", plain)
        #expect(r.stderr == "")
        #expect(r.status == 0)
        #expect(r.stdout == "Wrote \(plain): resnet20_cifar, 73 nodes (21 Conv, 21 BatchNormalization, 19 Relu, 9 Add, "
            + "1 GlobalAveragePool, 1 Flatten, 1 Gemm), 274042 parameters, 40813184 MACs per image\n")
        r = try shears("export", "--model", Self.checkpoint, "--out", folded, "--fold-bn")
        #expect(r.stdout == "Wrote \(folded): resnet20_cifar, 52 nodes (21 Conv, 19 Relu, 9 Add, 1 GlobalAveragePool, "
            + "1 Flatten, 1 Gemm), 271690 parameters, 40813184 MACs per image\n")
        r = try shears("summary", folded)
        #expect(r.stdout.hasPrefix("node                   op                 output shape  params      MACs\n"
            + "conv1                  Conv               1x16x32x32       448    442368\n"
            + "relu                   Relu               1x16x32x32         0         0\n"))
    }

    @Test func exportsAnUntrainedHalfWidthNetwork() throws {
        let out = Self.temporary("half.onnx")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try shears("export", "--arch", "resnet20", "--widths", "8,16,32", "--out", out)
        #expect(r.status == 0)
        #expect(r.stdout == "Wrote \(out): resnet20_cifar, 73 nodes (21 Conv, 21 BatchNormalization, 19 Relu, 9 Add, "
            + "1 GlobalAveragePool, 1 Flatten, 1 Gemm), 69570 parameters, 10314048 MACs per image\n")
    }

    @Test func benchExportsACheckpointOnTheFlyExactlyAsExportDoes() throws {
        let out = Self.temporary("model.onnx")
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try shears("export", "--model", Self.checkpoint, "--out", out)
        let r = try shears("bench", Self.checkpoint, out, "--backend", "native", "--threads", "1", "--iterations", "3",
                           "--warmup", "1", "--json")
        #expect(r.status == 0)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(records.map { $0["model"] as? String } == [Self.checkpoint, out])
        #expect(records.map { $0["backend"] as? String } == ["native", "native"])
        #expect(records.map { $0["threads"] as? Int } == [1, 1])
        #expect(records[0]["model_sha256"] as? String == records[1]["model_sha256"] as? String)
    }

    @Test func layersOfACheckpointOnTheNativeBackend() throws {
        let r = try shears("layers", Self.checkpoint, "--backend", "native", "--threads", "1", "--iterations", "3",
                           "--warmup", "0", "--csv")
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "kind,layer,op,kernel,precision,fused,runtime_nodes,output_shape,macs,params,sparsity,median_ms,percent")
        #expect(lines.count == 1 + 21 + 2)  // header, 21 convolutions, avgpool, fc
        #expect(lines.contains { $0.hasPrefix("layer,layer1.0.conv2,Conv,") && $0.contains(",layer1.0.bn2+layer1.0.add+layer1.0.relu2,") })
    }

    /// `layers` takes `--precision` like `bench` (OpenVINO's own default here is bf16); the
    /// native backend computes in f32 only and says so instead of silently ignoring the flag.
    @Test func layersPassesThePrecisionToTheBackend() throws {
        let r = try shears("layers", Self.checkpoint, "--backend", "native", "--precision", "bf16",
                           "--iterations", "1", "--warmup", "0")
        #expect(r.status == 2)
        #expect(r.stderr == "Error: the native backend does not support --precision bf16; supported: f32, default\n")
    }

    @Test(arguments: [
        (["export", "--model", "/nonexistent/m.safetensors", "--out", "/tmp/never.onnx"],
         "Error: /nonexistent/m.safetensors: cannot read: no such file\n"),
        (["export", "--out", "/tmp/never.onnx"],
         "Error: Give exactly one of '--model <file>' and '--arch <name>'\n"
            + "Usage: shears export [--model <file>] [--arch <name>] [--widths <a,b,c>] [--seed <n>] --out <file> "
            + "[--fold-bn]\n  See 'shears export --help' for more information.\n"),
        (["export", "--arch", "resnet20", "--out", "/dev/full"],
         "Error: /dev/full: cannot write: it is a character device, not a regular file; refusing to replace it\n"),
        (["export", "--arch", "resnet21", "--out", "/tmp/never.onnx"],
         "Error: unknown architecture 'resnet21'; supported: resnet20, resnet32, resnet44, resnet56\n"),
        (["bench", "/nonexistent/m.safetensors", "--backend", "native"],
         "Error: /nonexistent/m.safetensors: cannot read: no such file\n"),
        (["bench", "/nonexistent/m.onnx", "--backend", "native"],
         "Error: cannot read model '/nonexistent/m.onnx': no such file or not readable\n"),
    ])
    func badInputExitsTwo(arguments: [String], expected: String) throws {
        let r = try runProcess(TestPaths.shearsBinary, arguments)
        #expect(r.stdout == "")
        #expect(r.stderr == expected)
        #expect(r.status == 2)
    }
}
