import Datasets
import Foundation
import Kernels
import Network
import Quantization
import Training
import Support

/// `shears prune` as a library call, and the call a sweep makes per trial: fine-tune a copy of
/// a baseline checkpoint under a Distiller schedule (masks after every step, AGP ramps, LR
/// schedulers), thin at every `net_thinning` policy epoch and at the end, evaluate the thinned
/// network on the validation split and the test set, and write it as a checkpoint that
/// reloads with its actual channel counts.
///
/// The validation images are the baseline's held-out images (recomputed from its
/// `data.val_split` and seed), so they are never trained on, before or during pruning.
/// The baseline is never modified: the job works on a copy, so one loaded `Checkpoint` can
/// serve many trials.
public struct PruneJob {
    public var baseline: Checkpoint
    /// Names the baseline in messages and provenance.
    public var baselinePath: String
    /// Loaded and decoded; `run` validates it against the baseline's parameter table.
    public var schedule: Schedule
    /// The schedule's text, stored in the output's metadata (`prune.schedule`).
    public var scheduleText: String
    public var dataDirectory: String
    /// Fine-tuning epochs (policies beyond them never run).
    public var epochs: Int
    /// Shuffling and augmentation seed of the fine-tuning.
    public var seed: UInt64
    public var batchSize: Int
    /// Base rate before the schedule's LR schedulers (constant when it has none).
    public var learningRate: Float
    public var momentum: Float = 0.9
    public var weightDecay: Float = 5e-4
    public var nesterov: Bool = true
    /// Training images (the first ones of the training split, never validation) that
    /// calibrate a quantizer's activation ranges.
    public var calibrationImages: Int = 512
    /// Accept bit widths OpenVINO cannot execute: the result is evaluated, never exported.
    public var simulateOnly: Bool = false
    /// Where to write the calibration statistics (Distiller's stats YAML), if anywhere.
    public var statisticsOutput: String?
    /// Images held out for validation; nil reuses the baseline's `data.val_split` (the only
    /// other accepted value is that same number).
    public var validationCount: Int?
    /// Where to write the thinned checkpoint (nil: nothing is written).
    public var output: String?
    /// Extra metadata (e.g. `shears.command`, a sweep's trial id).
    public var provenance: [String: String]

    public init(baseline: Checkpoint, baselinePath: String, schedule: Schedule, scheduleText: String,
                dataDirectory: String, epochs: Int, seed: UInt64, batchSize: Int = 128, learningRate: Float = 0.01,
                validationCount: Int? = nil, output: String? = nil, provenance: [String: String] = [:]) {
        self.baseline = baseline
        self.baselinePath = baselinePath
        self.schedule = schedule
        self.scheduleText = scheduleText
        self.dataDirectory = dataDirectory
        self.epochs = epochs
        self.seed = seed
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.validationCount = validationCount
        self.output = output
        self.provenance = provenance
    }

    /// Loads the baseline checkpoint and the schedule file.
    public init(baselinePath: String, schedulePath: String, dataDirectory: String, epochs: Int, seed: UInt64,
                batchSize: Int = 128, learningRate: Float = 0.01, validationCount: Int? = nil,
                output: String? = nil, provenance: [String: String] = [:]) throws {
        let schedule = try Schedule.load(path: schedulePath)
        let text = String(decoding: try Foundation.Data(contentsOf: URL(fileURLWithPath: schedulePath)), as: UTF8.self)
        self.init(baseline: try Checkpoint(contentsOf: baselinePath), baselinePath: baselinePath, schedule: schedule,
                  scheduleText: text, dataDirectory: dataDirectory, epochs: epochs, seed: seed, batchSize: batchSize,
                  learningRate: learningRate, validationCount: validationCount, output: output, provenance: provenance)
    }

    public static let scheduleKey = "prune.schedule"

