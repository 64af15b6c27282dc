import Foundation
import JSON
import Training
import Support
import Optimizer

/// What one trial will run: chosen by the optimiser, or read back from an unfinished
/// `trial_started` event (then its logged schedule text is run as it was).
struct TrialPlan {
    var id: Int
    var assignment: [String: ParameterValue]
    var reason: String
    var seed: UInt64
    var schedule: String?
}

extension Sweep {
    /// Runs one trial through both stages and records it. Returns nil when the sweep was
    /// interrupted mid-trial: nothing is recorded then, so `--resume` runs the trial again.
    func runTrial(_ plan: TrialPlan, ledger: Ledger, baseline: Baseline, floor: Double?) throws -> TrialRecord? {
        let parameters = Self.parameterJSON(plan.assignment, space: configuration.space)
        let schedule = try plan.schedule ?? configuration.schedule(for: plan.assignment)
        let point = try configuration.space.encode(plan.assignment)
        try ledger.append([
            "event": "trial_started", "trial": JSONValue(plan.id), "parameters": .object(parameters),
            "point": JSONValue(point), "reason": .string(plan.reason), "seed": .string(String(plan.seed)),
            "time": .string(Self.timestamp()), "schedule": .string(schedule),
        ])
        // A re-run trial starts from an empty directory: a kill -9 can leave a half-written
        // artifact or the temporary file of an atomic write behind. Only a complete trained
        // model of this very trial is kept (stopped during the benchmark: measure, don't retrain).
        let dir = trialDirectory(plan.id)
        let reusable = reusableTrained(in: dir, trial: plan.id, seed: plan.seed, schedule: schedule)
        if reusable == nil {
            try? FileManager.default.removeItem(at: dir)
        } else {
            try? FileManager.default.removeItem(at: dir.appendingPathComponent("layers.csv"))
            AtomicFile.removeLeftovers(in: dir.path)
        }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try AtomicFile.write(Array(schedule.utf8), to: dir.appendingPathComponent("schedule.yaml"))
        output("trial \(plan.id) [\(plan.reason)] "
               + parameters.map { "\($0.0)=\($0.1.string ?? $0.1.compact)" }.joined(separator: " "))

        let started = Date()
        var details: [(String, JSONValue)] = [("reason", .string(plan.reason)), ("point", JSONValue(point)),
                                              ("tool_version", .string(options.toolVersion))]
        var record = TrialRecord(id: plan.id, status: .failed, parameters: parameters, schedule: schedule,
                                 seed: plan.seed, baselineLatencyMs: baseline.latencyMs)
        do {
            let trained: TrainedTrial
            if let reusable {
                output("trial \(plan.id): measuring the model it was trained to before the sweep stopped")
                trained = reusable
            } else {
                trained = try trainer.train(configuration.request(trial: plan.id, seed: plan.seed,
                                                                  parameters: parameters, schedule: schedule))
            }
            if Interrupt.requested { return nil }
            guard trained.valTop1.isFinite, trained.testTop1.isFinite else {
                throw TuningError.diverged
            }
            record.valTop1 = trained.valTop1
            record.testTop1 = trained.testTop1
            record.parameterCount = trained.parameterCount
            record.macs = trained.macs
            details += [("train_seconds", JSONValue(trained.trainSeconds)), ("train", trained.details)]
            try writeFile(trained.checkpoint, dir.appendingPathComponent("model.safetensors"))
            try writeFile(trained.onnx, dir.appendingPathComponent("model.onnx"))
            if reusable == nil { try keepTrained(trained, in: dir) }

            let benched = try bencher.bench(trained, baseline: baselineModelURL)
            if Interrupt.requested { return nil }
            try writeFile(Array(benched.layersCSV.utf8), dir.appendingPathComponent("layers.csv"))
            record.status = .finished
            let statistic = configuration.objective.statistic
            record.latencyMs = statistic.value(benched.latency)
            record.baselineLatencyMs = statistic.value(benched.baselineLatency)
            details += [("latency", benched.latency.json), ("baseline_latency", benched.baselineLatency.json),
                        ("statistic", .string(statistic.rawValue)),
                        ("latency_ratio", JSONValue(benched.latencyRatio(statistic))), ("runtime", benched.runtime),
                        ("bench_seconds", JSONValue(benched.benchSeconds)),
                        ("layers", .array(benched.layers.map(\.json)))]
        } catch {
            if Interrupt.requested { return nil }
            let infrastructure = isInfrastructureFailure(error)
            // Half a trial's artifacts must not look like a result (a failed trial has none); a
            // complete trained model stays when the machine failed, for the resumed run to measure.
            let keep = infrastructure && FileManager.default.fileExists(atPath: dir.appendingPathComponent(Self.trainedFile).path)
            for artifact in ["model.safetensors", "model.onnx", "layers.csv", Self.trainedFile] where !keep {
                try? FileManager.default.removeItem(at: dir.appendingPathComponent(artifact))
            }
            if infrastructure { throw SweepStopped(trial: plan.id, reason: String(describing: error)) }
            record.status = .failed
            record.error = String(describing: error)
        }
        details.append(("seconds", JSONValue(Date().timeIntervalSince(started))))
        record.details = .object(details)
        try ledger.append(record.json)
        try? FileManager.default.removeItem(at: dir.appendingPathComponent(Self.trainedFile))
        try notifyRecorded(plan.id)
        return record
    }

