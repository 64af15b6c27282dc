import Datasets
import Kernels
import Network
import Support

/// How a call to `Trainer.run` ended.
public enum TrainingOutcome: Equatable, Sendable {
    /// Every epoch is done.
    case completed
    /// A stop was requested (Ctrl-C); `Trainer.state` is where to resume.
    case interrupted
}

/// The training loop: for each batch, forward, softmax cross-entropy, backward, SGD step,
/// with hooks where pruning acts, a stop check between batches, and progress reporting.
/// Written against `Model`, so it trains a full ResNet, a thinned one, or a toy model alike.
public final class Trainer {
    public let model: any Model
    public var optimizer: SGD
    /// Mutable so a schedule's policies can change, e.g., the learning-rate schedule mid-run.
    public var configuration: TrainingConfiguration
    public let training: LabeledImages
    public let validation: LabeledImages?
    public let normalization: ChannelNormalization
    public private(set) var state: TrainingState
    public var hooks: [any TrainingHooks] = []

    public init(model: any Model, optimizer: SGD, configuration: TrainingConfiguration, training: LabeledImages,
                validation: LabeledImages? = nil, normalization: ChannelNormalization, state: TrainingState? = nil) {
        self.model = model
        self.optimizer = optimizer
        self.configuration = configuration
        self.training = training
        self.validation = validation
        self.normalization = normalization
        self.state = state ?? TrainingState(classCount: configuration.classCount)
    }

    /// Trains from `state` to the last epoch, or until `stopRequested()` is true between two
    /// batches (then `state` points at the next batch and the caller saves a checkpoint).
    public func run(progress: ProgressReporter = .silent,
                    stopRequested: () -> Bool = { Interrupt.requested }) -> TrainingOutcome {
        let started = monotonicSeconds()
        var imagesThisRun = 0
        let epochs = configuration.epochs
        while state.epoch < epochs {
            let epoch = state.epoch
            let batches = Batches(training, normalization: normalization, options: configuration.batchOptions,
                                  epoch: epoch)
            let batchCount = batches.count
            let parameters = model.parameters
            if state.batch == 0 {
                if stopRequested() { return .interrupted }
                hooks.forEach { $0.epochBegan(epoch) }
                state.epochMetrics = ClassificationMetrics(classCount: configuration.classCount)
            }
            let epochStarted = monotonicSeconds()
            var lr = configuration.learningRate(epoch: epoch, batch: state.batch, batches: batchCount)
            while state.batch < batchCount {
                if stopRequested() { return .interrupted }
                let b = state.batch
                let batch = batches.batch(b)
                hooks.forEach { $0.batchBegan(epoch: epoch, batch: b, batches: batchCount) }
                lr = configuration.learningRate(epoch: epoch, batch: b, batches: batchCount)
                for p in parameters { p.zeroGrad() }
                let logits = model.forward(batch.images, training: true)
                let (loss, dLogits) = softmaxCrossEntropy(logits: logits, labels: batch.labels)
                model.backward(dLogits)
                hooks.forEach { $0.beforeOptimizerStep(epoch: epoch, batch: b, batches: batchCount) }
                optimizer.step(parameters, learningRate: lr)
                hooks.forEach { $0.batchEnded(epoch: epoch, batch: b, batches: batchCount) }
                state.epochMetrics.add(logits: logits, labels: batch.labels, meanLoss: loss)
                state.batch += 1
                imagesThisRun += batch.labels.count

                let now = monotonicSeconds()
                let rate = Double(imagesThisRun) / max(now - started, 1e-9)
                progress.batch(BatchProgress(label: "epoch \(epoch + 1)/\(epochs)", batch: state.batch, batches: batchCount,
                                             meanLoss: state.epochMetrics.meanLoss, accuracy: state.epochMetrics.top1,
                                             imagesPerSecond: rate, etaSeconds: remainingImages(batches) / rate),
                               now: now)
            }
            let seconds = monotonicSeconds() - epochStarted
            let validationMetrics = validation.map {
                evaluate(model, on: $0, normalization: normalization, classCount: configuration.classCount)
            }
            let rate = Double(imagesThisRun) / max(monotonicSeconds() - started, 1e-9)
            let summary = EpochSummary(epoch: epoch, epochs: epochs, learningRate: lr, train: state.epochMetrics,
                                       validation: validationMetrics, seconds: seconds,
                                       imagesPerSecond: Double(state.epochMetrics.images) / max(seconds, 1e-9),
                                       etaSeconds: Double(epochs - epoch - 1) * Double(batches.imageCount) / rate)
            state.epoch += 1
            state.batch = 0
            progress.line(summary.line)
            hooks.forEach { $0.epochEnded(summary) }
        }
        return .completed
    }

    /// Images left in this run after the current batch (current epoch plus later epochs).
    private func remainingImages(_ batches: Batches) -> Double {
        let perEpoch = batches.imageCount
        let doneThisEpoch = min(state.batch * configuration.batchSize, perEpoch)
        return Double(perEpoch - doneThisEpoch + (configuration.epochs - state.epoch - 1) * perEpoch)
    }

    /// Metadata and tensors to add to a checkpoint so `--resume` continues this run exactly
    /// (configuration, position, optimiser buffers); the model's own tensors are the caller's.
    public func resumeCheckpoint() -> (metadata: [String: String], tensors: [SafeTensors.Entry]) {
        let (metadata, tensors) = state.checkpoint(optimizer: optimizer, parameters: model.parameters)
        return (configuration.metadata.merging(metadata) { $1 }, tensors)
    }

    /// A trainer that continues the run saved in `file` (whose model tensors the caller has
    /// already loaded into `model`).
    public convenience init(resuming file: SafeTensors, model: any Model, training: LabeledImages,
                            validation: LabeledImages? = nil, normalization: ChannelNormalization) throws(TrainingError) {
        let configuration = try TrainingConfiguration(metadata: file.metadata)
        let (state, optimizer) = try TrainingState.restore(from: file, parameters: model.parameters,
                                                           classCount: configuration.classCount)
        self.init(model: model, optimizer: optimizer, configuration: configuration, training: training,
                  validation: validation, normalization: normalization, state: state)
    }
}
