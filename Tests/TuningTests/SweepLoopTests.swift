import Foundation
import JSON
import ShearsTestSupport
import Testing
import Tuning
import Optimizer

/// A TRAIN stage over a cheap analytic function of (x, y): accuracy falls as x and y grow,
/// MACs (and so the bench stage's latency) fall too; x above `failAbove` "diverges". It tests
/// the loop, the ledger and resume, not pruning.
final class AnalyticTrainer: TrialTrainer {
    var requests: [TrialRequest] = []
    let failAbove: Double
    /// Added to validation top-1: a trainer that does not reproduce the logged run.
    let drift: Double

    init(failAbove: Double = 2, drift: Double = 0) {
        self.failAbove = failAbove
        self.drift = drift
    }

    func train(_ request: TrialRequest) throws -> TrainedTrial {
        requests.append(request)
        let x = request.parameters.first { $0.0 == "x" }?.1.double ?? 0
        let y = request.parameters.first { $0.0 == "y" }?.1.double ?? 0
        if x > failAbove { throw TuningError.diverged }
        // The seed moves accuracy a little, so a trial re-run with another seed would show.
        let jitter = Double(request.seed % 1000) * 1e-7
        let val = 0.80 - 0.2 * x * x - 0.1 * y + jitter + drift
        return TrainedTrial(trial: request.trial, seed: request.seed, valTop1: val,
                            testTop1: 0.79 - 0.2 * x * x - 0.1 * y, parameterCount: 1000,
                            macs: Int(1_000_000 * (1 - 0.5 * x - 0.3 * y)),
                            checkpoint: Array("ckpt \(request.trial)".utf8), onnx: Array("onnx \(request.trial)".utf8),
                            trainSeconds: 0, details: ["x": JSONValue(x), "val_loss": JSONValue(2 - val)])
    }
}

/// A BENCH stage whose latency is the model's MACs in millions, as milliseconds; the baseline
/// (1M MACs) takes 1 ms.
final class AnalyticBencher: TrialBencher {
    func bench(_ trained: TrainedTrial, baseline: URL) throws -> BenchedTrial {
        #expect(FileManager.default.fileExists(atPath: baseline.path))
        let ms = Double(trained.macs) / 1_000_000
        func latency(_ v: Double) -> BenchedTrial.Latency {
            .init(count: 10, median: v, mean: v, min: v, max: v, p90: v, p99: v, standardDeviation: 0)
        }
        return BenchedTrial(trial: trained.trial, latency: latency(ms), baselineLatency: latency(1),
                            runtime: ["backend": "analytic"],
                            layers: [.init(layer: "conv1", op: "Conv", ms: ms, baselineMs: 1)],
                            layersCSV: "layer,ms\nconv1,\(ms)\n", benchSeconds: 0)
    }
}

struct SweepLoopTests {
    static let template = "x: ${x}\ny: ${y}\n"

    func configuration(trials: Int = 6, constraint: String = "top1_min: 0.72") throws -> SweepConfiguration {
        let text = """
            name: analytic
            baseline: base.safetensors
            data: data
            schedule_template: t.yaml
            parameters:
              x: {min: 0.0, max: 1.0}
              y: {min: 0.0, max: 1.0}
            constraint:
              \(constraint)
            budget:
              trials: \(trials)
              fine_tune_epochs: 1
              seed: 7
              initial_design: 3

            """
        return try SweepConfiguration(parsing: text, file: "analytic.yaml") { _ in Self.template }
    }

