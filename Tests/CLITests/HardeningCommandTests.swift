import Foundation
import ShearsTestSupport
import Testing

/// The crashes and wrong successes of issue 20, each run through the built binary: every one
/// must now exit 2 (bad input) with a message naming the file or option and what was wrong.
struct HardeningCommandTests {
    /// Files the cases refer to, written once per test run.
    final class Fixture: @unchecked Sendable {
        let directory: URL
        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("shears-hardening-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let bundled = [UInt8](try Data(contentsOf: TestPaths.root.appendingPathComponent(
                "Models/resnet20-cifar10-subset.safetensors")))
            for (name, edit) in HardeningCommandTests.checkpointEdits {
                try Data(try Self.editing(bundled, edit)).write(to: path(name))
            }
            var nan = bundled
            let headerEnd = 8 + Self.headerLength(bundled)
            let header = try Self.header(bundled)
            let conv1 = (header["conv1.weight"] as! [String: Any])["data_offsets"] as! [Int]
            nan.replaceSubrange(headerEnd + conv1[0]..<headerEnd + conv1[0] + 4, with: [0x00, 0x00, 0xC0, 0x7F])
            try Data(nan).write(to: path("nan-weights.safetensors"))
            try Data().write(to: path("empty.onnx"))
            try FileManager.default.createDirectory(at: path("directory.safetensors"), withIntermediateDirectories: true)
            try Data(Array("a: ".utf8) + Array(repeating: UInt8(ascii: "["), count: 5_000)).write(to: path("deep.yaml"))
            let blocks = (0..<3_000).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined()
            try Data(blocks.utf8).write(to: path("blocks.yaml"))
            try Data("garbage\n".utf8).write(to: path("garbage.json"))
            try FileManager.default.createDirectory(at: path("run"), withIntermediateDirectories: true)
            try Data("garbage\n".utf8).write(to: path("run/ledger.jsonl"))
        }

        func path(_ name: String) -> URL { directory.appendingPathComponent(name) }

        static func headerLength(_ bytes: [UInt8]) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) } }

        static func header(_ bytes: [UInt8]) throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerLength(bytes))])) as! [String: Any]
        }

        /// The bundled checkpoint with its metadata changed by `edit`, re-encoded with a new header length.
        static func editing(_ bytes: [UInt8], _ edit: (inout [String: String]) -> Void) throws -> [UInt8] {
            var header = try header(bytes)
            var metadata = header["__metadata__"] as! [String: String]
            edit(&metadata)
            header["__metadata__"] = metadata
            var json = [UInt8](try JSONSerialization.data(withJSONObject: header))
            json += [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8)
            let length = withUnsafeBytes(of: UInt64(json.count).littleEndian) { Array($0) }
            return length + json + bytes[(8 + headerLength(bytes))...]
        }
    }

    static let fixture = try! Fixture()

    /// Architecture JSON of the bundled model with one stage field replaced.
    static func architecture(_ replace: @escaping @Sendable (String) -> String) -> @Sendable (inout [String: String]) -> Void {
        { metadata in metadata["architecture"] = replace(metadata["architecture"]!) }
    }

    static let checkpointEdits: [(String, @Sendable (inout [String: String]) -> Void)] = [
        ("stride.safetensors", architecture { $0.replacingOccurrences(of: "\"stride\":2", with: "\"stride\":1000") }),
        ("width.safetensors", architecture { $0.replacingOccurrences(of: "\"width\":64", with: "\"width\":1000000000") }),
        ("classes.safetensors", architecture { $0.replacingOccurrences(of: "\"classes\":10", with: "\"classes\":1099511627776") }),
        ("val-split.safetensors", { $0["data.val_split"] = "-5" }),
        ("lr-nan.safetensors", { $0["training.lr"] = "nan" }),
        ("epoch.safetensors", { $0["training.state.epoch"] = "999999" }),
    ]

    struct Case: CustomTestStringConvertible, Sendable {
        let id: String
        let arguments: [String]
        /// Text the stderr must contain (the whole message where it is short and stable).
        let message: String
        var testDescription: String { id }

        static func file(_ name: String) -> String { fixture.path(name).path }

        static let all: [Case] = [
            Case(id: "a stride of 1000 (segfault in im2col)", arguments: ["summary", file("stride.safetensors")],
                 message: "stride.safetensors: invalid checkpoint: metadata 'architecture': invalid architecture: "
                    + "layer2 stride must be between 1 and 4, got 1000"),
            Case(id: "a width of 1e9 (2.3 TB allocation)", arguments: ["summary", file("width.safetensors")],
                 message: "layer3 width must be between 1 and 16384, got 1000000000"),
            Case(id: "2^40 classes", arguments: ["summary", file("classes.safetensors")],
                 message: "classes must be between 1 and 100000, got 1099511627776"),
            Case(id: "data.val_split -5 (2^64-byte allocation)", arguments: ["summary", file("val-split.safetensors")],
                 message: "val-split.safetensors: invalid checkpoint: metadata 'data.val_split' is '-5'; "
                    + "expected an integer between 0 and 1000000"),
            Case(id: "training.lr nan", arguments: ["summary", file("lr-nan.safetensors")],
                 message: "metadata 'training.lr' is 'nan'; expected a number between 0.0 and 1000.0"),
            Case(id: "training.state.epoch 999999", arguments: ["summary", file("epoch.safetensors")],
                 message: "metadata 'training.state.epoch' is '999999'; expected an integer between 0 and 100000"),
            Case(id: "NaN weights (prune exited 0 with a NaN model)", arguments: ["summary", file("nan-weights.safetensors")],
                 message: "nan-weights.safetensors: invalid checkpoint: tensor 'conv1.weight' holds nan at index 0"),
            Case(id: "a directory as a checkpoint (NSCocoaErrorDomain error 256)",
                 arguments: ["eval", "--model", file("directory.safetensors")],
                 message: "directory.safetensors: cannot read: is a directory, not a file"),
            Case(id: "a 0-byte ONNX file (an empty table, exit 0)", arguments: ["summary", file("empty.onnx")],
                 message: "empty.onnx: not a readable ONNX model: the model has no graph nodes (an empty or truncated file)"),
            Case(id: "summary --batch 2^63-1 (overflow trap)",
                 arguments: ["summary", file("empty.onnx"), "--batch", "9223372036854775807"],
                 message: "The value '9223372036854775807' is invalid for '--batch <n>': expected an integer between 1 and 65536"),
            Case(id: "5,000 nested '[' (stack overflow)", arguments: ["schedule", "check", file("deep.yaml")],
                 message: "deep.yaml:1:130: error: collections nested deeper than 128 levels"),
            Case(id: "3,000 block levels (stack overflow)", arguments: ["schedule", "check", file("blocks.yaml")],
                 message: "blocks.yaml:129:129: error: collections nested deeper than 128 levels"),
            Case(id: "export --widths 100000,1,1 (allocation abort)",
                 arguments: ["export", "--arch", "resnet20", "--widths", "100000,1,1", "--out", file("never.onnx")],
                 message: "invalid architecture: layer1 width must be between 1 and 16384, got 100000"),
            Case(id: "bench queue --model-bytes 9999999999999 (allocation abort)",
                 arguments: ["bench", "queue", "--redis", "redis://127.0.0.1:1/0", "--model-bytes", "9999999999999"],
                 message: "The value '9999999999999' is invalid for '--model-bytes <n>': expected an integer between 0 and 536870912"),
            Case(id: "train --batch-size 99999999", arguments: ["train", "--batch-size", "99999999", "--out", file("t.safetensors")],
                 message: "The value '99999999' is invalid for '--batch-size <n>': expected an integer between 1 and 65536"),
            Case(id: "train --lr -1", arguments: ["train", "--lr", "-1", "--out", file("t.safetensors")],
                 message: "The value '-1' is invalid for '--lr <rate>': expected a number greater than 0.0 and at most 1000.0"),
            Case(id: "train --momentum 5", arguments: ["train", "--momentum", "5", "--out", file("t.safetensors")],
                 message: "The value '5' is invalid for '--momentum <m>': expected a number between 0.0 and 1.0"),
            Case(id: "train --weight-decay -1", arguments: ["train", "--weight-decay", "-1", "--out", file("t.safetensors")],
                 message: "The value '-1' is invalid for '--weight-decay <wd>': expected a number between 0.0 and 1.0"),
            Case(id: "a garbage ledger in report (was exit 1)", arguments: ["report", file("run")],
                 message: "run/ledger.jsonl:1: not a ledger event"),
            Case(id: "a missing ledger in replay (was exit 1)", arguments: ["replay", "--trial", "0", file("nowhere/ledger.jsonl")],
                 message: "cannot open ledger"),
            Case(id: "bench optimizer --reference garbage (raw DecodingError)",
                 arguments: ["bench", "optimizer", "--reference", file("garbage.json")],
                 message: "garbage.json' is invalid for '--reference <file>': expected a JSON report of tools/bench_skopt.py"),
        ]
    }

    @Test(arguments: Case.all)
    func exitsTwoNamingTheProblem(_ c: Case) throws {
        let r = try runProcess(TestPaths.shearsBinary, c.arguments)
        #expect(r.status == 2, "\(c.id): exit \(r.status)\n\(r.stderr)")
        #expect(r.stderr.contains(c.message), "\(c.id): stderr was\n\(r.stderr)")
    }

    @Test func aRedisDatabaseTheServerLacksIsBadInputNamingTheServer() throws {
        guard let server = try? RedisServer() else { return }  // no redis-server: DistributedSweepTests say so
        let url = "redis://127.0.0.1:\(server.port)/99"
        let r = try runProcess(TestPaths.shearsBinary, ["bench", "queue", "--redis", url, "--trials", "1"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("Error: Redis at 127.0.0.1:\(server.port) has no database 99: "), "\(r.stderr)")
    }

    @Test func anUnknownDeviceIsBadInput() throws {
        let model = Self.fixture.path("tiny.onnx").path
        let export = try runProcess(TestPaths.shearsBinary, ["export", "--arch", "resnet20", "--widths", "2,2,2", "--out", model])
        try #require(export.status == 0, "\(export.stderr)")
        for backend in ["native", "openvino"] {
            let r = try runProcess(TestPaths.shearsBinary, ["bench", model, "--backend", backend, "--device", "FOO",
                                                            "--iterations", "1"], currentDirectory: TestPaths.root)
            #expect(r.status == 2, "\(backend): \(r.stderr)")
            // Without OpenVINO installed the message is the install hint instead (also exit 2).
            #expect(r.stderr.contains("FOO") || r.stderr.contains("OpenVINO C library"), "\(backend): \(r.stderr)")
        }
    }

    @Test func aFIFOAsACheckpointIsRefusedWithoutBlocking() throws {
        let fifo = Self.fixture.path("model-fifo.safetensors").path
        try? FileManager.default.removeItem(atPath: fifo)
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try runProcess(TestPaths.shearsBinary, ["summary", fifo])
        #expect(r.status == 2)
        #expect(r.stderr == "Error: \(fifo): cannot read: not a regular file (a FIFO, socket or device)\n")
    }

    /// A data_batch file cut at a record boundary shrank the training set and moved the
    /// validation split onto training images (val top-1 0.974 instead of 0.714).
    @Test func aTrainingFileCutAtARecordBoundaryIsRefused() throws {
        let data = try CIFARFixture()
        defer { data.remove() }
        try data.writeComplete(perFile: 4)
        try data.writeBatch("data_batch_3.bin", labels: [1, 2, 3])
        let model = TestPaths.root.appendingPathComponent("Models/resnet20-cifar10-subset.safetensors").path
        let r = try runProcess(TestPaths.shearsBinary, ["eval", "--model", model, "--data", data.directory, "--split", "val"])
        #expect(r.status == 2)
        #expect(r.stderr == "Error: \(data.path("data_batch_3.bin")): holds 3 records but \(data.path("data_batch_1.bin")) "
                    + "holds 4; the training files hold the same number each, so this copy is truncated or mixed "
                    + "(re-copy the dataset)\n")
    }

    /// A sweep whose parameter range no schedule can take (`max: 5` for a sparsity) ran all its
    /// trials into failures and exited 0; now it stops before the first trial.
    @Test func aSearchSpaceBeyondWhatTheScheduleTakesIsRefusedBeforeTheFirstTrial() throws {
        let demo = try String(contentsOf: TestPaths.root.appendingPathComponent("Schedules/sweep-demo.yaml"), encoding: .utf8)
        let bad = demo.replacingOccurrences(of: "fine_sparsity: {min: 0.0, max: 0.8}", with: "fine_sparsity: {min: 0.0, max: 5}")
        #expect(bad != demo)
        let config = Self.fixture.path("max5.yaml")
        try Data(bad.utf8).write(to: config)
        let r = try runProcess(TestPaths.shearsBinary, ["sweep", "--config", config.path, "--runs", Self.fixture.path("runs").path],
                               currentDirectory: TestPaths.root)
        #expect(r.status == 2)
        #expect(r.stderr.contains("max5.yaml: the search space reaches schedules the baseline cannot take; with "
                                  + "layer1_filters=0.75 layer2_filters=0.75 layer3_filters=0.75 fine_sparsity=5.0:"),
                "\(r.stderr)")
        #expect(r.stderr.contains("must be in [0, 1), found 5.0"))
        #expect(!FileManager.default.fileExists(atPath: Self.fixture.path("runs/demo/ledger.jsonl").path))
    }
}
