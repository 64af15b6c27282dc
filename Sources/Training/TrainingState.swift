import Kernels
import Network

/// Where a run is: the next (epoch, batch) and the counts of the epoch in progress.
/// With the data module's addressed randomness this *is* the random-number position: batch
/// b of epoch e is reproduced from (seed, e, b), so nothing else about the RNG is stored.
/// Together with the model's tensors, the optimiser's buffers and the configuration it is
/// everything a resumable checkpoint holds.
public struct TrainingState: Equatable, Sendable {
    /// The epoch in progress, or the next to start (== epochs when finished).
    public var epoch: Int
    /// The next batch of `epoch` (0 at an epoch boundary).
    public var batch: Int
    /// Counts over the batches of `epoch` done so far.
    public var epochMetrics: ClassificationMetrics

    public init(epoch: Int = 0, batch: Int = 0, classCount: Int = 10) {
        self.epoch = epoch
        self.batch = batch
        self.epochMetrics = ClassificationMetrics(classCount: classCount)
    }

    // MARK: - Checkpoint form

    /// Prefix of the momentum-buffer tensors in a checkpoint; model loaders skip these names.
    public static let momentumPrefix = "optimizer.momentum."

    /// Metadata and extra tensors a resumable checkpoint stores for this state and `optimizer`
    /// (its hyper-parameters and one momentum buffer per parameter, shaped like the parameter).
    public func checkpoint(optimizer: SGD, parameters: [Parameter]) -> (metadata: [String: String], tensors: [SafeTensors.Entry]) {
        let metadata = ["training.state.epoch": "\(epoch)", "training.state.batch": "\(batch)",
                        "training.state.epoch_metrics": epochMetrics.serialized]
            .merging(optimizer.hyperparameterMetadata) { $1 }
        let tensors = parameters.compactMap { p -> SafeTensors.Entry? in
            guard let buffer = optimizer.momentumBuffers[p.name] else { return nil }
            return SafeTensors.Entry(name: Self.momentumPrefix + p.name, tensor: Tensor(shape: p.shape, data: buffer))
        }
        return (metadata, tensors)
    }

    /// Reads what `checkpoint` wrote: the state and the optimiser with its buffers, checked
    /// against `parameters` (a buffer for a parameter the model lacks, or of another size, is an error).
    public static func restore(from file: SafeTensors, parameters: [Parameter],
                               classCount: Int) throws(TrainingError) -> (state: TrainingState, optimizer: SGD) {
        let m = MetadataReader(file.metadata)
        var state = TrainingState(epoch: try m.value("training.state.epoch") { Int($0).flatMap { $0 >= 0 ? $0 : nil } },
                                  batch: try m.value("training.state.batch") { Int($0).flatMap { $0 >= 0 ? $0 : nil } },
                                  classCount: classCount)
        state.epochMetrics = try m.value("training.state.epoch_metrics") {
            ClassificationMetrics(serialized: $0, classCount: classCount)
        }
        let momentum = try m.value("optimizer.momentum") { Float($0) }
        let nesterov = try m.value("optimizer.nesterov") { Bool($0) }
        let dampening = try m.value("optimizer.dampening") { Float($0) }
        if nesterov && (momentum <= 0 || dampening != 0) {
            throw .badResumeState(key: "optimizer.nesterov", value: "true with momentum \(momentum), dampening \(dampening)")
        }
        var optimizer = SGD(momentum: momentum, weightDecay: try m.value("optimizer.weight_decay") { Float($0) },
                            nesterov: nesterov, dampening: dampening)
        let sizes = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0.value.count) })
        for entry in file.entries where entry.name.hasPrefix(momentumPrefix) {
            let name = String(entry.name.dropFirst(momentumPrefix.count))
            guard let size = sizes[name], size == entry.tensor.count else {
                throw .bufferMismatch(name: name, expected: sizes[name] ?? 0, found: entry.tensor.count)
            }
            optimizer.momentumBuffers[name] = entry.tensor.data
        }
        return (state, optimizer)
    }
}
