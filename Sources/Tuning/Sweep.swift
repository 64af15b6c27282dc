import Foundation
import JSON
import Training
import Support
import Optimizer

/// `shears sweep` as a library call: the baseline measured once, then trial after trial —
/// suggest θ, fill the template, TRAIN stage, BENCH stage, record — until the budget is spent.
///
/// Everything the sweep knows is in `runs/<name>/ledger.jsonl`, so a run killed at any point
/// (even `kill -9`) resumes with no finished trial lost or repeated: the optimiser is rebuilt
/// from the finished and failed trials in ledger order (its suggestions are a pure function of
/// them), and a trial that was started but never finished runs again with its logged θ, seed
/// and schedule. Artifacts go to `runs/<name>/trials/<id>/`.
public final class Sweep {
    public struct Options: Sendable {
        /// Overrides the configuration's `budget.trials` (e.g. to extend a finished sweep).
        public var trials: Int?
        public var resume: Bool
        public var method: Optimizer.Method
        /// Overrides `budget.seed`.
        public var seed: UInt64?
        /// Parent of the run directory (`runs`).
        public var runsDirectory: URL
        /// Written into the ledger beside every trial.
        public var toolVersion: String

        public init(trials: Int? = nil, resume: Bool = false, method: Optimizer.Method = .gp, seed: UInt64? = nil,
                    runsDirectory: URL = URL(fileURLWithPath: "runs"), toolVersion: String = "unknown") {
            self.trials = trials
            self.resume = resume
            self.method = method
            self.seed = seed
            self.runsDirectory = runsDirectory
            self.toolVersion = toolVersion
        }
    }

    /// How a sweep ended.
    public struct Summary: Sendable {
        public var trials: [TrialRecord]
        public var baseline: Baseline
        public var floor: Double?
        /// Stopped by Ctrl-C (or SIGTERM) before the budget was spent; `--resume` continues.
        public var interrupted: Bool

        public var best: TrialRecord? {
            trials.filter { $0.isFeasible(floor: floor) }.min { $0.latencyRatio! < $1.latencyRatio! }
        }
    }

    /// The baseline's figures, measured at the start of the sweep and kept in the ledger header.
    public struct Baseline: Sendable {
        public var valTop1: Double
        public var testTop1: Double
        public var latencyMs: Double
        public var parameterCount: Int
        public var macs: Int
    }

    public let configuration: SweepConfiguration
    public let options: Options
    public let trainer: any TrialTrainer
    public let bencher: any TrialBencher
    /// `runs/<name>`.
    public let directory: URL
    /// Receives the progress lines (one per trial, then the leaderboard).
    public var output: (String) -> Void
    /// Writes a trial's artifacts (atomically); tests inject a full or read-only disk here.
    public var writeFile: ([UInt8], URL) throws -> Void = { bytes, url in try AtomicFile.write(bytes, to: url) }

    public init(configuration: SweepConfiguration, options: Options, trainer: any TrialTrainer,
                bencher: any TrialBencher, output: @escaping (String) -> Void = { print($0) }) {
        self.configuration = configuration
        self.options = options
        self.trainer = trainer
        self.bencher = bencher
        self.directory = options.runsDirectory.appendingPathComponent(configuration.name)
        self.output = output
    }

    public var ledgerURL: URL { directory.appendingPathComponent("ledger.jsonl") }
    public var baselineModelURL: URL { directory.appendingPathComponent("baseline/model.onnx") }
    public var seed: UInt64 { options.seed ?? configuration.budget.seed }
    public var trialBudget: Int { options.trials ?? configuration.budget.trials }

    /// The directory of one trial's artifacts.
    public func trialDirectory(_ id: Int) -> URL {
        directory.appendingPathComponent("trials/\(id)")
    }

