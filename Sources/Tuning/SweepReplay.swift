import Foundation
import JSON
import Support

/// `shears replay runs/<name>/ledger.jsonl --trial K`: runs a recorded trial again from the
/// ledger alone (its schedule text, seed and the sweep's configuration, all logged) and
/// compares. Accuracy must come out identical — training is deterministic for a given seed —
/// while latency is a new measurement, reported as a ratio to the logged figure.
public struct SweepReplay {
    public let ledgerURL: URL
    public let configuration: SweepConfiguration
    public let record: TrialRecord

    /// What the replay measured beside what the ledger says.
    public struct Result: Sendable {
        public var logged: TrialRecord
        /// The statistic the sweep recorded as latency.
        public var statistic: SweepConfiguration.Objective.Statistic
        public var trained: TrainedTrial
        public var benched: BenchedTrial

        /// Validation and test top-1 equal to the logged values, and the validation loss too when
        /// the trainer reported one: a loss equal to the last bit shows the whole fine-tuning repeated
        /// exactly, which top-1 on a few hundred images alone could hide.
        public var accuracyIdentical: Bool {
            let loggedLoss = logged.details["train"]?["val_loss"]?.double
            return trained.valTop1 == logged.valTop1 && trained.testTop1 == logged.testTop1
                && loggedLoss == trained.details["val_loss"]?.double
        }

        /// New median latency over the logged one.
        public var latencyRatioToLogged: Double? { logged.latencyMs.map { statistic.value(benched.latency) / $0 } }
    }

    /// Reads the ledger and finds the trial; a trial that failed or never finished cannot be replayed.
    public init(ledger: URL, trial: Int) throws {
        let events = try Ledger.read(ledger)
        let state = LedgerState(events: events)
        guard let header = state.header, let text = header["config"]?.string,
              let template = header["template"]?.string else {
            throw LedgerError.badLine(ledger.path, 1, "no sweep_started event with the sweep's configuration")
        }
        guard let record = state.completed.first(where: { $0.id == trial }), record.status == .finished else {
            throw TuningError.trialNotReplayable(trial, finished: state.completed.filter { $0.status == .finished }.map(\.id))
        }
        self.ledgerURL = ledger
        self.record = record
        self.configuration = try SweepConfiguration(parsing: text, file: header["config_file"]?.string ?? "config") { _ in
            template
        }
    }

    /// The baseline ONNX the sweep measured against, beside the ledger.
    public var baselineModelURL: URL {
        ledgerURL.deletingLastPathComponent().appendingPathComponent("baseline/model.onnx")
    }

    /// Trains the logged schedule with the logged seed, then benches it against the baseline
    /// (exported again from the baseline checkpoint when the run directory lacks it).
    public func run(trainer: any TrialTrainer, bencher: any TrialBencher) throws -> Result {
        if !FileManager.default.fileExists(atPath: baselineModelURL.path) {
            let baseline = try trainer.train(configuration.request(trial: TrialRequest.baselineID, seed: 0,
                                                                   parameters: [], schedule: nil))
            try FileManager.default.createDirectory(at: baselineModelURL.deletingLastPathComponent(),
                                                    withIntermediateDirectories: true)
            try AtomicFile.write(baseline.onnx, to: baselineModelURL)
        }
        let trained = try trainer.train(configuration.request(trial: record.id, seed: record.seed,
                                                              parameters: record.parameters, schedule: record.schedule))
        let benched = try bencher.bench(trained, baseline: baselineModelURL)
        return Result(logged: record, statistic: configuration.objective.statistic, trained: trained, benched: benched)
    }
}

extension SweepReplay.Result {
    /// The lines `shears replay` prints.
    public var report: String {
        func same(_ a: Double, _ b: Double?) -> String { a == b ? "identical" : "DIFFERENT" }
        var lines = [
            String(format: "val top-1   %.4f  (logged %.4f, %@)", trained.valTop1, logged.valTop1 ?? .nan,
                   same(trained.valTop1, logged.valTop1)),
            String(format: "test top-1  %.4f  (logged %.4f, %@)", trained.testTop1, logged.testTop1 ?? .nan,
                   same(trained.testTop1, logged.testTop1)),
        ]
        var latency = String(format: "latency     %.3f ms (%@)", statistic.value(benched.latency), statistic.rawValue)
        if let logged = logged.latencyMs, let ratio = latencyRatioToLogged {
            latency += String(format: "  (logged %.3f ms, ratio %.3f)", logged, ratio)
        }
        if let loss = trained.details["val_loss"]?.double, let loggedLoss = logged.details["train"]?["val_loss"]?.double {
            lines.append("val loss    \(loss)  (logged \(loggedLoss), \(same(loss, loggedLoss)))")
        }
        lines.append(latency)
        var speedup = String(format: "speed-up    %.2fx over the baseline measured beside it", 1 / benched.latencyRatio(statistic))
        if let loggedRatio = logged.latencyRatio { speedup += String(format: " (logged %.2fx)", 1 / loggedRatio) }
        lines.append(speedup)
        return lines.joined(separator: "\n")
    }
}
