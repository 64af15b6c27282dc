import Foundation
import JSON
import Network
import ONNX
import Pruning
import Quantization
import Training

/// The TRAIN stage in this process: Pruning's `PruneJob` (masks, fine-tuning, thinning,
/// evaluation on the baseline's held-out images and the test set), then the ONNX export of the
/// thinned network. The baseline checkpoint is loaded once and shared by every trial
/// (`PruneJob` works on a copy).
public final class LocalTrialTrainer: TrialTrainer {
    /// Recorded as the ONNX producer version and in checkpoint metadata.
    public let toolVersion: String
    /// Fine-tuning progress (silent in tests and for `--json`).
    public let progress: ProgressReporter
    /// Status lines from the pruning job (warnings, thinning).
    public let note: (String) -> Void
    private var loaded: (path: String, checkpoint: Checkpoint)?

    public init(toolVersion: String, progress: ProgressReporter = .silent, note: @escaping (String) -> Void = { _ in }) {
        self.toolVersion = toolVersion
        self.progress = progress
        self.note = note
    }

    public func train(_ request: TrialRequest) throws -> TrainedTrial {
        let started = Date()
        let baseline = try baselineCheckpoint(request.baseline)
        guard let scheduleText = request.schedule else { return try evaluateBaseline(baseline, request, started) }

        let schedule = try Schedule(parsing: scheduleText, file: "trial \(request.trial) schedule")
        var job = PruneJob(baseline: baseline, baselinePath: request.baseline, schedule: schedule,
                           scheduleText: scheduleText, dataDirectory: request.data, epochs: request.fineTuneEpochs,
                           seed: request.seed, batchSize: request.fineTune.batchSize,
                           learningRate: Float(request.fineTune.learningRate), validationCount: request.validationSplit,
                           provenance: ["sweep.name": request.sweep, "sweep.trial": String(request.trial)])
        job.momentum = Float(request.fineTune.momentum)
        job.weightDecay = Float(request.fineTune.weightDecay)
        let result = try job.run(progress: progress, note: note)
        guard result.outcome == .completed else { throw TuningError.interrupted }
        if let last = result.epochs.last, !last.train.meanLoss.isFinite { throw TuningError.diverged }
        guard let validation = result.validation, let test = result.test else {
            throw TrainingError.noValidationSplit(path: request.baseline)
        }
        var metadata = job.provenance.merging(try baseline.dataset.metadata) { $1 }
        metadata[PruneJob.scheduleKey] = scheduleText
        metadata[TrainingJob.validationKey] = baseline.metadata[TrainingJob.validationKey]
        metadata[Checkpoint.trainingImagesKey] = baseline.metadata[Checkpoint.trainingImagesKey]
        metadata["training.seed"] = baseline.metadata["training.seed"]
        let summary = result.summary
        let details: JSONValue = [
            "widths": .array(result.network.architecture.stages.map { JSONValue($0.innerWidths) }),
            "epochs": .array(result.epochs.map { e in
                ["epoch": JSONValue(e.epoch), "loss": JSONValue(e.train.meanLoss), "train_top1": JSONValue(e.train.top1),
                 "lr": JSONValue(e.learningRate)]
            }),
            "nonzeros": JSONValue(summary.nonzeros), "sparsity": JSONValue(summary.sparsity),
            "thinning_max_logit_difference": result.thinningLogitDifference.map { JSONValue($0) } ?? .null,
            "val_loss": JSONValue(validation.meanLoss), "test_loss": JSONValue(test.meanLoss),
            "dataset": .string(try baseline.dataset.name), "labels": .string(try baseline.dataset.labels.rawValue),
            "val_images": JSONValue(validation.images),
        ]
        var checkpoint = Checkpoint(network: result.network, normalization: baseline.normalization, metadata: metadata)
        if let quantized = result.quantized { checkpoint.setQuantization(quantized) }   // benchmarked as INT8 QDQ
        return try trained(result.network, request, checkpoint: checkpoint,
                           val: validation.top1, test: test.top1, started: started, details: details)
    }

    /// The unpruned network's accuracy on the same held-out images and its ONNX export.
    private func evaluateBaseline(_ baseline: Checkpoint, _ request: TrialRequest, _ started: Date) throws -> TrainedTrial {
        let val = try baseline.images(of: .val, dataDirectory: request.data, path: request.baseline)
        let test = try baseline.images(of: .test, dataDirectory: request.data, path: request.baseline)
        let classes = baseline.network.architecture.classes
        let v = evaluate(baseline.network, on: val, normalization: baseline.normalization, classCount: classes)
        let t = evaluate(baseline.network, on: test, normalization: baseline.normalization, classCount: classes)
        let clean = Checkpoint(network: baseline.network, normalization: baseline.normalization,
                               metadata: baseline.metadata.filter { !$0.key.hasPrefix("training.state.") })
        return try trained(baseline.network, request, checkpoint: clean, val: v.top1, test: t.top1, started: started,
                           details: .object([("val_loss", JSONValue(v.meanLoss)), ("test_loss", JSONValue(t.meanLoss))]
                                            + (try baseline.dataset.jsonFields)))
    }

    private func trained(_ network: ResNet, _ request: TrialRequest, checkpoint: Checkpoint, val: Double, test: Double,
                         started: Date, details: JSONValue) throws -> TrainedTrial {
        let onnx = try checkpoint.deploymentModel(producerVersion: toolVersion, path: "trial \(request.trial)")
            .serializedBytes()
        return TrainedTrial(trial: request.trial, seed: request.seed, valTop1: val, testTop1: test,
                            parameterCount: network.architecture.weightCount, macs: network.architecture.macs(),
                            checkpoint: try checkpoint.file.encoded(), onnx: onnx,
                            trainSeconds: Date().timeIntervalSince(started), details: details)
    }

    private func baselineCheckpoint(_ path: String) throws -> Checkpoint {
        if let loaded, loaded.path == path { return loaded.checkpoint }
        let checkpoint = try Checkpoint(contentsOf: path)
        loaded = (path, checkpoint)
        return checkpoint
    }
}