    /// Runs (or resumes) the sweep until `trialBudget` trials are recorded or it is interrupted.
    public func run() throws -> Summary {
        try configuration.preflight()
        let events = FileManager.default.fileExists(atPath: ledgerURL.path) ? try Ledger.read(ledgerURL) : []
        if !events.isEmpty && !options.resume { throw LedgerError.runExists(ledgerURL.path) }
        let state = LedgerState(events: events)
        // A kill -9 mid-write leaves the temporary file of an atomic write behind.
        for leftovers in [directory, baselineModelURL.deletingLastPathComponent(), directory.appendingPathComponent("bench")] {
            AtomicFile.removeLeftovers(in: leftovers.path)
        }
        let ledger = try Ledger(url: ledgerURL)

        let baseline: Baseline
        if let header = state.header {
            try checkFingerprint(header)
            baseline = try Self.baseline(from: header, path: ledgerURL.path)
            if !FileManager.default.fileExists(atPath: baselineModelURL.path) {
                _ = try prepareBaseline()
                try notifyRecorded(TrialRequest.baselineID)
            }
            try ledger.append(["event": "sweep_resumed", "trials_recorded": JSONValue(state.completed.count),
                               "tool_version": .string(options.toolVersion), "time": .string(Self.timestamp())])
            output("resuming \(configuration.name): \(state.completed.count) trials recorded"
                   + (state.unfinished.isEmpty ? "" : ", re-running unfinished trial \(state.unfinished[0].id)"))
        } else {
            baseline = try measureBaseline(ledger: ledger)
        }
        let floor = configuration.constraint?.floor(baselineTop1: baseline.valTop1)

        var records = state.completed
        var optimizer = try Optimizer(space: configuration.space, method: options.method, seed: seed,
                                      constraintFloor: floor, initialDesignSize: configuration.budget.initialDesign)
        for record in records { try optimizer.observe(try observation(record)) }

        var nextID = state.nextTrialID
        var pending = state.unfinished.map { started in
            (id: started.id, assignment: try? assignment(from: started.event), event: started.event)
        }
        while records.count < trialBudget {
            if Interrupt.requested { return Summary(trials: records, baseline: baseline, floor: floor, interrupted: true) }
            let plan: TrialPlan
            if !pending.isEmpty, let resumed = pending.first, let values = resumed.assignment {
                pending.removeFirst()
                plan = TrialPlan(id: resumed.id, assignment: values, reason: resumed.event["reason"]?.string ?? "resumed",
                                 seed: UInt64(resumed.event["seed"]?.string ?? "") ?? trialSeed(resumed.id),
                                 schedule: resumed.event["schedule"]?.string)
            } else {
                pending.removeAll()
                let suggestion = try optimizer.suggest()
                plan = TrialPlan(id: nextID, assignment: suggestion.assignment, reason: suggestion.reason.rawValue,
                                 seed: trialSeed(nextID), schedule: nil)
                nextID += 1
            }
            guard let record = try runTrial(plan, ledger: ledger, baseline: baseline, floor: floor) else {
                return Summary(trials: records, baseline: baseline, floor: floor, interrupted: true)
            }
            records.append(record)
            try optimizer.observe(try observation(record))
            output(SweepProgress.line(record, of: trialBudget, done: records.count, floor: floor))
            output(SweepProgress.leaderboard(records, floor: floor))
        }
        return Summary(trials: records, baseline: baseline, floor: floor, interrupted: false)
    }

    // MARK: - Baseline

    /// The baseline request: no schedule, trial id `TrialRequest.baselineID`.
    func baselineRequest() -> TrialRequest {
        configuration.request(trial: TrialRequest.baselineID, seed: seed, parameters: [], schedule: nil)
    }

    /// Evaluates and exports the baseline, writing `baseline/model.onnx` (and its checkpoint).
    private func prepareBaseline() throws -> TrainedTrial {
        let trained = try trainer.train(baselineRequest())
        let dir = baselineModelURL.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try AtomicFile.write(trained.onnx, to: baselineModelURL)
        return trained
    }

    /// Accuracy and latency of the unpruned network, once per sweep, into the ledger header.
    private func measureBaseline(ledger: Ledger) throws -> Baseline {
        output("baseline: evaluating \(configuration.baseline) and measuring its latency")
        let trained = try prepareBaseline()
        let benched = try bencher.bench(trained, baseline: baselineModelURL)
        let baseline = Baseline(valTop1: trained.valTop1, testTop1: trained.testTop1,
                                latencyMs: configuration.objective.statistic.value(benched.latency), parameterCount: trained.parameterCount,
                                macs: trained.macs)
        let floor = configuration.constraint?.floor(baselineTop1: baseline.valTop1)
        var header: [(String, JSONValue)] = [
            ("event", "sweep_started"), ("name", .string(configuration.name)),
            ("tool_version", .string(options.toolVersion)), ("time", .string(Self.timestamp())),
            ("baseline_val_top1", JSONValue(baseline.valTop1)), ("baseline_test_top1", JSONValue(baseline.testTop1)),
            ("baseline_latency_ms", JSONValue(baseline.latencyMs)), ("baseline_latency", benched.latency.json),
            ("baseline_params", JSONValue(baseline.parameterCount)), ("baseline_macs", JSONValue(baseline.macs)),
            ("runtime", benched.runtime),
        ]
        if let floor { header.append(("top1_floor", JSONValue(floor))) }
        header += [("fingerprint", fingerprint), ("config_file", .string(configuration.file)),
                   ("config", .string(configuration.text)), ("template", .string(configuration.template.text))]
        try ledger.append(.object(header))
        try notifyRecorded(TrialRequest.baselineID)
        output(String(format: "baseline: val top-1 %.4f  test top-1 %.4f  latency %.3f ms  (%d params, %d MACs)",
                      baseline.valTop1, baseline.testTop1, baseline.latencyMs, baseline.parameterCount, baseline.macs)
               + (floor.map { String(format: "  floor %.4f", $0) } ?? ""))
        return baseline
    }

    static func baseline(from header: JSONValue, path: String) throws -> Baseline {
        guard let val = header["baseline_val_top1"]?.double, let latency = header["baseline_latency_ms"]?.double
        else { throw LedgerError.badLine(path, 1, "the sweep_started event lacks the baseline figures") }
        return Baseline(valTop1: val, testTop1: header["baseline_test_top1"]?.double ?? .nan, latencyMs: latency,
                        parameterCount: header["baseline_params"]?.int ?? 0, macs: header["baseline_macs"]?.int ?? 0)
    }

    static func timestamp() -> String { ISO8601DateFormatter().string(from: Date()) }
}
