import Datasets
import Network

/// Which images `shears eval --split` measures.
public enum DataSplit: String, CaseIterable, Sendable {
    /// `test_batch.bin`, never used for training or tuning.
    case test
    /// The training images the checkpoint's run held out (`--val-split`, same seed).
    case val
    /// The training images the run trained on (validation excluded).
    case train
}

extension Checkpoint {
    /// The images of `split` as the run that produced this checkpoint saw them: the validation
    /// split is recomputed from the recorded seed and size, so it is the same images.
    public func images(of split: DataSplit, dataDirectory: String, path: String) throws -> LabeledImages {
        if split == .test { return try CIFAR10.loadTest(directory: dataDirectory) }
        let m = MetadataReader(metadata)
        let count: Int = try m.value(TrainingJob.validationKey) { Int($0) }
        // A pruned model records the split's seed apart from its own fine-tuning seed.
        let seedKey = metadata[TrainingJob.validationSeedKey] != nil ? TrainingJob.validationSeedKey : "training.seed"
        let seed: UInt64 = try m.value(seedKey) { UInt64($0) }
        if split == .val && count == 0 { throw TrainingError.noValidationSplit(path: path) }
        let all = try CIFAR10.loadTraining(directory: dataDirectory)
        try Self.checkTrainingImages(metadata, found: all.count, dataDirectory: dataDirectory, path: path)
        let parts = try ValidationSplit(all, validationCount: count, seed: seed)
        return split == .val ? parts.validation : parts.train
    }
}
