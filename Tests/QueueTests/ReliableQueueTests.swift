import Foundation
import JSON
import Queue
import ShearsTestSupport
import Testing

/// The queue's guarantees, one Redis step at a time: atomic hand-over, re-queue after a
/// heartbeat expires, first result wins.
@Suite(.serialized) struct ReliableQueueTests {
    let train = ReliableQueue(kind: "train")
    let bench = ReliableQueue(kind: "bench")

    func message(_ trial: Int) -> QueueMessage { QueueMessage(["trial": JSONValue(trial)]) }

    @Test func jobsAreTakenOldestFirstAndQueuedOnce() throws {
        let server = try RedisServer()
        let redis = try server.client()
        #expect(try train.enqueue(id: "s/0", message: message(0), using: redis))
        #expect(try train.enqueue(id: "s/1", message: message(1), using: redis))
        #expect(try !train.enqueue(id: "s/0", message: message(0), using: redis))
        let first = try #require(try train.claim(agent: "a", timeout: 0.1, using: redis))
        #expect(first.id == "s/0")
        #expect(first.message == message(0))
        #expect(try train.processing(agent: "a", using: redis) == ["s/0"])
        #expect(try train.pendingCount(using: redis) == 1)
        #expect(try train.complete("s/0", agent: "a", result: QueueMessage(["ok": true]), replyKey: nil, using: redis))
        #expect(try train.processing(agent: "a", using: redis) == [])
        // Done ids are never queued again.
        #expect(try !train.enqueue(id: "s/0", message: message(0), using: redis))
        #expect(try train.result(id: "s/0", using: redis) == QueueMessage(["ok": true]))
        #expect(try train.claim(agent: "a", timeout: 0.1, using: redis)?.id == "s/1")
        #expect(try train.claim(agent: "b", timeout: 0.1, using: redis) == nil)
    }

    @Test func anExpiredHeartbeatPutsTheJobBackAndTheFirstResultWins() throws {
        let server = try RedisServer()
        let redis = try server.client()
        try train.enqueue(id: "s/7", message: message(7), using: redis)
        try train.heartbeat(agent: "dead", description: "{}", ttl: 0.3, using: redis)
        try train.heartbeat(agent: "alive", description: "{}", ttl: 30, using: redis)
        #expect(try train.claim(agent: "dead", timeout: 0.1, using: redis)?.id == "s/7")
        #expect(try train.requeueOrphans(using: redis).isEmpty)  // still within its TTL
        Thread.sleep(forTimeInterval: 0.45)
        let moved = try train.requeueOrphans(using: redis)
        #expect(moved.map(\.agent) == ["dead"] && moved.map(\.id) == ["s/7"])
        #expect(try train.processing(agent: "dead", using: redis) == [])
        #expect(try redis.send(RedisCommand("SMEMBERS", "shears:train:agents")) == .array([.bulkString(Array("alive".utf8))]))
        #expect(try train.claim(agent: "alive", timeout: 0.1, using: redis)?.id == "s/7")
        // The "dead" agent was only slow: it finishes first and its result is kept; the second
        // completion is not recorded and sends no second reply.
        #expect(try train.complete("s/7", agent: "dead", result: QueueMessage(["by": "dead"]), replyKey: "r", using: redis))
        #expect(try !train.complete("s/7", agent: "alive", result: QueueMessage(["by": "alive"]), replyKey: "r",
                                    using: redis))
        #expect(try train.result(id: "s/7", using: redis) == QueueMessage(["by": "dead"]))
        #expect(try redis.send(RedisCommand("LRANGE", "r", 0, -1)) == .array([.bulkString(Array("train s/7".utf8))]))
        #expect(try train.processing(agent: "alive", using: redis) == [])
    }

    @Test func aReQueuedJobFinishedMeanwhileIsSkipped() throws {
        let server = try RedisServer()
        let redis = try server.client()
        try train.enqueue(id: "s/1", message: message(1), using: redis)
        try train.enqueue(id: "s/2", message: message(2), using: redis)
        #expect(try train.claim(agent: "a", timeout: 0.1, using: redis)?.id == "s/1")
        try train.release(agent: "a", deregister: false, using: redis)  // back in line, next to be taken
        try train.complete("s/1", agent: "a", result: QueueMessage(["late": true]), replyKey: nil, using: redis)
        // s/1 is still listed as pending but already done: the claim drops it and moves on.
        #expect(try train.claim(agent: "b", timeout: 0.1, using: redis)?.id == "s/2")
        #expect(try train.pendingCount(using: redis) == 0)
        #expect(try train.processing(agent: "b", using: redis) == ["s/2"])
    }

    @Test func completionQueuesTheFollowUpUnderTheSameID() throws {
        let server = try RedisServer()
        let redis = try server.client()
        let model = randomBytes(2 << 20, seed: 1)
        try train.enqueue(id: "s/3", message: message(3), using: redis)
        _ = try train.claim(agent: "t", timeout: 0.1, using: redis)
        let followUp = QueueMessage(["trial": 3], attachments: [("model.onnx", model)])
        try train.complete("s/3", agent: "t", result: QueueMessage(["status": "ok"]), followUp: (bench, followUp),
                           replyKey: "r", using: redis)
        let job = try #require(try bench.claim(agent: "b", timeout: 0.1, using: redis))
        #expect(job.id == "s/3")
        #expect(job.message.attachment("model.onnx") == model)
        // The train payload is gone once done; only results stay.
        #expect(try redis.send(RedisCommand("HLEN", "shears:train:jobs")) == .integer(0))
    }

    @Test func messagesRoundTripAndRejectGarbage() throws {
        let message = QueueMessage(["trial": 1, "name": "a\nb"], attachments: [("m", [0, 10, 13]), ("empty", [])])
        #expect(try QueueMessage(decoding: message.encoded()) == message)
        #expect(throws: QueueError.badMessage("missing the 'SHEARS-MSG 1' line")) {
            try QueueMessage(decoding: Array("hello".utf8))
        }
        var truncated = QueueMessage(["trial": 1], attachments: [("model.onnx", randomBytes(1000, seed: 2))]).encoded()
        truncated.removeLast(10)
        #expect(throws: QueueError.badMessage("attachment 'model.onnx' is shorter than its 1000 bytes")) {
            try QueueMessage(decoding: truncated)
        }
        #expect(throws: QueueError.badMessage("truncated line")) {
            try QueueMessage(decoding: Array("SHEARS-MSG 1\n{\"trial\":1}".utf8))
        }
    }
}
