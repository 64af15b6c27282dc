import Datasets
import Foundation
import Network
import Support

/// `shears train` as a library call: load CIFAR-10, hold out the validation split, compute the
/// normalisation from the training part, build (or resume) the network, train with a
/// resumable checkpoint after every epoch, evaluate on the test set, and write the final
/// checkpoint with the results in its metadata. The executable only parses flags into this.
public struct TrainingJob {
    public var architecture: ResNetArchitecture
    public var dataDirectory: String
    /// Training images held out for validation (`--val-split`).
    public var validationCount: Int
    public var configuration: TrainingConfiguration
    public var optimizer: SGD
    /// Where checkpoints go (after every epoch, on Ctrl-C, and at the end).
    public var output: String
    /// A resumable checkpoint to continue (`--resume`); its configuration replaces this one's.
    public var resume: String?
    /// Extra provenance for the metadata (e.g. `shears.command`).
    public var provenance: [String: String]

    public init(architecture: ResNetArchitecture, dataDirectory: String, validationCount: Int = 0,
                configuration: TrainingConfiguration, optimizer: SGD, output: String, resume: String? = nil,
                provenance: [String: String] = [:]) {
        self.architecture = architecture
        self.dataDirectory = dataDirectory
        self.validationCount = validationCount
        self.configuration = configuration
        self.optimizer = optimizer
        self.output = output
        self.resume = resume
        self.provenance = provenance
    }

    public static let validationKey = "data.val_split"
    /// The seed the validation split was drawn with, when it differs from `training.seed`
    /// (a pruned model fine-tuned with its own seed); absent means `training.seed`.
    public static let validationSeedKey = "data.val_seed"

    public struct Result {
        public var outcome: TrainingOutcome
        /// Where training stopped (an interrupted run's resume point).
        public var state: TrainingState
        public var epochs: [EpochSummary]
        /// Test-set metrics of the finished network (nil when interrupted).
        public var test: ClassificationMetrics?
        public var validation: ClassificationMetrics?
        public var seconds: Double
    }

