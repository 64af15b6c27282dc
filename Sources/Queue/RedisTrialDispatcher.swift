import Foundation
import JSON
import Tuning
import Support

/// The sweep's two stages done by agents: `Sweep` holds this as both its `TrialTrainer` and
/// its `TrialBencher` (`shears sweep --redis URL`), so the optimiser, the ledger and the
/// report stay with the coordinator while `shears agent train` / `shears agent bench`
/// processes on any machines do the work.
///
/// Each stage call submits one job and waits for its result (the sweep loop runs one trial
/// at a time), re-queueing the jobs of agents whose heartbeat expired while it waits. Job ids
/// are `<sweep id>/<trial>`; the sweep id folds in everything that decides a trial's outcome,
/// so a resumed sweep picks up results that agents finished while the coordinator was down.
public final class RedisTrialDispatcher: TrialTrainer, TrialBencher, TrialRecordingObserver {
    public let sweepID: String
    private let trainStage: QueueCoordinator
    private let benchStage: QueueCoordinator
    private let objective: SweepConfiguration.Objective
    private var baseline: (path: String, onnx: [UInt8])?
    /// Results kept in Redis until the sweep has the trial in its ledger (`trialRecorded`).
    private var unconsumed: [Int: [(QueueCoordinator, QueueCoordinator.Completion)]] = [:]

    /// Connects (failing fast: a wrong URL, password or unreachable server throws here).
    public init(url: RedisURL, sweepID: String, objective: SweepConfiguration.Objective, keys: QueueKeys = QueueKeys(),
                options: RedisClient.Options = RedisClient.Options(), log: @escaping @Sendable (String) -> Void) throws {
        self.sweepID = sweepID
        self.objective = objective
        trainStage = try QueueCoordinator(url: url, sweep: sweepID + ":train", stages: ["train"], keys: keys,
                                          options: options, log: log)
        benchStage = try QueueCoordinator(url: url, sweep: sweepID + ":bench", stages: ["bench"], keys: keys,
                                          options: options, log: log)
    }

    /// `<name>-<12 hex digits>`: the configuration's name and a hash of what makes its trials
    /// what they are (configuration and template text, seed, method, tool version).
    public static func sweepID(configuration: SweepConfiguration, seed: UInt64, method: String, toolVersion: String)
        -> String
    {
        var hash = SHA256()
        for part in [configuration.text, configuration.template.text, String(seed), method, toolVersion] {
            hash.update(Array(part.utf8) + [0])
        }
        return configuration.name + "-" + String(SHA256.hex(hash.finalize()).prefix(12))
    }

    public func train(_ request: TrialRequest) throws -> TrainedTrial {
        let id = "\(sweepID)/\(request.trial)"
        guard let done = try trainStage.run(id: id, message: TrialMessages.trainJob(request), consume: false,
                                            shouldStop: { Interrupt.requested })
        else { throw TuningError.interrupted }
        try keep(done, of: trainStage, trial: request.trial)
        return try TrialMessages.trainedTrial(from: done.result("train")!, id: id)
    }

    public func bench(_ trained: TrainedTrial, baseline url: URL) throws -> BenchedTrial {
        let id = "\(sweepID)/\(trained.trial)"
        if baseline?.path != url.path { baseline = (url.path, [UInt8](try Data(contentsOf: url))) }
        let job = TrialMessages.benchJob(trained, baselineONNX: baseline!.onnx, objective: objective)
        guard let done = try benchStage.run(id: id, message: job, consume: false, shouldStop: { Interrupt.requested })
        else { throw TuningError.interrupted }
        try keep(done, of: benchStage, trial: trained.trial)
        return try TrialMessages.benchedTrial(from: done.result("bench")!)
    }

    /// The sweep has recorded `trial`: its results may leave Redis.
    public func trialRecorded(_ trial: Int) throws {
        for (stage, completion) in unconsumed.removeValue(forKey: trial) ?? [] { try stage.consume(completion) }
    }

    /// Holds a completion until the trial is recorded, or throws its failure. A failure of the
    /// agent's machine is forgotten at once, so the trial runs afresh when the sweep resumes.
    private func keep(_ done: QueueCoordinator.Completion, of stage: QueueCoordinator, trial: Int) throws {
        if done.infrastructure {
            try stage.forget(done)
            throw QueueError.agentInfrastructure(done.id, done.error ?? "failed")
        }
        unconsumed[trial, default: []].append((stage, done))
        if let error = done.error { throw QueueError.jobFailed(done.id, error) }
    }
}