    func runs() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("shears-sweep-\(UUID().uuidString)")
    }

    func sweep(_ runs: URL, trials: Int = 6, resume: Bool = false, method: Optimizer.Method = .gp,
               seed: UInt64? = nil, trainer: AnalyticTrainer = AnalyticTrainer()) throws -> Sweep {
        Sweep(configuration: try configuration(trials: trials),
              options: .init(resume: resume, method: method, seed: seed, runsDirectory: runs, toolVersion: "test"),
              trainer: trainer, bencher: AnalyticBencher(), output: { _ in })
    }

    /// The ledger's trial records without wall-clock durations.
    func records(_ sweep: Sweep) throws -> [JSONValue] {
        try Ledger.read(sweep.ledgerURL).compactMap(TrialRecord.init(json:)).map { record in
            var r = record
            r.details = .object((record.details.object ?? []).filter { $0.0 != "seconds" })
            return r.json
        }
    }

    @Test func aSweepRecordsEveryTrialWithItsArtifactsAndFindsTheFastestFeasible() throws {
        let dir = runs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try sweep(dir)
        let summary = try s.run()
        #expect(!summary.interrupted)
        #expect(summary.trials.count == 6)
        #expect(abs(summary.baseline.valTop1 - 0.80) < 1e-3)
        #expect(summary.baseline.latencyMs == 1)
        let events = try Ledger.read(s.ledgerURL)
        #expect(events.map { $0["event"]?.string ?? "" }
                    == ["sweep_started"] + Array(repeating: ["trial_started", "trial_finished"], count: 6).flatMap { $0 })
        #expect(events[0]["top1_floor"]?.double == 0.72)
        #expect(events[0]["template"]?.string == Self.template)
        for id in 0..<6 {
            let files = try FileManager.default.contentsOfDirectory(atPath: s.trialDirectory(id).path).sorted()
            #expect(files == ["layers.csv", "model.onnx", "model.safetensors", "schedule.yaml"])
        }
        let best = try #require(summary.best)
        #expect(best.isFeasible(floor: 0.72))
        for t in summary.trials where t.isFeasible(floor: 0.72) { #expect(best.latencyRatio! <= t.latencyRatio!) }
        // The schedule saved beside the trial is the one in the ledger, filled from its parameters.
        let schedule = try String(contentsOf: s.trialDirectory(best.id).appendingPathComponent("schedule.yaml"),
                                  encoding: .utf8)
        #expect(schedule == best.schedule)
        #expect(schedule == "x: \(best.parameters[0].1.compact)\ny: \(best.parameters[1].1.compact)\n")
    }

    @Test func aFailedTrialIsRecordedAsInfeasibleAndTheSweepCarriesOn() throws {
        let dir = runs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let s = try sweep(dir, trials: 8, method: .random, trainer: AnalyticTrainer(failAbove: 0.5))
        let summary = try s.run()
        #expect(summary.trials.count == 8)
        let failed = summary.trials.filter { $0.status == .failed }
        #expect(!failed.isEmpty)
        for f in failed {
            #expect(f.error == "diverged: the fine-tuned network's accuracy is not a number")
            #expect(!f.isFeasible(floor: nil))
            #expect(f.parameters[0].1.double! > 0.5)
        }
        #expect(summary.best.map { $0.parameters[0].1.double! <= 0.5 } ?? true)
    }

    @Test func resumingACutLedgerRerunsTheUnfinishedTrialAndEndsWhereAnUninterruptedSweepEnds() throws {
        let whole = runs(), cut = runs()
        defer {
            try? FileManager.default.removeItem(at: whole)
            try? FileManager.default.removeItem(at: cut)
        }
        let reference = try sweep(whole)
        _ = try reference.run()

        // The state a kill -9 during trial 3 leaves: its start logged, a torn line after it.
        let lines = try String(contentsOf: reference.ledgerURL, encoding: .utf8).split(separator: "\n")
        let startOf3 = try #require(lines.firstIndex { $0.contains(#""event":"trial_started","trial":3"#) })
        let interrupted = try sweep(cut, resume: true)
        try FileManager.default.createDirectory(at: interrupted.directory, withIntermediateDirectories: true)
        try Data((lines[...startOf3].joined(separator: "\n") + "\n" + #"{"schema":1,"event":"trial_fin"#).utf8)
            .write(to: interrupted.ledgerURL)

        let trainer = AnalyticTrainer()
        let resumed = try sweep(cut, resume: true, trainer: trainer)
        let summary = try resumed.run()
        #expect(summary.trials.map(\.id) == [0, 1, 2, 3, 4, 5])
        #expect(try records(resumed) == records(reference))
        // Only the baseline (its ONNX was missing) and trials 3, 4, 5 were trained again.
        #expect(trainer.requests.map(\.trial) == [TrialRequest.baselineID, 3, 4, 5])
        let original = try #require(TrialRecord(json: try records(reference)[3]))
        #expect(trainer.requests[1].seed == original.seed)
        #expect(trainer.requests[1].schedule == original.schedule)
        let events = try Ledger.read(resumed.ledgerURL).map { $0["event"]?.string ?? "" }
        #expect(events.filter { $0 == "sweep_resumed" }.count == 1)
        #expect(events.filter { $0 == "trial_finished" }.count == 6)
    }

    @Test func aFinishedSweepResumedWithALargerBudgetOnlyAddsTrials() throws {
        let dir = runs()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try sweep(dir, trials: 4).run()
        let trainer = AnalyticTrainer()
        let more = try sweep(dir, trials: 6, resume: true, trainer: trainer)
        let summary = try more.run()
        #expect(summary.trials.map(\.id) == [0, 1, 2, 3, 4, 5])
        #expect(trainer.requests.map(\.trial) == [4, 5])
    }

    @Test func anExistingRunIsNotOverwrittenAndAResumeMustMatchItsConfiguration() throws {
        let dir = runs()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try sweep(dir, trials: 2)
        _ = try first.run()
        #expect(throws: LedgerError.self) { try sweep(dir, trials: 2).run() }
        do { _ = try sweep(dir, trials: 2).run() } catch {
            #expect(String(describing: error) == "\(first.ledgerURL.path) already exists; pass --resume to continue "
                        + "that sweep, or remove its run directory to start again")
        }
        do {
            _ = try sweep(dir, trials: 3, resume: true, seed: 99).run()
            Issue.record("a resume with another seed must be refused")
        } catch {
            #expect(String(describing: error) == "\(first.ledgerURL.path) was written by a different sweep "
                        + "configuration ('seed' differs); use another sweep name or remove the run directory")
        }
    }

    @Test func stageMessagesSurviveAJSONRoundTrip() throws {
        let trainer = AnalyticTrainer()
        let request = TrialRequest(sweep: "s", trial: 3, seed: UInt64.max - 5, parameters: [("x", 0.25), ("k", "a")],
                                   schedule: "x: 0.25\n", baseline: "b", data: "d", fineTuneEpochs: 2,
                                   validationSplit: 500, fineTune: .init(learningRate: 0.02))
        let text = request.json.compact
        #expect(try TrialRequest(json: try JSONValue.parse(text)) == request)
        let trained = try trainer.train(request)
        #expect(try TrainedTrial(json: try JSONValue.parse(trained.json.compact)) == trained)
        let benched = try AnalyticBencher().bench(trained, baseline: URL(fileURLWithPath: "/"))
        #expect(try BenchedTrial(json: try JSONValue.parse(benched.json.compact)) == benched)
        do {
            _ = try TrialRequest(json: ["sweep": "s"])
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == "malformed trial request: 'fine_tune' should be a value")
        }
    }
}
