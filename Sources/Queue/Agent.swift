#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import JSON
import Synchronization
import Support

/// A worker that takes jobs of one kind from Redis, runs them through a `JobHandler` and
/// records the results, until it is asked to stop.
///
/// Two threads: the caller's runs the jobs; a watch thread with its own connection renews
/// the heartbeat every TTL/3 (a fine-tune can hold the main thread for minutes) and, in a
/// CLI agent, handles SIGTERM during a job: it returns the job to the queue and exits the
/// process at once rather than wait for the fine-tune to reach a batch boundary.
public final class Agent {
    public struct Configuration: Sendable {
        /// The queue the agent takes jobs from ("train", "bench").
        public var kind: String
        /// The queue follow-up jobs go to (train → "bench"), if any.
        public var next: String?
        public var keys = QueueKeys()
        /// Seconds the heartbeat key lives; the coordinator re-queues the agent's jobs once
        /// it has expired. Renewed every third of it.
        public var heartbeatTTL: Double = 10
        /// How long one BLMOVE waits, which bounds how fast an idle agent notices a stop.
        public var claimTimeout: Double = 1
        /// Stop on SIGTERM/SIGINT (`Interrupt`, installed by `shears agent`), and exit the process from the watch
        /// thread when the signal arrives during a job. Only for a CLI agent.
        public var processSignals = false
        /// Stop after this many jobs (benchmarks, tests).
        public var maxJobs: Int?
        /// The agent's id; default `host-pid-random`.
        public var name: String?
        public var clientOptions = RedisClient.Options()

        public init(kind: String, next: String? = nil) {
            self.kind = kind
            self.next = next
        }
    }

    public let id: String
    public let configuration: Configuration
    private let url: RedisURL
    private let redis: RedisClient
    private let handler: any JobHandler
    private let log: @Sendable (String) -> Void
    private let shared = Shared()

    /// State both threads see.
    private final class Shared: Sendable {
        let busyWith = Mutex<String?>(nil)
        let stop = Atomic<Bool>(false)
        let finished = Atomic<Bool>(false)
    }

    /// Connects (failing fast on a wrong URL or password) and checks the server has BLMOVE.
    public init(url: RedisURL, configuration: Configuration, handler: any JobHandler,
                log: @escaping @Sendable (String) -> Void) throws(QueueError) {
        self.url = url
        self.configuration = configuration
        self.handler = handler
        self.log = log
        id = configuration.name ?? Agent.defaultName()
        redis = try RedisClient(url: url, options: configuration.clientOptions, log: log)
        try redis.requireBLMOVE()
    }

    /// Asks `run` to return after the current job (thread-safe).
    public func requestStop() { shared.stop.store(true, ordering: .sequentiallyConsistent) }

    private var stopRequested: Bool {
        shared.stop.load(ordering: .sequentiallyConsistent) || (configuration.processSignals && Interrupt.requested)
    }

