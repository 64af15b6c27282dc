import Queue
import Training
import Tuning

/// `shears sweep --redis URL`: both trial stages handed to `shears agent` processes.
enum SweepRemote {
    static let option = OptionSpec.option(
        "redis", "url", help: "Hand trials to 'shears agent train|bench' processes through this Redis server.")

    /// The dispatcher for the sweep, or a clear error and exit 2 when the server is wrong or unreachable.
    static func dispatcher(_ args: ParsedArguments, configuration: SweepConfiguration, options: Sweep.Options)
        throws -> RedisTrialDispatcher
    {
        let id = RedisTrialDispatcher.sweepID(configuration: configuration, seed: options.seed ?? configuration.budget.seed,
                                              method: options.method.rawValue, toolVersion: options.toolVersion)
        return try reportingQueueErrors {
            let url = try RedisOptions.url(args)!
            let dispatcher = try RedisTrialDispatcher(url: url, sweepID: id,
                                                      objective: configuration.objective,
                                                      log: { ProgressReporter.standardOutput($0 + "\n") })
            ProgressReporter.standardOutput("dispatching trials through \(url) as sweep \(id)\n")
            return dispatcher
        }
    }
}
