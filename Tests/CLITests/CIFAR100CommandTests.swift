import Foundation
import ShearsTestSupport
import Testing

/// CIFAR-100 end to end through the executable on generated files in the official layout:
/// train (data set detected from the files) → eval → prune → export, the 100- and 20-class
/// heads, and the refusal (exit 2, naming both) of a model run on the other data set.
struct CIFAR100CommandTests {
    func shears(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestPaths.shearsBinary, arguments)
    }

    static let schedule = PruneCommandTests.schedule.replacingOccurrences(of: "dataset: cifar10", with: "dataset: cifar100")

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not JSON: \(text)")
    }

    @Test func trainEvalPruneExportOnCIFAR100() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeCIFAR100(train: 24, test: 8)
        let base = fx.path("base.safetensors")
        let trained = try shears("train", "--data", fx.directory, "--epochs", "1", "--batch-size", "8",
                                 "--val-split", "8", "--out", base, "--json")
        try #require(trained.status == 0, "\(trained.stderr)")
        let test = try #require(try json(trained.stdout)["test"] as? [String: Any])
        #expect(test["images"] as? Int == 8)
        #expect((test["per_class"] as? [String: Any])?.count == 100)

        let evaluated = try shears("eval", "--model", base, "--data", fx.directory, "--split", "val", "--json")
        try #require(evaluated.status == 0, "\(evaluated.stderr)")
        let perClass = try #require(try json(evaluated.stdout)["per_class"] as? [String: Any])
        #expect(perClass.count == 100 && perClass["fine99"] != nil, "class names come from fine_label_names.txt")
        #expect(try json(evaluated.stdout)["images"] as? Int == 8)

        try fx.write("prune.yaml", Array(Self.schedule.utf8))
        let pruned = fx.path("pruned.safetensors")
        let p = try shears("prune", "--model", base, "--schedule", fx.path("prune.yaml"), "--data", fx.directory,
                           "--epochs", "1", "--batch-size", "8", "--out", pruned, "--json")
        try #require(p.status == 0, "\(p.stderr)")
        // The pruned model keeps the data set: eval finds its data and refuses the other label set.
        let again = try shears("eval", "--model", pruned, "--data", fx.directory, "--json")
        #expect(again.status == 0, "\(again.stderr)")
        let coarse = try shears("eval", "--model", pruned, "--data", fx.directory, "--labels", "coarse")
        #expect(coarse.status == 2)
        #expect(coarse.stderr == "Error: \(pruned) was trained on CIFAR-100 fine labels (100 classes), but the data "
            + "asked for is CIFAR-100 coarse labels (20 classes) (\(fx.directory)); evaluate it on the data set it was "
            + "trained on\n")

        let onnx = fx.path("pruned.onnx")
        let exported = try shears("export", "--model", pruned, "--out", onnx)
        try #require(exported.status == 0, "\(exported.stderr)")
        let python = try #require(TestPaths.python, "the Python venv is missing: run 'make setup'")
        let check = try runProcess(python, ["-c", """
            import sys, numpy as np, onnxruntime as ort
            s = ort.InferenceSession(sys.argv[1], providers=['CPUExecutionProvider'])
            m = s.get_modelmeta().custom_metadata_map
            out = s.run(None, {'input': np.zeros((2, 3, 32, 32), np.float32)})[0]
            print(m['dataset'], m['labels'], m['classes'], out.shape[1], 'CIFAR-100 fine labels' in s.get_modelmeta().description)
            """, onnx])
        #expect(check.stdout == "cifar100 fine 100 100 True\n", "\(check.stderr)")
    }

    @Test func coarseLabelsGiveATwentyClassHead() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeCIFAR100(train: 8, test: 4)
        let r = try shears("train", "--data", fx.directory, "--dataset", "cifar100", "--labels", "coarse",
                           "--epochs", "1", "--batch-size", "8", "--out", fx.path("c.safetensors"), "--json")
        try #require(r.status == 0, "\(r.stderr)")
        let test = try #require(try json(r.stdout)["test"] as? [String: Any])
        #expect((test["per_class"] as? [String: Any])?.count == 20)
        let e = try shears("eval", "--model", fx.path("c.safetensors"), "--data", fx.directory, "--json")
        #expect(e.status == 0, "\(e.stderr)")
        #expect((try json(e.stdout)["per_class"] as? [String: Any])?["coarse19"] != nil)
    }

    /// The bundled CIFAR-10 baseline (no data-set key: CIFAR-10) is refused on CIFAR-100 files
    /// by every command that reads data, before any work.
    @Test func aCIFAR10ModelIsRefusedOnCIFAR100Data() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeCIFAR100()
        try fx.write("prune.yaml", Array(PruneCommandTests.schedule.utf8))
        let model = TestPaths.root.appendingPathComponent("Models/resnet20-cifar10-subset.safetensors").path
        let expected = "Error: \(model) was trained on CIFAR-10 (10 classes), but the data asked for is CIFAR-100 fine "
            + "labels (100 classes) (\(fx.directory)); evaluate it on the data set it was trained on\n"
        for command in [["eval", "--model", model, "--data", fx.directory],
                        ["sensitivity", "--model", model, "--data", fx.directory, "--levels", "0.5"],
                        ["prune", "--model", model, "--schedule", fx.path("prune.yaml"), "--data", fx.directory,
                         "--out", fx.path("never.safetensors")]] {
            let r = try runProcess(TestPaths.shearsBinary, command)
            #expect(r.status == 2, "\(command[0])")
            #expect(r.stderr == expected, "\(command[0])")
        }
        let flag = try shears("eval", "--model", model, "--dataset", "cifar100")
        #expect(flag.status == 2)
        #expect(flag.stderr.hasPrefix("Error: \(model) was trained on CIFAR-10 (10 classes), but the data asked for is "
            + "CIFAR-100 fine labels (100 classes) (data/cifar-100-binary)"))
        #expect(!FileManager.default.fileExists(atPath: fx.path("never.safetensors")))
    }

    /// A two-trial sweep on CIFAR-100 files: the ledger records the data set, a trial replays with
    /// identical accuracy, and a sweep file asking for CIFAR-10 is refused naming both.
    @Test func sweepAndReplayOnCIFAR100() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        let root = URL(fileURLWithPath: fx.directory)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("data"), withIntermediateDirectories: true)
        let data = try CIFARFixture()
        defer { data.remove() }
        try data.writeCIFAR100(train: 60, test: 20)
        for name in try FileManager.default.contentsOfDirectory(atPath: data.directory) {
            try FileManager.default.copyItem(atPath: data.path(name), toPath: fx.path("data/" + name))
        }
        func run(_ arguments: String...) throws -> ProcessResult {
            try runProcess(TestPaths.shearsBinary, arguments, currentDirectory: root)
        }
        let base = try run("train", "--data", "data", "--epochs", "1", "--val-split", "20", "--batch-size", "20",
                           "--out", "base.safetensors")
        try #require(base.status == 0, "\(base.stderr)")
        let template = try String(contentsOf: TestPaths.root.appendingPathComponent("Schedules/resnet20-sweep.template.yaml"),
                                  encoding: .utf8).replacingOccurrences(of: "dataset: cifar10", with: "dataset: cifar100")
        try fx.write("t.yaml", Array(template.utf8))
        func sweepFile(_ name: String, dataset: String) -> [UInt8] {
            Array("""
                name: \(name)
                baseline: base.safetensors
                data: data
                dataset: \(dataset)
                schedule_template: t.yaml
                parameters:
                  layer1_filters: {min: 0.0, max: 0.75}
                  layer2_filters: {min: 0.0, max: 0.75}
                  layer3_filters: {min: 0.0, max: 0.75}
                  fine_sparsity: {min: 0.0, max: 0.8}
                objective: {backend: native, threads: 1, iterations: 5, warmup: 1, profile_iterations: 2}
                budget: {trials: 2, fine_tune_epochs: 2, seed: 3, initial_design: 2}
                fine_tune: {batch_size: 20}

                """.utf8)
        }
        try fx.write("s.yaml", sweepFile("c100", dataset: "cifar100"))
        let sweep = try run("sweep", "--config", "s.yaml")
        try #require(sweep.status == 0, "\(sweep.stderr)")
        let ledger = try String(contentsOf: root.appendingPathComponent("runs/c100/ledger.jsonl"), encoding: .utf8)
        let header = try json(String(ledger.split(separator: "\n")[0]))
        #expect(header["dataset"] as? String == "cifar100" && header["labels"] as? String == "fine")
        let replay = try run("replay", "runs/c100/ledger.jsonl", "--trial", "1")
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains("identical"), "\(replay.stdout)")

        try fx.write("wrong.yaml", sweepFile("wrong", dataset: "cifar10"))
        let wrong = try run("sweep", "--config", "wrong.yaml")
        #expect(wrong.status == 2)
        #expect(wrong.stderr.hasSuffix("Error: base.safetensors was trained on CIFAR-100 fine labels (100 classes), but "
            + "the data asked for is CIFAR-10 (10 classes) (data); evaluate it on the data set it was trained on\n"),
                "\(wrong.stderr)")
    }

    @Test func labelsNeedCIFAR100() throws {
        let r = try shears("train", "--dataset", "cifar10", "--labels", "coarse", "--out", "/tmp/never.safetensors")
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: '--labels coarse' needs '--dataset cifar100'; CIFAR-10 has one label set\n"))
    }
}