    /// Runs to completion or to a stop request (then nothing is written and the result's
    /// outcome is `.interrupted`).
    /// - Parameter note: status lines (warnings, thinning, saving).
    public func run(progress: ProgressReporter = .silent, note: (String) -> Void = { _ in },
                    stopRequested: @escaping () -> Bool = { Interrupt.requested }) throws -> PruneResult {
        let started = monotonicSeconds()
        guard epochs > 0 || !schedule.quantizers.isEmpty else { throw PruningError.noEpochs }
        if !simulateOnly { try schedule.checkDeployable() }
        let table = ParameterTable(network: baseline.network)
        for warning in schedule.warnings + (try schedule.validate(against: table)) { note(warning.description) }
        for policy in schedule.policies where (policy.epochs.last ?? 0) >= epochs {
            if case .lrScheduler = policy.target { continue }
            note("note: \(policy.target.key) '\(policy.target.instanceName)' has epochs up to \(policy.epochs.last!); "
                 + "fine-tuning runs epochs 0..<\(epochs), so the later ones never happen")
        }

        // Data: the baseline's split, its normalisation.
        let m = baseline.metadata
        let baselineCount = m[TrainingJob.validationKey].flatMap(Int.init) ?? 0
        if let requested = validationCount, requested != baselineCount, m[TrainingJob.validationKey] != nil {
            throw PruningError.validationSplitMismatch(path: baselinePath, baseline: baselineCount, requested: requested)
        }
        let heldOut = validationCount ?? baselineCount
        let splitSeed = (m[TrainingJob.validationSeedKey] ?? m["training.seed"]).flatMap { UInt64($0) } ?? seed
        let allTraining = try CIFAR10.loadTraining(directory: dataDirectory)
        try Checkpoint.checkTrainingImages(m, found: allTraining.count, dataDirectory: dataDirectory, path: baselinePath)
        let split = try ValidationSplit(allTraining, validationCount: heldOut, seed: splitSeed)
        let test = try CIFAR10.loadTest(directory: dataDirectory)
        let validation = heldOut > 0 ? split.validation : nil
        try checkCalibration(available: split.train.count)   // before any fine-tuning
        let normalization = baseline.normalization

        // A deep copy: the baseline's layers stay untouched.
        let network = baseline.network.thinned(by: ThinningPlan(keepingAllOf: baseline.network.architecture))
        let scheduler = try CompressionScheduler(schedule: schedule, network: network, baseLearningRate: learningRate)
        let configuration = TrainingConfiguration(epochs: epochs, batchSize: batchSize, learningRate: learningRate,
                                                  seed: seed)
        var optimizer = SGD(momentum: momentum, weightDecay: weightDecay, nesterov: nesterov)
        note("pruning \(network.architecture.name) from \(baselinePath) on \(split.train.count) images"
             + (heldOut > 0 ? " (\(heldOut) held out for validation)" : "") + ", \(epochs) epochs of batch \(batchSize)")

        let thinning = thinningEpochs()
        let collector = SummaryCollector()
        var epoch = 0
        while epoch < epochs {
            if let kind = thinning[epoch], epoch > 0 {
                thin(scheduler, &optimizer, filters: kind.filters, channels: kind.channels, note: note, epoch: epoch)
            }
            let end = thinning.keys.filter { $0 > epoch && $0 < epochs }.min() ?? epochs
            let trainer = Trainer(model: scheduler.network, optimizer: optimizer, configuration: configuration,
                                  training: split.train, validation: validation, normalization: normalization,
                                  state: TrainingState(epoch: epoch, classCount: configuration.classCount))
            scheduler.attach(trainer)
            trainer.hooks.append(collector)
            _ = trainer.run(progress: progress) { stopRequested() || (trainer.state.epoch >= end && trainer.state.batch == 0) }
            optimizer = trainer.optimizer
            if trainer.state.epoch < end || (stopRequested() && trainer.state.epoch < epochs) {
                return PruneResult(outcome: .interrupted, network: scheduler.network, epochs: collector.summaries,
                                   validation: nil, test: nil, baseline: baseline.network.architecture,
                                   thinningLogitDifference: nil, seconds: monotonicSeconds() - started)
            }
            epoch = end
        }

        // Final thinning, checked on a few test images against the masked network.
        let probe = Batches(test, normalization: normalization, options: .evaluation(batchSize: 32)).batch(0).images
        let masked = scheduler.network.forward(probe, training: false)
        thin(scheduler, &optimizer, filters: true, channels: true, note: note, epoch: epochs)
        let thinned = scheduler.network
        let difference = zip(masked.data, thinned.forward(probe, training: false).data).map { abs($0 - $1) }.max() ?? 0

        let classes = configuration.classCount
        var validationMetrics = validation.map { evaluate(thinned, on: $0, normalization: normalization, classCount: classes) }
        var testMetrics = evaluate(thinned, on: test, normalization: normalization, classCount: classes)
        var quantized: QuantizedResNet?
        var quantizationMetadata: [String: String] = [:]
        if let quantizer = schedule.quantizers.first {
            let model = try quantize(thinned, quantizer: quantizer, training: split.train, normalization: normalization,
                                     note: note)
            quantizationMetadata["quant.float.test.top1"] = "\(testMetrics.top1)"
            if let v = validationMetrics { quantizationMetadata["quant.float.val.top1"] = "\(v.top1)" }
            quantizationMetadata["quant.calibration_images"] = "\(calibrationImages)"
            validationMetrics = validation.map { evaluate(model, on: $0, normalization: normalization, classCount: classes) }
            let floatTop1 = testMetrics.top1
            testMetrics = evaluate(model, on: test, normalization: normalization, classCount: classes)
            note("quantised (\(quantizer.name)): test top-1 \(floatTop1) float -> \(testMetrics.top1) simulated INT8")
            quantized = model
        }
        var result = PruneResult(outcome: .completed, network: thinned, epochs: collector.summaries,
                                 validation: validationMetrics, test: testMetrics,
                                 baseline: baseline.network.architecture, thinningLogitDifference: difference,
                                 seconds: monotonicSeconds() - started)
        result.quantized = quantized
        if let output {
            var metadata = provenance
            metadata[TrainingJob.validationKey] = "\(heldOut)"
            metadata[TrainingJob.validationSeedKey] = "\(splitSeed)"
            metadata[Checkpoint.trainingImagesKey] = "\(allTraining.count)"
            metadata.merge(configuration.metadata) { $1 }
            metadata.merge(SGD(momentum: momentum, weightDecay: weightDecay, nesterov: nesterov).hyperparameterMetadata) { $1 }
            metadata[Self.scheduleKey] = scheduleText
            metadata["prune.baseline"] = baselinePath
            metadata["prune.baseline.macs"] = "\(baseline.network.architecture.macs())"
            metadata["prune.macs"] = "\(thinned.architecture.macs())"
            metadata["prune.thinning_max_logit_difference"] = "\(difference)"
            if let top1 = m["result.test.top1"] { metadata["prune.baseline.test.top1"] = top1 }
            metadata.merge(testMetrics.resultMetadata(prefix: "result.test")) { $1 }
            if let v = validationMetrics { metadata.merge(v.resultMetadata(prefix: "result.val")) { $1 } }
            metadata.merge(quantizationMetadata) { $1 }
            var checkpoint = Checkpoint(network: thinned, normalization: normalization, metadata: metadata)
            if let quantized { checkpoint.setQuantization(quantized) }
            try checkpoint.write(to: output)
            note("saved \(output)")
        }
        return result
    }

