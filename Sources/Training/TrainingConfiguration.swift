import Datasets

/// Everything that decides a training run besides the model and the data. Stored in the
/// checkpoint's metadata (`metadata`), so `--resume` continues with exactly the same run and a
/// trained model records how it was produced.
public struct TrainingConfiguration: Equatable, Sendable {
    public var epochs: Int
    public var batchSize: Int
    public var learningRate: Float
    public var schedule: LRSchedule
    /// Evaluate the schedule at `epoch + batch/batches` instead of at whole epochs.
    public var schedulePerIteration: Bool
    public var seed: UInt64
    public var augmentation: Augmentation
    /// Skip each epoch's last partial batch.
    public var dropLast: Bool
    public var classCount: Int

    public init(epochs: Int, batchSize: Int = 128, learningRate: Float = 0.1, schedule: LRSchedule = .constant,
                schedulePerIteration: Bool = false, seed: UInt64 = 0, augmentation: Augmentation = .standard,
                dropLast: Bool = false, classCount: Int = CIFAR10.classCount) {
        precondition(epochs >= 0 && batchSize > 0 && classCount > 0)
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.schedule = schedule
        self.schedulePerIteration = schedulePerIteration
        self.seed = seed
        self.augmentation = augmentation
        self.dropLast = dropLast
        self.classCount = classCount
    }

    /// The rate for batch `batch` of `batches` in `epoch`.
    public func learningRate(epoch: Int, batch: Int, batches: Int) -> Float {
        let t = schedulePerIteration && batches > 0 ? Double(epoch) + Double(batch) / Double(batches) : Double(epoch)
        return schedule.learningRate(base: learningRate, epoch: t, totalEpochs: epochs)
    }

    public var batchOptions: BatchOptions {
        .training(batchSize: batchSize, seed: seed, augmentation: augmentation, dropLast: dropLast)
    }

    // MARK: - Checkpoint form

    public var metadata: [String: String] {
        ["training.epochs": "\(epochs)", "training.batch_size": "\(batchSize)", "training.lr": "\(learningRate)",
         "training.lr_schedule": schedule.description, "training.lr_per_iteration": "\(schedulePerIteration)",
         "training.seed": "\(seed)", "training.augmentation.padding": "\(augmentation.padding)",
         "training.augmentation.flip": "\(augmentation.horizontalFlip)", "training.drop_last": "\(dropLast)",
         "training.classes": "\(classCount)"]
    }

    public init(metadata: [String: String]) throws(TrainingError) {
        let m = MetadataReader(metadata)
        let padding = try m.value("training.augmentation.padding") { Int($0).flatMap { (0..<32).contains($0) ? $0 : nil } }
        self.init(epochs: try m.value("training.epochs") { Int($0).flatMap { $0 >= 0 ? $0 : nil } },
                  batchSize: try m.value("training.batch_size") { Int($0).flatMap { $0 > 0 ? $0 : nil } },
                  learningRate: try m.value("training.lr") { Float($0) },
                  schedule: try m.value("training.lr_schedule") { try? LRSchedule(parsing: $0) },
                  schedulePerIteration: try m.value("training.lr_per_iteration") { Bool($0) },
                  seed: try m.value("training.seed") { UInt64($0) },
                  augmentation: Augmentation(padding: padding,
                                             horizontalFlip: try m.value("training.augmentation.flip") { Bool($0) }),
                  dropLast: try m.value("training.drop_last") { Bool($0) },
                  classCount: try m.value("training.classes") { Int($0).flatMap { $0 > 0 ? $0 : nil } })
    }
}

/// Typed look-ups in checkpoint metadata with the module's error for a missing or bad value.
struct MetadataReader {
    let metadata: [String: String]
    init(_ metadata: [String: String]) { self.metadata = metadata }

    func value<T>(_ key: String, _ parse: (String) -> T?) throws(TrainingError) -> T {
        guard let text = metadata[key] else { throw .badResumeState(key: key, value: nil) }
        guard let value = parse(text) else { throw .badResumeState(key: key, value: text) }
        return value
    }
}
