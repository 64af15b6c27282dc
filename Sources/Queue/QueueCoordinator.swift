import JSON
import Support

/// The coordinator's side of a staged pipeline of queues ("train" then "bench"): submit jobs
/// to the first stage, learn when each has come out of the last (or failed on the way), and
/// re-queue jobs of agents whose heartbeat expired. Agents chain the stages themselves (a train
/// agent queues the bench job with the model attached), so models never pass through here.
///
/// Completions arrive as "kind id" entries on this sweep's reply list (BRPOP). A reply lost
/// to a dropped connection is caught by polling the result hashes of outstanding jobs every
/// `pollInterval`; each id completes exactly once however many replies or results it has.
public final class QueueCoordinator {
    /// A job that has left the pipeline.
    public struct Completion: Sendable {
        public var id: String
        /// Each stage's result, by stage name; stages after a failure are absent.
        public var results: [(stage: String, message: QueueMessage)]
        /// The first failed stage's error, nil when every stage succeeded.
        public var error: String?
        /// The failure was the agent's machine's, not the job's (`JobOutcome.failure`).
        public var infrastructure = false

        public func result(_ stage: String) -> QueueMessage? { results.first { $0.stage == stage }?.message }
    }

    public let stages: [ReliableQueue]
    public let replyKey: String
    public let redis: RedisClient
    /// Seconds between orphan re-queues and result polls.
    public var pollInterval: Double = 1
    private let log: @Sendable (String) -> Void
    private var outstanding: [String] = []
    private var lastPoll: UInt64 = 0
    private var pollSoon = false
    private var lastAgentCheck: UInt64 = 0

    /// Connects (failing fast) and checks the server has BLMOVE.
    public init(url: RedisURL, sweep: String, stages: [String] = ["train", "bench"], keys: QueueKeys = QueueKeys(),
                options: RedisClient.Options = RedisClient.Options(),
                log: @escaping @Sendable (String) -> Void) throws(QueueError) {
        precondition(!stages.isEmpty)
        self.stages = stages.map { ReliableQueue(kind: $0, keys: keys) }
        replyKey = keys.replies(sweep)
        self.log = log
        redis = try RedisClient(url: url, options: options, log: log)
        try redis.requireBLMOVE()
    }

    /// Ids submitted and not yet completed, in submission order.
    public var pending: [String] { outstanding }

    /// Queues a job for the first stage. An id that is already queued or done is not queued
    /// again (a resumed sweep); it completes from the recorded results. An id whose results
    /// were consumed (`markConsumed`; or, as versions before the expiring marker kept them, a
    /// result whose header says `consumed`) is run afresh.
    public func submit(id: String, message: QueueMessage) throws(QueueError) {
        precondition(!outstanding.contains(id), "job \(id) submitted twice")
        let message = message.setting("reply", .string(replyKey))
        var queued = try stages[0].enqueue(id: id, message: message, using: redis)
        var consumed = false
        if !queued {
            for stage in stages where try stage.result(id: id, using: redis)?.header["consumed"]?.bool == true {
                consumed = true
            }
        }
        if consumed {
            for stage in stages { try stage.forgetResult(id: id, using: redis) }
            queued = try stages[0].enqueue(id: id, message: message, using: redis)
        }
        if queued {
            // Runs afresh: later stages' markers of an earlier, consumed run must not block it.
            for stage in stages.dropFirst() {
                try redis.send(RedisCommand("DEL", stage.keys.consumed(stage.kind, id: id)))
            }
        }
        outstanding.append(id)
        if !queued { pollSoon = true }
    }

    /// Submits one job and waits until it completes (the sequential sweep's use), checking
    /// `shouldStop` between waits; nil when stopped first. With `consume`, the completed results
    /// are then marked consumed, so their attachments do not pile up in Redis; without, the
    /// caller calls `consume` once it has stored them (a coordinator killed in between finds
    /// them again).
    public func run(id: String, message: QueueMessage, consume: Bool = true,
                    shouldStop: () -> Bool) throws(QueueError) -> Completion? {
        try submit(id: id, message: message)
        while !shouldStop() {
            if let completion = try waitForCompletions(timeout: 1).first(where: { $0.id == id }) {
                if consume { try self.consume(completion) }
                return completion
            }
        }
        outstanding.removeAll { $0 == id }
        return nil
    }