    /// Thinning epochs with the criteria of their extension (both when two extensions share one).
    func thinningEpochs() -> [Int: (filters: Bool, channels: Bool)] {
        var epochs: [Int: (filters: Bool, channels: Bool)] = [:]
        for policy in schedule.policies {
            guard case .thinning(let name) = policy.target,
                  let ext = schedule.extensions.first(where: { $0.name == name }) else { continue }
            for e in policy.epochs {
                let old = epochs[e] ?? (false, false)
                epochs[e] = (old.filters || ext.kind == .filters, old.channels || ext.kind == .channels)
            }
        }
        return epochs
    }

    private func thin(_ scheduler: CompressionScheduler, _ optimizer: inout SGD, filters: Bool, channels: Bool,
                      note: (String) -> Void, epoch: Int) {
        let before = scheduler.network
        let shapes = Dictionary(uniqueKeysWithValues: before.parameters.map { ($0.name, $0.shape) })
        let plan = scheduler.thin(filters: filters, channels: channels)
        optimizer.thin(by: plan, architecture: before.architecture, shapes: shapes)
        let after = scheduler.network.architecture
        note("thinned at epoch \(epoch): \(before.architecture.macs()) -> \(after.macs()) MACs, "
             + "\(before.architecture.weightCount) -> \(after.weightCount) weights")
    }
}

/// Keeps every epoch's summary across the trainers of a pruning run.
private final class SummaryCollector: TrainingHooks {
    var summaries: [EpochSummary] = []
    func epochEnded(_ summary: EpochSummary) { summaries.append(summary) }
}
