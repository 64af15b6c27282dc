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
