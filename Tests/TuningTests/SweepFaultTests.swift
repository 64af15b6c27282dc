import Foundation
import JSON
import Support
import Testing
import Tuning

/// Infrastructure failures inside a trial (a full disk, a read-only run directory, a queue
/// server gone for longer than the reconnect window) stop the sweep without recording the
/// trial; `--resume` then finishes every trial exactly once, as if nothing had happened.
struct SweepFaultTests {
    /// A stage service that is down (what `QueueError.connectionLost` is to the dispatcher).
    struct ServiceDown: InfrastructureFailure, CustomStringConvertible {
        var isInfrastructure: Bool { true }
        var description: String { "lost the connection to Redis at 127.0.0.1:1 and could not reconnect within 1 s" }
    }

    /// Fails `failures` times on trial `trial`, then trains like `AnalyticTrainer`.
    final class FlakyTrainer: TrialTrainer {
        let inner = AnalyticTrainer()
        var failures: Int
        let trial: Int
        init(trial: Int, failures: Int = 1) {
            self.trial = trial
            self.failures = failures
        }
        func train(_ request: TrialRequest) throws -> TrainedTrial {
            if request.trial == trial && failures > 0 {
                failures -= 1
                throw ServiceDown()
            }
            return try inner.train(request)
        }
    }

    let loop = SweepLoopTests()

    /// Runs the sweep with `fault`, expects it to stop during `trial` with `message`, resumes it,
    /// and compares the ledger with an uninterrupted sweep's.
    func expectResumeFinishesEveryTrialOnce(trial: Int, message: String, left: [String] = ["schedule.yaml"],
                                            retrained: [Int], _ fault: (Sweep) -> Void,
                                            trainer: TrialTrainer = AnalyticTrainer()) throws {
        let whole = loop.runs(), broken = loop.runs()
        defer { [whole, broken].forEach { try? FileManager.default.removeItem(at: $0) } }
        let reference = try loop.sweep(whole)
        _ = try reference.run()

        let failing = Sweep(configuration: try loop.configuration(),
                            options: .init(runsDirectory: broken, toolVersion: "test"),
                            trainer: trainer, bencher: AnalyticBencher(), output: { _ in })
        fault(failing)
        do {
            _ = try failing.run()
            Issue.record("the sweep did not stop")
        } catch {
            #expect(error is SweepStopped)
            #expect("\(error)" == "sweep stopped during trial \(trial): \(message)\nhint: nothing was recorded for trial "
                        + "\(trial); fix the cause and run the same command with --resume")
        }
        let events = try Ledger.read(failing.ledgerURL)
        #expect(!events.contains { $0["event"]?.string == "trial_failed" })
        #expect(try FileManager.default.contentsOfDirectory(atPath: failing.trialDirectory(trial).path).sorted() == left)

        let resumedTrainer = AnalyticTrainer()
        let resumed = try loop.sweep(broken, resume: true, trainer: resumedTrainer)
        let summary = try resumed.run()
        #expect(summary.trials.map(\.id) == [0, 1, 2, 3, 4, 5])
        #expect(try loop.records(resumed) == loop.records(reference))
        let finished = try Ledger.read(resumed.ledgerURL).filter { $0["event"]?.string == "trial_finished" }
        #expect(finished.compactMap { $0["trial"]?.int } == [0, 1, 2, 3, 4, 5])
        #expect(resumedTrainer.requests.map(\.trial) == retrained)
        for id in 0..<6 {
            let files = try FileManager.default.contentsOfDirectory(atPath: resumed.trialDirectory(id).path).sorted()
            #expect(files == ["layers.csv", "model.onnx", "model.safetensors", "schedule.yaml"])
        }
    }

    @Test func aFullDiskDuringATrialIsNotRecordedAndResumeFinishesIt() throws {
        try expectResumeFinishesEveryTrialOnce(trial: 2, message: "cannot write 'model.onnx': No space left on device",
                                               retrained: [2, 3, 4, 5]) { sweep in
            var full = true
            sweep.writeFile = { bytes, url in
                if full, url.path.hasSuffix("trials/2/model.onnx") {
                    full = false
                    throw AtomicFile.Failure(reason: "No space left on device", code: ENOSPC, path: url.lastPathComponent)
                }
                try AtomicFile.write(bytes, to: url)
            }
        }
    }

    @Test func aReadOnlyRunDirectoryAfterTheBenchmarkIsNotRecordedAndResumeFinishesIt() throws {
        // Stopped after the benchmark: the resumed sweep measures the model it has, not trains it again.
        try expectResumeFinishesEveryTrialOnce(trial: 4, message: "cannot write 'layers.csv': Read-only file system",
                                               left: ["model.onnx", "model.safetensors", "schedule.yaml", "trained.json"],
                                               retrained: [5]) { sweep in
            sweep.writeFile = { bytes, url in
                if url.path.contains("trials/4/") && url.lastPathComponent == "layers.csv" {
                    throw AtomicFile.Failure(reason: "Read-only file system", code: EROFS, path: url.lastPathComponent)
                }
                try AtomicFile.write(bytes, to: url)
            }
        }
    }

    @Test func aQueueServerDownLongerThanTheReconnectWindowIsNotRecordedAndResumeFinishesIt() throws {
        try expectResumeFinishesEveryTrialOnce(trial: 3, message: ServiceDown().description, retrained: [3, 4, 5],
                                               { _ in }, trainer: FlakyTrainer(trial: 3))
    }

    @Test func aTrialOutcomeIsStillRecordedAsFailed() {
        #expect(!isInfrastructureFailure(TuningError.diverged))
        #expect(isInfrastructureFailure(AtomicFile.Failure(reason: "x", code: ENOSPC)))
        #expect(isInfrastructureFailure(LedgerError.cannotWrite("l", "No space left on device")))
        #expect(!isInfrastructureFailure(LedgerError.badLine("l", 1, "x")))
    }
}

/// Ledger lines resume relies on: a complete last line is kept, an event without its trial id
/// is an error naming the line.
struct LedgerFaultTests {
    func ledger(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shears-ledger-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func aTrialEventWithoutItsTrialIsAnErrorNamingTheLine() throws {
        let url = try ledger("{\"event\":\"sweep_started\"}\n{\"event\":\"trial_finished\",\"seed\":\"1\"}\n")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: LedgerError.self) { try Ledger.read(url) }
        do { _ = try Ledger.read(url) } catch {
            #expect("\(error)" == "\(url.path):2: not a ledger event: the trial_finished event has no integer 'trial'")
        }
    }

    @Test func aCompleteLastLineWithoutItsNewlineIsKept() throws {
        let finished = "{\"event\":\"trial_finished\",\"trial\":0,\"seed\":\"5\"}"
        let url = try ledger("{\"event\":\"sweep_started\"}\n" + finished)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Ledger.read(url).count == 2)
        let appender = try Ledger(url: url)
        try appender.append(["event": "sweep_resumed"])
        let events = try Ledger.read(url)
        #expect(events.map { $0["event"]?.string ?? "" } == ["sweep_started", "trial_finished", "sweep_resumed"])
    }

    @Test func aTornLastLineIsStillCutOff() throws {
        let url = try ledger("{\"event\":\"sweep_started\"}\n{\"event\":\"trial_fin")
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try Ledger(url: url)
        #expect(try String(contentsOf: url, encoding: .utf8) == "{\"event\":\"sweep_started\"}\n")
    }
}
