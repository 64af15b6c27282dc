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
        ],
        run: { args in
            let handler = TrainJobHandler(trainer: LocalTrialTrainer(toolVersion: Shears.version, progress: .automatic()),
                                          data: args.string("data"), baseline: args.string("baseline"))
            try AgentCommand.run(args, kind: "train", handler: handler)
        })

    static let agentBench = Command(
        name: "bench",
        abstract: "Measure the latency of trials for distributed sweeps on this machine's runtime.",
        options: AgentCommand.common + [
            .option("device", "name", help: "OpenVINO device (default: the sweep's objective.device)."),
            .option("threads", "n", help: "Inference threads (default: the sweep's objective.threads)."),
            .option("openvino-lib", "path", help: "libopenvino_c.so (default: $SHEARS_OPENVINO_LIB, then .venv)."),
            .option("scratch", "dir", help: "Where models are written to be loaded (default: a temp directory)."),
        ],
        run: { args in
            let threads = try BenchModels.positive(args, "threads")
            let scratch = args.string("scratch").map { URL(fileURLWithPath: $0) }
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("shears-agent-\(getpid())")
            let library = args.string("openvino-lib")
            let handler = BenchJobHandler(device: args.string("device"), threads: threads, scratch: scratch) { name in
                if name == "native" { return NativeBackend(version: "shears \(Shears.version)") }
                return try OpenVINOBackend(libraryPath: library)
            }
            try AgentCommand.run(args, kind: "bench", handler: handler)
        })
}

/// What both agent kinds share: flags, the connection, signals, the run loop.
enum AgentCommand {
    static let common: [OptionSpec] = [
        .option("redis", "url", help: "Redis server: redis://[:password@]host:port/db.", required: true),
        .option("heartbeat", "s", help: "Heartbeat TTL; the job is re-queued this long after the agent dies.",
                default: "10"),
        .option("name", "id", help: "Agent id in Redis (default: host-pid-random)."),
        .option("jobs", "n", help: "Exit after this many jobs (default: run until stopped)."),
    ]

    static func run(_ args: ParsedArguments, kind: String, handler: any JobHandler) throws {
        let ttl = try args.double("heartbeat")!
        guard ttl >= 0.3 else { throw UsageError.invalidValue("\(ttl)", "--heartbeat <s>", "at least 0.3 seconds") }
        var configuration = Agent.Configuration(kind: kind)
        configuration.heartbeatTTL = ttl
        configuration.processSignals = true
        configuration.maxJobs = try BenchModels.positive(args, "jobs")
        configuration.name = args.string("name")
        try reportingQueueErrors {
            let agent = try Agent(url: try RedisURL(try args.require("redis")), configuration: configuration,
                                  handler: handler, log: { ProgressReporter.standardOutput($0 + "\n") })
            Interrupt.install(message: "stopping: returning the current job to the queue\n")
            try agent.run()
        }
    }
}