    /// Takes and runs jobs until stopped (or `maxJobs` are done); returns how many it completed.
    /// On the way out, unfinished jobs go back to the queue and the agent deregisters.
    @discardableResult
    public func run() throws(QueueError) -> Int {
        let queue = ReliableQueue(kind: configuration.kind, keys: configuration.keys)
        let next = configuration.next.map { ReliableQueue(kind: $0, keys: configuration.keys) }
        try queue.heartbeat(agent: id, description: describe(job: nil), ttl: configuration.heartbeatTTL, using: redis)
        let watchDone = startWatch(queue)
        defer {
            shared.finished.store(true, ordering: .sequentiallyConsistent)
            watchDone.wait()
        }
        log("agent \(id) (\(configuration.kind)): waiting for jobs on \(url)")
        var completed = 0
        while !stopRequested, completed < configuration.maxJobs ?? Int.max {
            let claimed: ReliableQueue.Job?
            do {
                claimed = try queue.claim(agent: id, timeout: configuration.claimTimeout, using: redis)
            } catch {
                guard case .poisonJob(let jobID, _) = error else { throw error }
                // One malformed job must not take the agent (and then each agent in turn) down.
                log("\(jobID): refused: \(error)")
                try queue.complete(jobID, agent: id, result: JobOutcome.failure(error, agent: id).result,
                                   replyKey: nil, using: redis)
                completed += 1
                continue
            }
            guard let job = claimed else { continue }
            shared.busyWith.withLock { $0 = job.id }
            log("\(job.id): started")
            let start = MonotonicClock.nanoseconds()
            let outcome: JobOutcome
            do {
                outcome = try handler.handle(job, log: log)
            } catch {
                log("\(job.id): failed: \(error)")
                outcome = .failure(error, agent: id)
            }
            // A result produced while stopping may be cut short (training checks the same
            // flag); the job goes back to the queue instead.
            if stopRequested { break }
            let replyKey = job.message.header["reply"]?.string
            var followUp: (ReliableQueue, QueueMessage)?
            if let next, var message = outcome.followUp {
                if let replyKey { message = message.setting("reply", .string(replyKey)) }
                followUp = (next, message)
            }
            let recorded = try queue.complete(job.id, agent: id, result: outcome.result, followUp: followUp,
                                              replyKey: replyKey, using: redis)
            shared.busyWith.withLock { $0 = nil }
            completed += 1
            let seconds = formatSeconds(MonotonicClock.milliseconds(since: start) / 1000)
            if !recorded {
                log("\(job.id): done in \(seconds), but another agent had already recorded it")
            } else if let followUp {
                log("\(job.id): done in \(seconds); queued for \(followUp.0.kind)")
            } else {
                log("\(job.id): done in \(seconds)")
            }
        }
        for returned in try queue.release(agent: id, deregister: true, using: redis) {
            log("stopping: returned \(returned) to the queue")
        }
        return completed
    }

    /// The heartbeat/stop thread; the returned semaphore is signalled when it has ended.
    private func startWatch(_ queue: ReliableQueue) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        let shared = self.shared, url = self.url, id = self.id, log = self.log
        let configuration = self.configuration
        let describe: @Sendable (String?) -> String = { [kind = configuration.kind] job in
            Agent.description(id: id, kind: kind, job: job)
        }
        let thread = Thread {
            defer { done.signal() }
            var options = configuration.clientOptions
            options.reconnectFor = configuration.heartbeatTTL / 3
            var client: RedisClient?
            var lastBeat = MonotonicClock.nanoseconds()
            while !shared.finished.load(ordering: .sequentiallyConsistent) {
                let busy = shared.busyWith.withLock { $0 }
                if configuration.processSignals, Interrupt.requested, busy != nil {
                    do {
                        let redis = try client ?? RedisClient(url: url, options: configuration.clientOptions)
                        let returned = try queue.release(agent: id, deregister: true, using: redis)
                        for job in returned { log("stopping: returned \(job) to the queue") }
                        // The coordinator re-queued it already if the heartbeat lapsed under load.
                        if returned.isEmpty, let busy { log("stopping: \(busy) was already back in the queue") }
                    } catch {
                        log("stopping: could not return the job (\(error)); the coordinator re-queues it "
                            + "when the heartbeat expires")
                    }
                    fflush(nil)
                    _exit(0)
                }
                if MonotonicClock.milliseconds(since: lastBeat) >= configuration.heartbeatTTL * 1000 / 3 {
                    do {
                        if client == nil { client = try RedisClient(url: url, options: options) }
                        try queue.heartbeat(agent: id, description: describe(busy), ttl: configuration.heartbeatTTL,
                                            using: client!)
                        lastBeat = MonotonicClock.nanoseconds()
                    } catch {
                        client = nil  // try again on the next tick; the main thread reports outages
                    }
                }
                usleep(50_000)
            }
        }
        thread.start()
        return done
    }

    private func describe(job: String?) -> String {
        Agent.description(id: id, kind: configuration.kind, job: job)
    }

    /// The heartbeat key's value: who the agent is and what it is doing, for `redis-cli`.
    static func description(id: String, kind: String, job: String?) -> String {
        JSONValue.object([("agent", .string(id)), ("kind", .string(kind)), ("host", .string(hostName())),
                          ("pid", JSONValue(Int(getpid()))), ("job", job.map { .string($0) } ?? .null)]).compact
    }

    static func defaultName() -> String {
        let suffix = String(UInt32.random(in: 0...UInt32.max) & 0xffff, radix: 16)
        return "\(hostName())-\(getpid())-\(suffix)"
    }

    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