    /// Tells the stages that `trial` is in the ledger (once, if trainer and bencher are one object).
    func notifyRecorded(_ trial: Int) throws {
        let observers = [trainer as AnyObject, bencher as AnyObject].compactMap { $0 as? TrialRecordingObserver }
        for (index, observer) in observers.enumerated()
        where !observers[..<index].contains(where: { $0 === observer }) {
            try observer.trialRecorded(trial)
        }
    }

    /// The optimiser's view of a recorded trial: the latency ratio to the baseline measured
    /// beside it (the objective; a ratio cancels the machine's load at the time) and validation
    /// top-1 (the constraint). A failed trial is an infeasible point with no values.
    func observation(_ record: TrialRecord) throws -> Observation {
        let point = try configuration.space.encode(Self.assignment(record.parameters, space: configuration.space))
        guard record.status == .finished, let ratio = record.latencyRatio, let top1 = record.valTop1 else {
            return Observation(point: point, objective: nil, constraint: nil, failed: true)
        }
        return Observation(point: point, objective: ratio, constraint: top1)
    }

    func assignment(from startedEvent: JSONValue) throws -> [String: ParameterValue] {
        try Self.assignment(startedEvent["parameters"]?.object ?? [], space: configuration.space)
    }

    /// The trial's fine-tuning seed, derived from the sweep seed and the trial id alone, so a
    /// re-run trial (resume, replay) trains on exactly the same batches.
    func trialSeed(_ id: Int) -> UInt64 {
        var g = TuningRandom(seed: seed, stream: 0x7472_6961_6C, index: id)
        return g.next() >> 1
    }

    // MARK: - Parameter values in JSON

    static func parameterJSON(_ assignment: [String: ParameterValue], space: SearchSpace) -> [(String, JSONValue)] {
        space.parameters.compactMap { p in
            assignment[p.name].map { value in
                switch value {
                case .real(let v): return (p.name, JSONValue(v))
                case .integer(let v): return (p.name, JSONValue(v))
                case .category(let s): return (p.name, JSONValue(s))
                }
            }
        }
    }

    static func assignment(_ parameters: [(String, JSONValue)], space: SearchSpace) throws -> [String: ParameterValue] {
        var result: [String: ParameterValue] = [:]
        for (name, value) in parameters {
            guard let p = space.parameters.first(where: { $0.name == name }) else {
                throw OptimizerError.unknownParameter(name: name, known: space.names)
            }
            switch (p.domain, value) {
            case (.continuous, .number(let v)): result[name] = .real(v)
            case (.integer, _) where value.int != nil: result[name] = .integer(value.int!)
            case (.categorical, .string(let s)): result[name] = .category(s)
            default:
                throw OptimizerError.wrongValueKind(parameter: name, expected: p.domain.kindName, found: value.compact)
            }
        }
        return result
    }

    // MARK: - Fingerprint

    /// What a resumed sweep must share with the one that wrote the ledger: anything that would
    /// make the recorded trials mean something else. The trial budget may change.
    var fingerprint: JSONValue {
        var constraint: JSONValue = .null
        switch configuration.constraint {
        case .top1Min(let v): constraint = ["top1_min": JSONValue(v)]
        case .maxTop1Drop(let v): constraint = ["max_top1_drop": JSONValue(v)]
        case nil: break
        }
        let o = configuration.objective
        return [
            "baseline": .string(configuration.baseline), "data": .string(configuration.data),
            "template": .string(configuration.template.text),
            "parameters": .array(configuration.space.parameters.map { .string("\($0)") }),
            "method": .string(options.method.rawValue), "seed": .string(String(seed)),
            "fine_tune_epochs": JSONValue(configuration.budget.fineTuneEpochs),
            "validation_split": configuration.budget.validationSplit.map { JSONValue($0) } ?? .null,
            "fine_tune": .string("\(configuration.fineTune)"), "constraint": constraint,
            "objective": .string("\(o.minimize) \(o.statistic.rawValue) \(o.backend) \(o.device) "
                                 + "threads=\(o.threads.map(String.init) ?? "auto")"),
        ]
    }

    func checkFingerprint(_ header: JSONValue) throws {
        guard let logged = header["fingerprint"]?.object else { return }
        for (key, value) in fingerprint.object! where logged.first(where: { $0.0 == key })?.1 != value {
            throw LedgerError.configurationMismatch(ledgerURL.path, "'\(key)' differs")
        }
    }
}

extension TrialRecord {
    /// Trial latency over the baseline's, both measured in the same bench run (< 1 is faster).
    public var latencyRatio: Double? {
        guard let l = latencyMs, let b = baselineLatencyMs, b > 0 else { return nil }
        return l / b
    }

    /// Finished, measured, and (with a floor) at or above it on validation top-1.
    public func isFeasible(floor: Double?) -> Bool {
        guard status == .finished, latencyRatio != nil, let top1 = valTop1 else { return false }
        return floor.map { top1 >= $0 } ?? true
    }
}
