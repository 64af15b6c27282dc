import Foundation
import Tuning

/// `shears agent train`: a TRAIN job through the local trainer (`LocalTrialTrainer`: prune,
/// fine-tune, thin, evaluate, export). The request names the baseline and data paths as the
/// coordinator's sweep file wrote them; `data`/`baseline` replace them on a machine that keeps
/// them elsewhere. With `allowed`, a path outside those directories fails the job unread.
public struct TrainJobHandler: JobHandler {
    public let trainer: any TrialTrainer
    public var data: String?
    public var baseline: String?
    public var allowed: AllowedDirectories?

    public init(trainer: any TrialTrainer, data: String? = nil, baseline: String? = nil,
                allowed: AllowedDirectories? = nil) {
        self.trainer = trainer
        self.data = data
        self.baseline = baseline
        self.allowed = allowed
    }

    public func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
        var request = try TrialMessages.request(from: job.message)
        if let data { request.data = data }
        if let baseline { request.baseline = baseline }
        if let allowed {
            try allowed.check(request.baseline, what: "baseline", job: job.id)
            try allowed.check(request.data, what: "data", job: job.id)
        }
        log("\(job.id): " + (request.isBaseline ? "evaluating and exporting the baseline"
                                                : "pruning and fine-tuning for \(request.fineTuneEpochs) epochs"))
        let trained = try trainer.train(request)
        log("\(job.id): " + String(format: "validation top-1 %.4f, %d parameters, %d bytes of ONNX", trained.valTop1,
                                    trained.parameterCount, trained.onnx.count))
        return JobOutcome(result: TrialMessages.trainResult(trained))
    }
}
