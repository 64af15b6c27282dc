
/// A reliable work queue of one kind ("train", "bench") on Redis, after the pattern in the
/// Redis documentation for LMOVE: a job id moves atomically from the pending list to the
/// taking agent's own processing list (BLMOVE), so a job is always in exactly one list and
/// an agent that dies leaves its jobs where the coordinator can find them. Agents keep a
/// heartbeat key alive with a TTL; `requeueOrphans` returns the jobs of agents whose key
/// expired. Results are a hash written with HSETNX, so a job done twice is recorded once.
///
/// The type holds no connection: every call takes the `RedisClient` of the calling thread.
public struct ReliableQueue: Sendable {
    public let kind: String
    public let keys: QueueKeys

    public init(kind: String, keys: QueueKeys = QueueKeys()) {
        self.kind = kind
        self.keys = keys
    }

    /// A job an agent has taken.
    public struct Job: Sendable {
        public var id: String
        public var message: QueueMessage

        public init(id: String, message: QueueMessage) {
            self.id = id
            self.message = message
        }
    }

    // MARK: - Producer

    /// Queues a job unless its id is already queued or done; returns whether it was queued.
    @discardableResult
    public func enqueue(id: String, message: QueueMessage, using redis: RedisClient) throws(QueueError) -> Bool {
        let reply = try redis.send(RedisCommand("EVAL", QueueScripts.enqueue, 4, keys.jobs(kind), keys.results(kind),
                                                keys.pending(kind), keys.consumed(kind, id: id), id, message.encoded()))
        return reply == .integer(1)
    }

    /// The result recorded for `id`, if any.
    public func result(id: String, using redis: RedisClient) throws(QueueError) -> QueueMessage? {
        guard let bytes = try redis.send(RedisCommand("HGET", keys.results(kind), id)).bytes else { return nil }
        return try QueueMessage(decoding: bytes)
    }

    /// Results for several ids in one round trip (nil where there is none yet).
    public func results(ids: [String], using redis: RedisClient) throws(QueueError) -> [QueueMessage?] {
        guard !ids.isEmpty else { return [] }
        let command = RedisCommand(arguments: [Array("HMGET".utf8), Array(keys.results(kind).utf8)] + ids.map { Array($0.utf8) })
        guard let values = try redis.send(command).array, values.count == ids.count else {
            throw .unexpectedReply("HMGET", "not an array of \(ids.count)")
        }
        var messages: [QueueMessage?] = []
        for value in values { messages.append(try value.bytes.map { bytes throws(QueueError) in try QueueMessage(decoding: bytes) }) }
        return messages
    }

    /// How long a consumed marker lives: longer than any agent could still be finishing the job.
    public static let consumedMarkerSeconds = 86_400

    /// Removes a result the coordinator has stored elsewhere; a marker that expires after
    /// `consumedMarkerSeconds` keeps a late duplicate from recording it again. Nothing of the
    /// job stays in Redis for good.
    public func markConsumed(id: String, using redis: RedisClient) throws(QueueError) {
        try redis.send(RedisCommand("EVAL", QueueScripts.consume, 2, keys.results(kind), keys.consumed(kind, id: id), id,
                                    ReliableQueue.consumedMarkerSeconds))
    }

    /// Whether `id`'s result was consumed (its marker has not expired yet).
    public func isConsumed(id: String, using redis: RedisClient) throws(QueueError) -> Bool {
        try redis.send(RedisCommand("EXISTS", keys.consumed(kind, id: id))) == .integer(1)
    }

    /// Forgets a result so the id can be queued again.
    public func forgetResult(id: String, using redis: RedisClient) throws(QueueError) {
        try redis.send(RedisCommand("HDEL", keys.results(kind), id))
    }

    /// Jobs waiting to be taken.
    public func pendingCount(using redis: RedisClient) throws(QueueError) -> Int {
        try redis.send(RedisCommand("LLEN", keys.pending(kind))).int ?? 0
    }

    /// Ids an agent holds right now.
    public func processing(agent: String, using redis: RedisClient) throws(QueueError) -> [String] {
        (try redis.send(RedisCommand("LRANGE", keys.processing(kind, agent: agent), 0, -1)).array ?? []).compactMap(\.string)
    }

