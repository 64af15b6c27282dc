import Foundation
import JSON
import Queue
import ShearsTestSupport
import Synchronization
import Testing

/// The coordinator's bookkeeping: resumed ids, consumed results, missing agents.
@Suite(.serialized) struct QueueCoordinatorTests {
    @Test func aResubmittedFinishedJobCompletesFromItsResultAndAConsumedOneRunsAgain() throws {
        let server = try RedisServer()
        let redis = try server.client()
        let train = ReliableQueue(kind: "train")
        // An agent finished s/0 while no coordinator was waiting (say, it had crashed).
        let first = try QueueCoordinator(url: server.url, sweep: "s", stages: ["train"], log: { _ in })
        try first.submit(id: "s/0", message: QueueMessage(["trial": 0]))
        let job = try #require(try train.claim(agent: "a", timeout: 0.1, using: redis))
        try train.complete(job.id, agent: "a", result: QueueMessage(["status": "ok", "run": 1],
                                                                    attachments: [("onnx", [1, 2, 3])]),
                           replyKey: job.message.header["reply"]?.string, using: redis)

        // The restarted coordinator submits it again: nothing is queued, the result is used.
        let second = try QueueCoordinator(url: server.url, sweep: "s", stages: ["train"], log: { _ in })
        let done = try #require(try second.run(id: "s/0", message: QueueMessage(["trial": 0]), shouldStop: { false }))
        #expect(done.result("train") == QueueMessage(["status": "ok", "run": 1], attachments: [("onnx", [1, 2, 3])]))
        #expect(try train.pendingCount(using: redis) == 0)
        // Consumed: the result left Redis; an expiring marker stands in for it.
        #expect(try train.result(id: "s/0", using: redis) == nil)
        #expect(try train.isConsumed(id: "s/0", using: redis))
        let ttl = try redis.send(RedisCommand("TTL", "shears:train:consumed:s/0")).int ?? 0
        #expect(ttl > 86_000 && ttl <= ReliableQueue.consumedMarkerSeconds)
        // A late duplicate (a slow agent finishing the same job) records nothing.
        #expect(try !train.complete("s/0", agent: "late", result: QueueMessage(["status": "ok", "run": 9]),
                                    replyKey: nil, using: redis))
        #expect(try train.result(id: "s/0", using: redis) == nil)

        // A later sweep of the same configuration asks again: the job runs afresh.
        let third = try QueueCoordinator(url: server.url, sweep: "s", stages: ["train"], log: { _ in })
        try third.submit(id: "s/0", message: QueueMessage(["trial": 0]))
        #expect(try train.pendingCount(using: redis) == 1)
        #expect(try !train.isConsumed(id: "s/0", using: redis))
        #expect(try third.waitForCompletions(timeout: 0.2).isEmpty)
    }

    @Test func waitingWithoutAgentsSaysHowToStartThem() throws {
        let server = try RedisServer()
        let lines = Mutex<[String]>([])
        let coordinator = try QueueCoordinator(url: server.url, sweep: "s", log: { line in lines.withLock { $0.append(line) } })
        try coordinator.submit(id: "s/1", message: QueueMessage(["trial": 1]))
        #expect(try coordinator.waitForCompletions(timeout: 0.3).isEmpty)
        #expect(coordinator.pending == ["s/1"])
        #expect(lines.withLock { $0 } == [
            "no train agents are connected; start one with 'shears agent train --redis redis://127.0.0.1:\(server.port)/0'",
            "no bench agents are connected; start one with 'shears agent bench --redis redis://127.0.0.1:\(server.port)/0'",
        ])
    }

    @Test func aStopRequestEndsTheWaitWithoutAResult() throws {
        let server = try RedisServer()
        let coordinator = try QueueCoordinator(url: server.url, sweep: "s", stages: ["train"], log: { _ in })
        #expect(try coordinator.run(id: "s/2", message: QueueMessage(["trial": 2]), shouldStop: { true }) == nil)
        #expect(coordinator.pending.isEmpty)
    }
}
