import Foundation
import JSON
import Queue
import ShearsTestSupport
import Synchronization
import Testing
import Tuning

/// A train agent that answers with a real `TrainedTrial` and counts the jobs it ran.
final class CountingTrain: JobHandler, @unchecked Sendable {
    let runs = Mutex(0)
    func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
        let request = try TrialMessages.request(from: job.message)
        runs.withLock { $0 += 1 }
        return JobOutcome(result: TrialMessages.trainResult(TrainedTrial(
            trial: request.trial, seed: request.seed, valTop1: 0.7, testTop1: 0.69, parameterCount: 10, macs: 20,
            checkpoint: [1, 2, 3], onnx: [4, 5], trainSeconds: 0)))
    }
}

/// The coordinator keeps an agent's train result in Redis until the trial is in the ledger:
/// killed in between (during the benchmark), it finds the result on resume and does not train again.
@Suite(.serialized) struct DispatcherConsumptionTests {
    static let request = TrialRequest(sweep: "s", trial: 3, seed: 9, parameters: [], schedule: "version: 1\n",
                                      baseline: "b", data: "d", fineTuneEpochs: 1, validationSplit: nil, fineTune: .init())

    @Test func aRestartedCoordinatorReusesTheTrainResultUntilTheTrialIsRecorded() throws {
        let server = try RedisServer()
        let handler = CountingTrain()
        let agents = AgentThreads()
        try agents.start(server.url, kind: "train", next: nil, handler: handler)
        defer { agents.stopAll() }
        let first = try RedisTrialDispatcher(url: server.url, sweepID: "s-1", objective: .init(), log: { _ in })
        let trained = try first.train(Self.request)
        let queue = ReliableQueue(kind: "train")
        let redis = try server.client()
        #expect(try queue.result(id: "s-1/3", using: redis)?.header["consumed"] == nil)

        // The coordinator dies before the ledger has trial 3; a new one asks again.
        let second = try RedisTrialDispatcher(url: server.url, sweepID: "s-1", objective: .init(), log: { _ in })
        let again = try second.train(Self.request)
        #expect(again.checkpoint == trained.checkpoint && again.valTop1 == trained.valTop1)
        #expect(handler.runs.withLock { $0 } == 1)

        try second.trialRecorded(3)
        #expect(try queue.result(id: "s-1/3", using: redis) == nil)
        #expect(try queue.isConsumed(id: "s-1/3", using: redis))
    }

    @Test func redisGoneForLongerThanTheReconnectWindowIsAnInfrastructureFailure() throws {
        let server = try RedisServer()
        let dispatcher = try RedisTrialDispatcher(url: server.url, sweepID: "s-2", objective: .init(),
                                                  options: .init(connectTimeout: 0.5, commandTimeout: 1, reconnectFor: 0.5),
                                                  log: { _ in })
        server.stop()
        do {
            _ = try dispatcher.train(Self.request)
            Issue.record("trained without Redis")
        } catch {
            #expect(isInfrastructureFailure(error), "\(error)")
            #expect("\(error)".hasPrefix("lost the connection to Redis at 127.0.0.1:\(server.port)"), "\(error)")
        }
    }
}

/// A bench agent whose latency is the model's size: enough for the sweep's bookkeeping.
struct SizeBench: JobHandler, Sendable {
    func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
        let (trained, _, _) = try TrialMessages.benchParts(from: job.message, id: job.id)
        let ms = Double(trained.trial + 2)
        func latency(_ v: Double) -> BenchedTrial.Latency {
            .init(count: 1, median: v, mean: v, min: v, max: v, p90: v, p99: v, standardDeviation: 0)
        }
        return JobOutcome(result: TrialMessages.benchResult(BenchedTrial(
            trial: trained.trial, latency: latency(ms), baselineLatency: latency(4), runtime: ["backend": "size"],
            layers: [], layersCSV: "layer,ms\n", benchSeconds: 0)))
    }
}

/// The sweep's stages over Redis, with the server taken away before trial 1 for longer than the
/// coordinator's reconnect window: the sweep stops without recording trial 1, and once Redis
/// is back `--resume` finishes every trial exactly once.
final class OutageTrainer: TrialTrainer, TrialBencher, TrialRecordingObserver {
    let inner: RedisTrialDispatcher
    let server: RedisServer
    var outageDone = false
    init(_ inner: RedisTrialDispatcher, server: RedisServer) {
        self.inner = inner
        self.server = server
    }
    func train(_ request: TrialRequest) throws -> TrainedTrial {
        if request.trial == 1 && !outageDone {
            outageDone = true
            server.stop()
        }
        return try inner.train(request)
    }
    func bench(_ trained: TrainedTrial, baseline: URL) throws -> BenchedTrial { try inner.bench(trained, baseline: baseline) }
    func trialRecorded(_ trial: Int) throws { try inner.trialRecorded(trial) }
}

@Suite(.serialized) struct RedisOutageSweepTests {
    @Test func redisDownLongerThanTheReconnectWindowStopsTheSweepAndResumeFinishesEveryTrialOnce() throws {
        let server = try RedisServer()
        let train = CountingTrain()
        let agents = AgentThreads()
        try agents.start(server.url, kind: "train", next: nil, handler: train)
        try agents.start(server.url, kind: "bench", next: nil, handler: SizeBench())
        defer { agents.stopAll() }
        let runs = FileManager.default.temporaryDirectory.appendingPathComponent("shears-outage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: runs) }
        let configuration = try SweepConfiguration(parsing: """
            name: outage
            baseline: b
            data: d
            schedule_template: t.yaml
            parameters:
              x: {min: 0.0, max: 1.0}
            budget:
              trials: 3
              fine_tune_epochs: 1
              initial_design: 3

            """, file: "outage.yaml") { _ in "x: ${x}\n" }
        func dispatcher() throws -> RedisTrialDispatcher {
            try RedisTrialDispatcher(url: server.url, sweepID: "outage-1", objective: configuration.objective,
                                     options: .init(connectTimeout: 0.5, commandTimeout: 5, reconnectFor: 0.5),
                                     log: { _ in })
        }
        func sweep(_ stages: TrialTrainer & TrialBencher, resume: Bool) -> Sweep {
            Sweep(configuration: configuration, options: .init(resume: resume, runsDirectory: runs, toolVersion: "test"),
                  trainer: stages, bencher: stages, output: { _ in })
        }
        let failing = sweep(OutageTrainer(try dispatcher(), server: server), resume: false)
        do {
            _ = try failing.run()
            Issue.record("the sweep went on without Redis")
        } catch {
            #expect(error is SweepStopped, "\(error)")
            #expect("\(error)".hasPrefix("sweep stopped during trial 1: lost the connection to Redis at "), "\(error)")
        }
        try server.start()
        let summary = try sweep(try dispatcher(), resume: true).run()
        #expect(summary.trials.map(\.id) == [0, 1, 2])
        #expect(summary.trials.allSatisfy { $0.status == .finished })
        let events = try Ledger.read(failing.ledgerURL)
        #expect(!events.contains { $0["event"]?.string == "trial_failed" })
        #expect(events.filter { $0["event"]?.string == "trial_finished" }.compactMap { $0["trial"]?.int } == [0, 1, 2])
        // Baseline and three trials, each trained once.
        #expect(train.runs.withLock { $0 } == 4)
    }
}
