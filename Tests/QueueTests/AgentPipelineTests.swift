import Foundation
import JSON
import Queue
import ShearsTestSupport
import Synchronization
import Testing

/// Train and bench stand-ins: what matters here is the queue plumbing, not the work.
struct FakeTrain: JobHandler {
    var seconds = 0.05
    var failing: Set<Int> = []

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
        let trial = try #require(job.message.header["trial"]?.int)
        Thread.sleep(forTimeInterval: seconds)
        if failing.contains(trial) { throw Failure(description: "loss diverged in trial \(trial)") }
        return JobOutcome(result: QueueMessage(["status": "ok", "trial": JSONValue(trial)]),
                          followUp: QueueMessage(["trial": JSONValue(trial)],
                                                 attachments: [("model.onnx", randomBytes(100_000 + trial, seed: UInt64(trial)))]))
    }
}

struct FakeBench: JobHandler {
    func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
        let model = try #require(job.message.attachment("model.onnx"))
        return JobOutcome(result: QueueMessage(["status": "ok", "trial": job.message.header["trial"] ?? .null,
                                                "model_bytes": JSONValue(model.count)]))
    }
}

/// Agents on threads, each with its own connection, as separate processes would have.
final class AgentThreads: @unchecked Sendable {
    private var agents: [Agent] = []
    private let lock = NSLock()
    private let group = DispatchGroup()
    let log = Mutex<[String]>([])

    func start(_ url: RedisURL, kind: String, next: String?, handler: any JobHandler & Sendable, ttl: Double = 5) throws {
        var configuration = Agent.Configuration(kind: kind, next: next)
        configuration.heartbeatTTL = ttl
        configuration.claimTimeout = 0.2
        configuration.clientOptions = .init(connectTimeout: 1, commandTimeout: 5, reconnectFor: 10)
        let index = lock.withLock { agents.count }
        let agent = try Agent(url: url, configuration: configuration, handler: handler) { line in
            self.log.withLock { $0.append("\(index): \(line)") }
        }
        lock.withLock { agents.append(agent) }
        let box = UncheckedBox(agent)
        group.enter()
        Thread { [group] in
            defer { group.leave() }
            do { try box.value.run() } catch { Issue.record("agent failed: \(error)") }
        }.start()
    }

    func stopAll() {
        lock.withLock { agents.forEach { $0.requestStop() } }
        #expect(group.wait(timeout: .now() + 10) == .success, "agents did not stop")
    }
}

struct UncheckedBox<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

extension FakeTrain: Sendable {}
extension FakeBench: Sendable {}

@Suite(.serialized) struct AgentPipelineTests {
    func collect(_ coordinator: QueueCoordinator, count: Int, during: (Int) throws -> Void = { _ in }) throws
        -> [QueueCoordinator.Completion]
    {
        var done: [QueueCoordinator.Completion] = []
        let deadline = Date().addingTimeInterval(30)
        while done.count < count && Date() < deadline {
            done += try coordinator.waitForCompletions(timeout: 1)
            try during(done.count)
        }
        return done
    }

    @Test func twoTrainAgentsAndOneBenchAgentFinishEveryJobOnce() throws {
        let server = try RedisServer()
        let agents = AgentThreads()
        try agents.start(server.url, kind: "train", next: "bench", handler: FakeTrain(failing: [4]))
        try agents.start(server.url, kind: "train", next: "bench", handler: FakeTrain(failing: [4]))
        try agents.start(server.url, kind: "bench", next: nil, handler: FakeBench())
        let coordinator = try QueueCoordinator(url: server.url, sweep: "demo", log: { _ in })
        for trial in 0..<6 { try coordinator.submit(id: "demo/\(trial)", message: QueueMessage(["trial": JSONValue(trial)])) }
        let done = try collect(coordinator, count: 6)
        agents.stopAll()

        #expect(done.map(\.id).sorted() == (0..<6).map { "demo/\($0)" })
        for completion in done {
            let trial = Int(completion.id.split(separator: "/")[1])!
            if trial == 4 {
                #expect(completion.error == "train failed: loss diverged in trial 4")
                #expect(completion.result("bench") == nil)
            } else {
                #expect(completion.error == nil)
                #expect(completion.result("bench")?.header["model_bytes"]?.int == 100_000 + trial)
                #expect(completion.result("train")?.header["trial"]?.int == trial)
            }
        }
        #expect(coordinator.pending.isEmpty)
        // Both train agents did some of the work, and every agent deregistered on the way out.
        let log = agents.log.withLock { $0 }
        let forwarded = log.filter { $0.hasSuffix("queued for bench") }
        #expect(forwarded.count == 5)
        #expect(forwarded.contains { $0.hasPrefix("0: ") } && forwarded.contains { $0.hasPrefix("1: ") })
        #expect(log.contains { $0.hasPrefix("2: demo/0: done in") })
        let redis = try server.client()
        for kind in ["train", "bench"] {
            #expect(try redis.send(RedisCommand("SCARD", "shears:\(kind):agents")) == .integer(0))
            #expect(try redis.send(RedisCommand("HLEN", "shears:\(kind):jobs")) == .integer(0))
        }
    }

    @Test func theSweepCompletesAcrossARedisRestart() throws {
        let server = try RedisServer()
        let agents = AgentThreads()
        try agents.start(server.url, kind: "train", next: "bench", handler: FakeTrain(seconds: 0.2))
        try agents.start(server.url, kind: "bench", next: nil, handler: FakeBench())
        let lines = Mutex<[String]>([])
        let coordinator = try QueueCoordinator(url: server.url, sweep: "r",
                                               options: .init(connectTimeout: 1, commandTimeout: 5, reconnectFor: 10),
                                               log: { line in lines.withLock { $0.append(line) } })
        for trial in 0..<5 { try coordinator.submit(id: "r/\(trial)", message: QueueMessage(["trial": JSONValue(trial)])) }
        var restarted = false
        let done = try collect(coordinator, count: 5) { count in
            if count >= 1 && !restarted {
                restarted = true
                server.stop()
                Thread.sleep(forTimeInterval: 0.5)
                try server.start()
            }
        }
        agents.stopAll()
        #expect(restarted)
        #expect(done.map(\.id).sorted() == (0..<5).map { "r/\($0)" })
        #expect(done.allSatisfy { $0.error == nil })
        #expect(lines.withLock { $0 }.contains("reconnected to redis://127.0.0.1:\(server.port)/0"))
        #expect(agents.log.withLock { $0 }.contains { $0.hasSuffix("reconnected to redis://127.0.0.1:\(server.port)/0") })
    }

    @Test func aStoppedIdleAgentDeregisters() throws {
        let server = try RedisServer()
        let agents = AgentThreads()
        try agents.start(server.url, kind: "train", next: "bench", handler: FakeTrain())
        let redis = try server.client()
        let deadline = Date().addingTimeInterval(5)
        while try redis.send(RedisCommand("SCARD", "shears:train:agents")) != .integer(1) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(try redis.send(RedisCommand("SCARD", "shears:train:agents")) == .integer(1))
        agents.stopAll()
        #expect(try redis.send(RedisCommand("SCARD", "shears:train:agents")) == .integer(0))
        #expect(try redis.send(RedisCommand("KEYS", "shears:agent:*")) == .array([]))
    }
}