    /// Runs to completion or to a stop request; either way a checkpoint is at `output`.
    /// - Parameter note: status lines for the user (loading, resuming, saving).
    public func run(progress: ProgressReporter, note: (String) -> Void,
                    stopRequested: @escaping () -> Bool = { Interrupt.requested }) throws -> Result {
        let started = monotonicSeconds()
        let trainAll = try CIFAR10.loadTraining(directory: dataDirectory)
        let test = try CIFAR10.loadTest(directory: dataDirectory)

        let trainer: Trainer
        let network: ResNet
        var validationCount = self.validationCount
        var metadata = provenance
        if let resume {
            let checkpoint = try Checkpoint(contentsOf: resume)
            guard checkpoint.isResumable else { throw TrainingError.notResumable(path: resume) }
            try Checkpoint.checkTrainingImages(checkpoint.metadata, found: trainAll.count, dataDirectory: dataDirectory,
                                               path: resume)
            validationCount = try MetadataReader(checkpoint.metadata).value(Self.validationKey) { Int($0) }
            let split = try ValidationSplit(trainAll, validationCount: validationCount,
                                            seed: try TrainingConfiguration(metadata: checkpoint.metadata).seed)
            network = checkpoint.network
            trainer = try Trainer(resuming: checkpoint.file, model: network, training: split.train,
                                  validation: validationCount > 0 ? split.validation : nil,
                                  normalization: checkpoint.normalization)
            metadata = checkpoint.metadata.filter { !$0.key.hasPrefix("training.") && !$0.key.hasPrefix("optimizer.") }
                .merging(provenance) { $1 }
            note("resuming \(resume) at epoch \(trainer.state.epoch + 1), batch \(trainer.state.batch + 1)")
        } else {
            let split = try ValidationSplit(trainAll, validationCount: validationCount, seed: configuration.seed)
            network = try ResNet(architecture: architecture, seed: configuration.seed)
            trainer = Trainer(model: network, optimizer: optimizer, configuration: configuration, training: split.train,
                              validation: validationCount > 0 ? split.validation : nil,
                              normalization: ChannelNormalization(computedFrom: split.train))
        }
        metadata[Self.validationKey] = "\(validationCount)"
        metadata[Checkpoint.trainingImagesKey] = "\(trainAll.count)"
        note("training \(network.architecture.name) on \(trainer.training.count) images"
             + (validationCount > 0 ? " (\(validationCount) held out for validation)" : "")
             + ", \(trainer.configuration.epochs) epochs of batch \(trainer.configuration.batchSize)")

        func save(final: Bool) throws {
            var checkpoint = Checkpoint(network: network, normalization: trainer.normalization, metadata: metadata)
            if final {
                checkpoint.metadata.merge(trainer.configuration.metadata) { $1 }
                checkpoint.metadata.merge(trainer.optimizer.hyperparameterMetadata) { $1 }
            } else {
                let (state, tensors) = trainer.resumeCheckpoint()
                checkpoint.metadata.merge(state) { $1 }
                checkpoint.optimizerTensors = tensors
            }
            try checkpoint.write(to: output)
        }

        let saver = EpochSaver(save: { try save(final: false) })
        trainer.hooks.append(saver)
        // A checkpoint that cannot be written (missing directory, full disk) stops the run after
        // that epoch instead of training to the end and losing everything at the final save.
        let outcome = trainer.run(progress: progress, stopRequested: { saver.error != nil || stopRequested() })
        if let error = saver.error { throw error }
        if outcome == .interrupted {
            try save(final: false)
            note("saved a resumable checkpoint to \(output) (epoch \(trainer.state.epoch + 1), batch "
                 + "\(trainer.state.batch + 1)); continue with: shears train --resume \(output) --out \(output)")
            return Result(outcome: outcome, state: trainer.state, epochs: saver.summaries, test: nil,
                          validation: nil, seconds: monotonicSeconds() - started)
        }
        let testMetrics = evaluate(network, on: test, normalization: trainer.normalization,
                                   classCount: trainer.configuration.classCount)
        metadata.merge(testMetrics.resultMetadata(prefix: "result.test")) { $1 }
        let validationMetrics = saver.summaries.last?.validation
        if let v = validationMetrics { metadata.merge(v.resultMetadata(prefix: "result.val")) { $1 } }
        try save(final: true)
        return Result(outcome: outcome, state: trainer.state, epochs: saver.summaries, test: testMetrics,
                      validation: validationMetrics, seconds: monotonicSeconds() - started)
    }
}

/// Saves a resumable checkpoint after every epoch, so a crash loses at most one epoch.
private final class EpochSaver: TrainingHooks {
    let save: () throws -> Void
    var summaries: [EpochSummary] = []
    var error: Error?

    init(save: @escaping () throws -> Void) { self.save = save }

    func epochEnded(_ summary: EpochSummary) {
        summaries.append(summary)
        if error == nil {
            do { try save() } catch { self.error = error }
        }
    }
}

extension TrainingJob.Result {
    /// `{"outcome":"completed","epochs":30,"seconds":1234.5,"test":{..},"val":{..}|null,"out":"model.safetensors"}`.
    public func json(output: String) -> String {
        let names = (0..<10).map { "\($0)" }
        func metrics(_ m: ClassificationMetrics?) -> String {
            guard let m else { return "null" }
            return m.json(classNames: names.count == m.classCount ? names : (0..<m.classCount).map { "\($0)" })
        }
        let escaped = output.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"outcome\":\"\(outcome == .completed ? "completed" : "interrupted")\",\"epochs\":\(epochs.count),"
            + "\"seconds\":\(seconds),\"test\":\(metrics(test)),\"val\":\(metrics(validation)),\"out\":\"\(escaped)\"}"
    }
}
