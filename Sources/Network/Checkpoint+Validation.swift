/// Bounds on what a checkpoint's metadata and tensors may hold. The file is untrusted input:
/// `data.val_split: -5` asked for a 2⁶⁴-byte allocation, `training.lr: nan` and NaN weights
/// trained or pruned into a NaN model that exited 0, `training.state.epoch: 999999` resumed past
/// the end. Checked once on load, so every command (eval, prune, train --resume, export, bench)
/// refuses the same file with the same message naming the key.
extension Checkpoint {
    /// One metadata key's rule: `accepts` the text, or the error says the file holds what `expected` is not.
    struct MetadataRule: Sendable {
        var key: String
        var expected: String
        var accepts: @Sendable (String) -> Bool

        static func integer(_ key: String, _ range: ClosedRange<Int>) -> MetadataRule {
            MetadataRule(key: key, expected: "an integer between \(range.lowerBound) and \(range.upperBound)") {
                Int($0).map(range.contains) ?? false
            }
        }

        static func real(_ key: String, _ range: ClosedRange<Double>) -> MetadataRule {
            MetadataRule(key: key, expected: "a number between \(range.lowerBound) and \(range.upperBound)") {
                Float($0).map { $0.isFinite && range.contains(Double($0)) } ?? false
            }
        }

        static func seed(_ key: String) -> MetadataRule {
            MetadataRule(key: key, expected: "an integer between 0 and \(UInt64.max)") { UInt64($0) != nil }
        }
    }

    /// The largest number of epochs (and so of a resume point's epoch) a checkpoint may record.
    public static let maximumEpochs = 100_000

    /// How many training images (validation included) the run that made the checkpoint read.
    public static let trainingImagesKey = "data.train_images"

    /// Refuses a data directory whose training set differs in size from the one `metadata`
    /// records: the validation split drawn from it would not be the images the run held out.
    public static func checkTrainingImages(_ metadata: [String: String], found: Int, dataDirectory: String,
                                           path: String) throws(CheckpointError) {
        guard let recorded = metadata[trainingImagesKey].flatMap({ Int($0) }), recorded != found else { return }
        throw .trainingSetMismatch(path: path, recorded: recorded, directory: dataDirectory, found: found)
    }

    static let metadataRules: [MetadataRule] = [
        .integer("data.val_split", 0...1_000_000),  // Training's TrainingJob.validationKey
        .integer(trainingImagesKey, 1...100_000_000),
        .seed("data.val_seed"),
        .seed("training.seed"),
        .integer("training.epochs", 0...maximumEpochs),
        .integer("training.batch_size", TrainingLimits.batchSize),
        .real("training.lr", TrainingLimits.learningRate),
        .integer("training.classes", ResNetArchitecture.Limits.classes),
        .integer("training.augmentation.padding", 0...31),
        .integer("training.state.epoch", 0...maximumEpochs),
        .integer("training.state.batch", 0...10_000_000),
        .real("optimizer.momentum", TrainingLimits.momentum),
        .real("optimizer.weight_decay", TrainingLimits.weightDecay),
        .real("optimizer.dampening", 0...1),
    ]

    /// Checks the metadata keys Shears acts on (absent keys are fine: not every checkpoint has
    /// every key) and that a resume point lies within the run's epochs.
    static func validate(metadata: [String: String], path: String) throws(CheckpointError) {
        for rule in metadataRules {
            guard let text = metadata[rule.key], !rule.accepts(text) else { continue }
            throw .invalidCheckpoint(path: path, detail: "metadata '\(rule.key)' is '\(text)'; expected \(rule.expected)")
        }
        if let epoch = metadata["training.state.epoch"].flatMap({ Int($0) }),
           let epochs = metadata["training.epochs"].flatMap({ Int($0) }), epoch > epochs {
            throw .invalidCheckpoint(path: path, detail: "metadata 'training.state.epoch' is \(epoch), past the run's "
                                     + "'training.epochs' \(epochs)")
        }
    }

    /// Refuses NaN and infinite values in any tensor (weights, statistics, optimiser buffers):
    /// such a model computes nothing, and pruning or training it would only spread them.
    static func validateFinite(_ entries: [SafeTensors.Entry], path: String) throws(CheckpointError) {
        for entry in entries {
            guard let index = entry.tensor.data.firstIndex(where: { !$0.isFinite }) else { continue }
            throw .invalidCheckpoint(path: path, detail: "tensor '\(entry.name)' holds \(entry.tensor.data[index]) "
                                     + "at index \(index); a checkpoint must hold finite values only")
        }
    }
}
