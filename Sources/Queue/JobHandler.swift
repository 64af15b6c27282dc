import Tuning

/// What an agent does with one job: train agents prune, fine-tune and export; bench agents
/// measure. The queue machinery (claiming, heartbeats, results, follow-ups) stays in `Agent`.
public protocol JobHandler {
    /// Runs one job. A thrown error becomes a failed result (status "failed" with the
    /// error's description), so the coordinator hears about it instead of waiting forever.
    func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome
}

/// A handler's answer: the result to record and, optionally, the job for the next stage
/// (a train agent passes the exported model on to the bench queue under the same id).
public struct JobOutcome: Sendable {
    public var result: QueueMessage
    public var followUp: QueueMessage?

    public init(result: QueueMessage, followUp: QueueMessage? = nil) {
        self.result = result
        self.followUp = followUp
    }

    /// The result recorded when a handler throws; `infrastructure` tells the coordinator the
    /// agent's machine failed (disk, runtime), so the trial is retried rather than recorded.
    public static func failure(_ error: Error, agent: String) -> JobOutcome {
        JobOutcome(result: QueueMessage(["status": "failed", "error": .string(String(describing: error)),
                                         "agent": .string(agent),
                                         "infrastructure": .bool(isInfrastructureFailure(error))]))
    }
}
