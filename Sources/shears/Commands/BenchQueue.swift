import Queue
import Benchmarks
import Training

extension Command {
    /// `shears bench queue`: the coordinator's per-trial overhead on a Redis server, no-op agents.
    static let benchQueue = Command(
        name: "queue",
        abstract: "Measure the Redis queue's overhead per sweep trial (no-op train and bench agents).",
        discussion: """
            Starts one train agent and one bench agent on threads of this process whose jobs return \
            at once, then dispatches '--trials' trials as a distributed sweep does: the train job, \
            the bench job carrying the model and the baseline, and the bookkeeping. The time per \
            trial is queue round trips and agent wake-ups only. Keys go under a private prefix and \
            are removed afterwards. 'make bench' runs this on a temporary server (tools/bench_queue.sh).
            """,
        options: [
            .option("redis", "url", help: "Server to measure on: redis://[:password@]host:port/db.", required: true),
            RedisOptions.passwordFile,
            .option("trials", "n", help: "Timed trials (after 10 warm-up trials).", default: "200"),
            .option("model-bytes", "n", help: "Size of the model each trial moves.", default: "1048576"),
            .flag("json", help: "Print the report as JSON."),
        ],
        run: { args in
            let trials = try BenchModels.positive(args, "trials")!
            let bytes = try args.int("model-bytes", in: 0...QueueBenchmark.maximumModelBytes)!
            let json = args.flag("json")
            try reportingQueueErrors {
                var bench = QueueBenchmark(url: try RedisOptions.url(args)!)
                bench.trials = trials
                bench.modelBytes = bytes
                let report = try bench.run { line in if !json { Terminal.note(line) } }
                print(json ? report.json.compact : report.markdown, terminator: json ? "\n" : "")
            }
        })
}

/// Runs `body`, turning a `QueueError` into its message and exit status: 2 for a wrong
/// `--redis` (bad URL, unreachable, wrong password, too old), 1 for a failure while running.
func reportingQueueErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as QueueError {
        Terminal.error(error.description)
        throw ExitStatus(code: error.isBadInput ? 2 : 1)
    }
}