    /// Marks a completion's results consumed (see `ReliableQueue.markConsumed`).
    public func consume(_ completion: Completion) throws(QueueError) {
        for stage in stages.prefix(completion.results.count) {
            try stage.markConsumed(id: completion.id, using: redis)
        }
    }

    /// Forgets a completion's results, so submitting the id again runs it afresh (an agent's
    /// machine failed: the result is not the trial's).
    public func forget(_ completion: Completion) throws(QueueError) {
        for stage in stages { try stage.forgetResult(id: completion.id, using: redis) }
    }

    /// Waits up to `timeout` seconds for at least one job to complete; returns all that have.
    public func waitForCompletions(timeout: Double) throws(QueueError) -> [Completion] {
        let deadline = Deadline(seconds: timeout)
        var done: [Completion] = []
        repeat {
            if pollSoon || MonotonicClock.milliseconds(since: lastPoll) >= pollInterval * 1000 {
                done += try maintain()
                if !done.isEmpty { return done }
            }
            guard !outstanding.isEmpty else { return done }
            let block = max(0.01, min(Double(deadline.remainingMilliseconds) / 1000, pollInterval))
            let reply = try redis.send(RedisCommand("BRPOP", replyKey, String(block)), blockingFor: block)
            if let entry = reply.array?.last?.string {
                let parts = entry.split(separator: " ", maxSplits: 1).map(String.init)
                if parts.count == 2, let completion = try examine(id: parts[1], repliedStage: parts[0]) {
                    done.append(completion)
                }
            }
        } while done.isEmpty && deadline.remainingMilliseconds > 0
        return done
    }

    /// Re-queues orphaned jobs and polls every outstanding job's results.
    private func maintain() throws(QueueError) -> [Completion] {
        lastPoll = MonotonicClock.nanoseconds()
        pollSoon = false
        for stage in stages {
            for (agent, id) in try stage.requeueOrphans(using: redis) {
                log("\(id): agent \(agent) stopped sending heartbeats; re-queued for \(stage.kind)")
            }
        }
        var done: [Completion] = []
        for id in outstanding {
            if let completion = try examine(id: id, repliedStage: nil) { done.append(completion) }
        }
        if !outstanding.isEmpty, MonotonicClock.milliseconds(since: lastAgentCheck) >= 10_000 {
            lastAgentCheck = MonotonicClock.nanoseconds()
            try warnAboutMissingAgents()
        }
        return done
    }

    /// Completes `id` if its results say it has left the pipeline.
    private func examine(id: String, repliedStage: String?) throws(QueueError) -> Completion? {
        guard outstanding.contains(id) else { return nil }  // a late duplicate, or another sweep's
        let messages = try redis.pipeline(stages.map { RedisCommand("HGET", $0.keys.results($0.kind), id) })
        var results: [(stage: String, message: QueueMessage)] = []
        for (stage, reply) in zip(stages, messages) {
            guard let bytes = reply.bytes else {
                if let repliedStage, repliedStage == results.last?.stage {
                    log("\(id): \(repliedStage) finished; waiting for \(stage.kind)")
                }
                return nil
            }
            // A result that does not decode fails the job instead of the coordinator.
            let message = (try? QueueMessage(decoding: bytes))
                ?? QueueMessage(["status": "failed", "error": "the agent's result does not decode as a queue message"])
            results.append((stage.kind, message))
            if message.header["status"]?.string == "failed" {
                outstanding.removeAll { $0 == id }
                let error = message.header["error"]?.string ?? "unknown error"
                return Completion(id: id, results: results, error: "\(stage.kind) failed: \(error)",
                                  infrastructure: message.header["infrastructure"]?.bool == true)
            }
        }
        outstanding.removeAll { $0 == id }
        return Completion(id: id, results: results, error: nil)
    }

    private func warnAboutMissingAgents() throws(QueueError) {
        let counts = try redis.pipeline(stages.map { RedisCommand("SCARD", $0.keys.agents($0.kind)) })
        for (stage, count) in zip(stages, counts) where count == .integer(0) {
            log("no \(stage.kind) agents are connected; start one with 'shears agent \(stage.kind) --redis \(redis.url)'")
        }
    }
}
