import Foundation
import ShearsTestSupport
import Testing

/// `shears sweep`, `replay`, `report` as a user runs them: the real train and bench stages on a
/// tiny network and data set, a sweep killed with SIGKILL mid-trial and resumed, bad input.
@Suite(.serialized)
struct SweepCommandTests {
    /// A run directory with tiny CIFAR files, a 1-epoch ResNet-20 baseline, the shipped
    /// template and a 4-trial sweep file.
    struct TinySweep {
        let directory: URL
        var ledger: URL { directory.appendingPathComponent("runs/tiny/ledger.jsonl") }

        init(trials: Int = 4) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("shears-sweep-cli-\(UUID().uuidString)")
            let data = directory.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            let fixture = try CIFARFixture()
            defer { fixture.remove() }
            try fixture.writeComplete(perFile: 24)
            for name in try FileManager.default.contentsOfDirectory(atPath: fixture.directory) {
                try FileManager.default.copyItem(atPath: fixture.path(name), toPath: data.appendingPathComponent(name).path)
            }
            let train = try runProcess(TestPaths.shearsBinary, [
                "train", "--arch", "resnet20", "--data", "data", "--epochs", "1", "--val-split", "20",
                "--batch-size", "20", "--out", "base.safetensors"], currentDirectory: directory)
            guard train.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": train.stderr]) }
            try FileManager.default.copyItem(at: TestPaths.root.appendingPathComponent("Schedules/resnet20-sweep.template.yaml"),
                                             to: directory.appendingPathComponent("t.yaml"))
            try Data("""
                name: tiny
                baseline: base.safetensors
                data: data
                schedule_template: t.yaml
                parameters:
                  layer1_filters: {min: 0.0, max: 0.75}
                  layer2_filters: {min: 0.0, max: 0.75}
                  layer3_filters: {min: 0.0, max: 0.75}
                  fine_sparsity: {min: 0.0, max: 0.8}
                objective: {threads: 1, iterations: 10, warmup: 2, profile_iterations: 3}
                constraint: {top1_min: 0.05}
                budget: {trials: \(trials), fine_tune_epochs: 2, seed: 3, initial_design: 2}
                fine_tune: {batch_size: 20}

                """.utf8).write(to: directory.appendingPathComponent("s.yaml"))
        }

        func shears(_ arguments: String...) throws -> ProcessResult {
            try runProcess(TestPaths.shearsBinary, arguments, currentDirectory: directory)
        }

        func events() throws -> [[String: Any]] {
            guard let text = try? String(contentsOf: ledger, encoding: .utf8) else { return [] }
            return text.split(separator: "\n", omittingEmptySubsequences: true).compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }
    }

    @Test func aSweepKilledMidTrialResumesWithoutLosingOrRepeatingATrial() throws {
        let tiny = try TinySweep()
        defer { tiny.remove() }
        let p = Process()
        p.executableURL = TestPaths.shearsBinary
        p.arguments = ["sweep", "--config", "s.yaml"]
        p.currentDirectoryURL = tiny.directory
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until trial 1 has started (trial 0 finished), then kill -9 while it trains.
        let deadline = Date().addingTimeInterval(60)
        var killedDuring: Int?
        while Date() < deadline, p.isRunning {
            let events = try tiny.events()
            let started = events.filter { $0["event"] as? String == "trial_started" }.compactMap { $0["trial"] as? Int }
            let finished = events.filter { ($0["event"] as? String)?.hasPrefix("trial_f") == true }
                .compactMap { $0["trial"] as? Int }
            if let last = started.last, last >= 1, !finished.contains(last) {
                kill(p.processIdentifier, SIGKILL)
                killedDuring = last
                break
            }
            usleep(2_000)
        }
        p.waitUntilExit()
        let killed = try #require(killedDuring, "the sweep ended before a trial could be killed")
        #expect(p.terminationReason == .uncaughtSignal)
        let before = try tiny.events()
        let finishedBefore = before.filter { $0["event"] as? String == "trial_finished" }.compactMap { $0["trial"] as? Int }
        #expect(!finishedBefore.contains(killed))

        let resumed = try tiny.shears("sweep", "--config", "s.yaml", "--resume")
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("re-running unfinished trial \(killed)"))
        let after = try tiny.events()
        // The lines written before the kill are untouched: the ledger only grows.
        #expect(after.count > before.count)
        let finished = after.filter { ($0["event"] as? String)?.hasPrefix("trial_f") == true }.compactMap { $0["trial"] as? Int }
        #expect(finished.sorted() == [0, 1, 2, 3])
        #expect(Set(finished).count == finished.count)
        // The killed trial ran again with the same parameters, seed and schedule.
        let starts = after.filter { $0["event"] as? String == "trial_started" && $0["trial"] as? Int == killed }
        #expect(starts.count == 2)
        #expect(starts[0]["seed"] as? String == starts[1]["seed"] as? String)
        #expect(starts[0]["schedule"] as? String == starts[1]["schedule"] as? String)
        #expect(NSDictionary(dictionary: starts[0]["parameters"] as! [String: Any])
                    .isEqual(to: starts[1]["parameters"] as! [String: Any]))
        #expect(after.filter { $0["event"] as? String == "sweep_started" }.count == 1)
        for id in 0..<4 {
            let dir = tiny.directory.appendingPathComponent("runs/tiny/trials/\(id)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
                        == ["layers.csv", "model.onnx", "model.safetensors", "schedule.yaml"])
        }

        // Replay gives the logged accuracy exactly; the report is written from the ledger.
        let replay = try tiny.shears("replay", "runs/tiny/ledger.jsonl", "--trial", String(killed))
        #expect(replay.status == 0, "\(replay.stderr)")
        #expect(replay.stdout.contains(", identical)\ntest top-1"))
        #expect(!replay.stdout.contains("DIFFERENT"))
        let report = try tiny.shears("report", "runs/tiny")
        #expect(report.status == 0)
        #expect(report.stdout.hasPrefix("wrote \(tiny.directory.path)/runs/tiny/trials.csv\n"))
    }

    @Test func aBadConfigurationExitsTwoWithAPositionedMessage() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-sweep-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("name: x\nbudget:\n  trails: 3\n".utf8).write(to: dir.appendingPathComponent("bad.yaml"))
        let r = try runProcess(TestPaths.shearsBinary, ["sweep", "--config", "bad.yaml"], currentDirectory: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "Error: bad.yaml:1:1: error: missing 'schedule_template' in the sweep configuration\n"
                    + "name: x\n^\n")
        #expect(r.stdout == "")
        let missing = try runProcess(TestPaths.shearsBinary, ["sweep", "--config", "nope.yaml"], currentDirectory: dir)
        #expect(missing.status == 2)
        #expect(missing.stderr == "Error: cannot read nope.yaml: no such file\n")
        let report = try runProcess(TestPaths.shearsBinary, ["report", "runs/none"], currentDirectory: dir)
        #expect(report.status == 2)
        #expect(report.stderr.hasPrefix("Error: The value 'runs/none' is invalid for '<run>'"))
    }
}
