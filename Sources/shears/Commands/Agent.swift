import Foundation
import Queue
import Training
import Tuning
import Support
import Runtime

extension Command {
    /// `shears agent train|bench`: a worker of a distributed sweep (`shears sweep --redis`).
    static let agent = Command(
        name: "agent",
        abstract: "Work for distributed sweeps: take train or bench jobs from Redis until stopped.",
        discussion: """
            Agents run anywhere that reaches the Redis server; start as many of each kind as there \
            are machines. Each takes one job at a time, keeps a heartbeat key alive while it works \
            (the coordinator re-queues the job of an agent whose heartbeat expires) and on SIGTERM \
            or Ctrl-C returns an unfinished job to the queue and exits 0.
            """,
        subcommands: [.agentTrain, .agentBench])

    static let agentTrain = Command(
        name: "train",
        abstract: "Prune, fine-tune and export trials for distributed sweeps.",
        options: AgentCommand.common + [
            .option("data", "dir", help: "CIFAR-10 directory here (default: the path in the sweep file)."),
            .option("baseline", "file", help: "Baseline checkpoint here (default: the path in the sweep file)."),
            .option("allow-dir", "dir", help: "Also read jobs' data and baseline paths under this directory "
                        + "(repeatable; default: --data, --baseline's directory, else the working directory)."),
        ],
        run: { args in
            let data = args.string("data"), baseline = args.string("baseline")
            var readable = args.strings("allow-dir") + [data, baseline.map { ($0 as NSString).deletingLastPathComponent }]
                .compactMap { $0 }.map { $0.isEmpty ? "." : $0 }
            if readable.isEmpty { readable = ["."] }
            let handler = TrainJobHandler(trainer: LocalTrialTrainer(toolVersion: Shears.version, progress: .automatic()),
                                          data: data, baseline: baseline, allowed: AllowedDirectories(readable))
            try AgentCommand.run(args, kind: "train", handler: handler)
        })

    static let agentBench = Command(
        name: "bench",
        abstract: "Measure the latency of trials for distributed sweeps on this machine's runtime.",
        options: AgentCommand.common + [
            .option("device", "name", help: "OpenVINO device (default: the sweep's objective.device)."),
            .option("threads", "n", help: "Inference threads (default: the sweep's objective.threads)."),
            .option("openvino-lib", "path", help: "libopenvino_c.so (default: $SHEARS_OPENVINO_LIB, then .venv)."),
            .option("scratch", "dir", help: "Where models are written to be loaded (default: a new private temp directory)."),
        ],
        run: { args in
            let threads = try BenchModels.positive(args, "threads")
            let given = args.string("scratch").map { URL(fileURLWithPath: $0) }
            let scratch = try given ?? PrivateDirectory.make(prefix: "shears-agent")
            defer { if given == nil { try? FileManager.default.removeItem(at: scratch) } }
            let library = args.string("openvino-lib")
            let handler = BenchJobHandler(device: args.string("device"), threads: threads, scratch: scratch) { name in
                switch name {
                case "native": return NativeBackend(version: "shears \(Shears.version)")
                case "openvino": return try OpenVINOBackend(libraryPath: library)
                default: throw TuningError.unsupportedBackend(name, supported: SweepConfiguration.Objective.supportedBackends)
                }
            }
            try AgentCommand.run(args, kind: "bench", handler: handler)
        })
}

/// What both agent kinds share: flags, the connection, signals, the run loop.
enum AgentCommand {
    static let common: [OptionSpec] = [
        .option("redis", "url", help: "Redis server: redis://[:password@]host:port/db.", required: true),
        RedisOptions.passwordFile,
        .option("heartbeat", "s", help: "Heartbeat TTL; the job is re-queued this long after the agent dies.",
                default: "10"),
        .option("name", "id", help: "Agent id in Redis (default: host-pid-random)."),
        .option("jobs", "n", help: "Exit after this many jobs (default: run until stopped)."),
        .option("reconnect-for", "s", help: "Keep retrying a lost Redis connection this long before exiting.",
                default: "3600"),
    ]

    static func run(_ args: ParsedArguments, kind: String, handler: any JobHandler) throws {
        let ttl = try args.double("heartbeat")!
        guard ttl >= 0.3 else { throw UsageError.invalidValue("\(ttl)", "--heartbeat <s>", "at least 0.3 seconds") }
        var configuration = Agent.Configuration(kind: kind)
        configuration.heartbeatTTL = ttl
        configuration.processSignals = true
        configuration.maxJobs = try BenchModels.positive(args, "jobs")
        configuration.name = args.string("name")
        let reconnect = try args.double("reconnect-for")!
        guard reconnect >= 0, reconnect.isFinite else {
            throw UsageError.invalidValue("\(reconnect)", "--reconnect-for <s>", "a non-negative number of seconds")
        }
        // An idle agent outlives a Redis restart or outage; the coordinator waits for it meanwhile.
        configuration.clientOptions.reconnectFor = reconnect
        try reportingQueueErrors {
            let agent = try Agent(url: try RedisOptions.url(args)!, configuration: configuration,
                                  handler: handler, log: { ProgressReporter.standardOutput($0 + "\n") })
            Interrupt.install(message: "stopping: returning the current job to the queue\n")
            try agent.run()
        }
    }
}
