import Foundation
import JSON
import Queue
import Support
import Runtime

/// What the queue costs a sweep per trial, with the work taken out: one train agent and one
/// bench agent on threads of this process whose handlers return at once, and a coordinator
/// that dispatches each trial the way `RedisTrialDispatcher` does (train job, wait, bench job
/// carrying the model and the baseline, wait, mark both results consumed). The time per trial
/// is therefore queue round trips, agent wake-ups and bookkeeping only — an upper bound on the
/// coordinator's own overhead, which the issue wants under 50 ms.
public struct QueueBenchmark {
    public var url: RedisURL
    public var trials = 200
    public var warmup = 10
    /// Size of the model that travels: back from the train agent (checkpoint and ONNX) and out
    /// to the bench agent (ONNX and the baseline's ONNX). ResNet-20's ONNX is about 1.1 MB.
    public var modelBytes = 1 << 20
    /// Redis refuses bulk strings over 512 MiB; larger sizes are refused before allocating them.
    public static let maximumModelBytes = 512 << 20

    public init(url: RedisURL) { self.url = url }

    public struct Report: Sendable {
        public var trials: Int
        public var modelBytes: Int
        public var perTrial: LatencyStatistics
        public var roundTripsPerTrial: Double
        public var commandsPerTrial: Double
        public var serverVersion: String

        public var json: JSONValue {
            ["trials": JSONValue(trials), "model_bytes": JSONValue(modelBytes), "median_ms": JSONValue(perTrial.median),
             "mean_ms": JSONValue(perTrial.mean), "p90_ms": JSONValue(perTrial.p90), "p99_ms": JSONValue(perTrial.p99),
             "min_ms": JSONValue(perTrial.min), "max_ms": JSONValue(perTrial.max),
             "round_trips_per_trial": JSONValue(roundTripsPerTrial), "commands_per_trial": JSONValue(commandsPerTrial),
             "redis_version": .string(serverVersion)]
        }

        public var markdown: String {
            let mb = Double(modelBytes) / 1_048_576
            return """
                | queue overhead per trial (no-op agents, \(String(format: "%.1f", mb)) MB model) | median | p90 | p99 | max | coordinator round trips |
                | --- | ---: | ---: | ---: | ---: | ---: |
                | \(trials) trials, Redis \(serverVersion) | \(ms(perTrial.median)) | \(ms(perTrial.p90)) | \(ms(perTrial.p99)) | \(ms(perTrial.max)) | \(String(format: "%.1f", roundTripsPerTrial)) |

                """
        }

        private func ms(_ v: Double) -> String { String(format: "%.2f ms", v) }
    }

    /// Handlers that do nothing but shape their results like the real ones.
    struct NoOpTrain: JobHandler {
        var modelBytes: Int
        func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
            let model = [UInt8](repeating: 0x42, count: modelBytes)
            return JobOutcome(result: QueueMessage(["trial": job.message.header["trial"] ?? .null, "val_top1": 0.5],
                                                   attachments: [("checkpoint", model), ("onnx", model)]))
        }
    }

    struct NoOpBench: JobHandler {
        func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
            JobOutcome(result: QueueMessage(["trial": job.message.header["trial"] ?? .null, "median_ms": 1.0]))
        }
    }

    /// Runs the benchmark under a private key prefix and removes its keys afterwards.
    public func run(progress: (String) -> Void) throws -> Report {
        let keys = QueueKeys(prefix: "shears-bench-\(UInt32.random(in: 0...UInt32.max))")
        var agents: [Agent] = []
        for (kind, handler) in [("train", NoOpTrain(modelBytes: modelBytes) as any JobHandler), ("bench", NoOpBench())] {
            var configuration = Agent.Configuration(kind: kind)
            configuration.keys = keys
            configuration.claimTimeout = 0.5
            agents.append(try Agent(url: url, configuration: configuration, handler: handler, log: { _ in }))
        }
        let group = DispatchGroup()
        for agent in agents {
            let box = AgentBox(agent: agent)
            group.enter()
            Thread {
                defer { group.leave() }
                _ = try? box.agent.run()
            }.start()
        }
        defer {
            agents.forEach { $0.requestStop() }
            group.wait()
        }
        let train = try QueueCoordinator(url: url, sweep: "bench/train", stages: ["train"], keys: keys, log: { _ in })
        let bench = try QueueCoordinator(url: url, sweep: "bench/bench", stages: ["bench"], keys: keys, log: { _ in })
        let version = try train.redis.serverVersion()
        let baseline = [UInt8](repeating: 0x17, count: modelBytes)
        var samples: [Double] = []
        var roundTrips = 0, commands = 0
        for trial in 0..<(warmup + trials) {
            let before = (train.redis.roundTrips + bench.redis.roundTrips, train.redis.commandsSent + bench.redis.commandsSent)
            let start = MonotonicClock.nanoseconds()
            let request = QueueMessage(["trial": JSONValue(trial), "schedule": "version: 1"])
            guard let trained = try train.run(id: "t\(trial)", message: request, shouldStop: { false })?.result("train"),
                  let onnx = trained.attachment("onnx")
            else { throw QueueError.badJob("t\(trial)", "the no-op train agent returned no model") }
            let job = QueueMessage(["trial": JSONValue(trial)], attachments: [("onnx", onnx), ("baseline.onnx", baseline)])
            guard try bench.run(id: "t\(trial)", message: job, shouldStop: { false })?.result("bench") != nil else {
                throw QueueError.badJob("t\(trial)", "the no-op bench agent returned nothing")
            }
            let elapsed = MonotonicClock.milliseconds(since: start)
            if trial >= warmup {
                samples.append(elapsed)
                roundTrips += train.redis.roundTrips + bench.redis.roundTrips - before.0
                commands += train.redis.commandsSent + bench.redis.commandsSent - before.1
            }
            if (trial + 1) % 50 == 0 { progress("queue benchmark: \(trial + 1)/\(warmup + trials) trials") }
        }
        // SCAN, not KEYS: the server may be a shared one with many keys of its own.
        var cursor = "0"
        repeat {
            let reply = try train.redis.send(RedisCommand("SCAN", cursor, "MATCH", keys.prefix + ":*", "COUNT", 1000))
            guard let parts = reply.array, parts.count == 2, let next = parts[0].string else {
                throw QueueError.unexpectedReply("SCAN", "not a cursor and a key list")
            }
            cursor = next
            let found = (parts[1].array ?? []).compactMap(\.bytes)
            if !found.isEmpty { try train.redis.send(RedisCommand(arguments: [Array("DEL".utf8)] + found)) }
        } while cursor != "0"
        return Report(trials: trials, modelBytes: modelBytes, perTrial: LatencyStatistics(samples: samples),
                      roundTripsPerTrial: Double(roundTrips) / Double(trials),
                      commandsPerTrial: Double(commands) / Double(trials), serverVersion: version)
    }
}

/// Hands an agent to the thread that runs it (the agent is used by that thread only).
private struct AgentBox: @unchecked Sendable {
    var agent: Agent
}