    /// Puts the jobs of agents whose heartbeat expired back in the pending list.
    /// Returns (agent, job id) for each job moved.
    public func requeueOrphans(using redis: RedisClient) throws(QueueError) -> [(agent: String, id: String)] {
        let reply = try redis.send(RedisCommand("EVAL", QueueScripts.requeueOrphans, 2, keys.agents(kind),
                                                keys.pending(kind), keys.heartbeatPrefix, keys.processingPrefix(kind)))
        let flat = (reply.array ?? []).compactMap(\.string)
        return stride(from: 0, to: flat.count - 1, by: 2).map { (flat[$0], flat[$0 + 1]) }
    }

    // MARK: - Agent

    /// Announces the agent: heartbeat first, then membership, so the coordinator never sees
    /// a member without a heartbeat that is not really dead. Renewing is the same call.
    public func heartbeat(agent: String, description: String, ttl: Double, using redis: RedisClient) throws(QueueError) {
        try redis.pipeline([RedisCommand("SET", keys.heartbeat(agent), description, "PX", max(1, Int(ttl * 1000))),
                            RedisCommand("SADD", keys.agents(kind), agent)])
    }

    /// Takes the next job (a job that does not decode throws `QueueError.poisonJob`, staying in
    /// the agent's processing list for `complete` to answer): first one left in the agent's own processing list (a BLMOVE whose
    /// reply was lost to a dropped connection), else the oldest pending job, waiting up to
    /// `timeout` seconds. Ids whose job is already done or gone (a re-queued job that its
    /// first agent finished after all) are dropped, not returned.
    public func claim(agent: String, timeout: Double, using redis: RedisClient) throws(QueueError) -> Job? {
        let processing = keys.processing(kind, agent: agent)
        for _ in 0..<64 {
            var id = try redis.send(RedisCommand("LINDEX", processing, -1)).string
            if id == nil {
                id = try redis.send(RedisCommand("BLMOVE", keys.pending(kind), processing, "RIGHT", "LEFT",
                                                 String(max(0.01, timeout))), blockingFor: timeout).string
            }
            guard let id else { return nil }
            let replies = try redis.pipeline([RedisCommand("HGET", keys.jobs(kind), id),
                                              RedisCommand("HEXISTS", keys.results(kind), id)])
            if let bytes = replies[0].bytes, replies[1] == .integer(0) {
                do { return Job(id: id, message: try QueueMessage(decoding: bytes)) } catch {
                    throw .poisonJob(id, error.description)  // left in processing until answered
                }
            }
            try redis.send(RedisCommand("LREM", processing, 0, id))
        }
        return nil
    }

    /// Records the job's result (first one wins), queues `followUp` under the same id in the
    /// `next` queue, and pushes "kind id" onto `replyKey`. Returns false when another agent
    /// had already recorded a result for this id.
    @discardableResult
    public func complete(_ id: String, agent: String, result: QueueMessage, followUp: (ReliableQueue, QueueMessage)? = nil,
                         replyKey: String?, using redis: RedisClient) throws(QueueError) -> Bool {
        let next = followUp?.0 ?? self
        let reply = try redis.send(RedisCommand(
            "EVAL", QueueScripts.complete, 8, keys.processing(kind, agent: agent), keys.jobs(kind), keys.results(kind),
            next.keys.jobs(next.kind), next.keys.results(next.kind), next.keys.pending(next.kind),
            replyKey ?? keys.replies("none"), keys.consumed(kind, id: id), id, result.encoded(), followUp?.1.encoded() ?? [],
            replyKey == nil ? "" : "\(kind) \(id)"))
        return reply == .integer(1)
    }

    /// Returns the agent's unfinished jobs to the pending list; with `deregister`, also
    /// removes its heartbeat and membership (a clean exit). Returns the ids moved.
    @discardableResult
    public func release(agent: String, deregister: Bool, using redis: RedisClient) throws(QueueError) -> [String] {
        let reply = try redis.send(RedisCommand("EVAL", QueueScripts.release, 4, keys.processing(kind, agent: agent),
                                                keys.pending(kind), keys.heartbeat(agent), keys.agents(kind), agent,
                                                deregister ? "1" : "0"))
        return (reply.array ?? []).compactMap(\.string)
    }
}
