
/// What pruning a real network refuses, beyond what schedule validation catches.
public enum PruningError: Error, Equatable, CustomStringConvertible {
    /// Two structure pruners act on one dependency group, which would give it two rankings.
    case unitPrunedTwice(unit: String, first: String, second: String)
    /// A structure pruner on a network whose later stages keep their resolution (their
    /// residual streams merge, so the dependency groups are not the CIFAR ones).
    case unsupportedArchitecture(String)
    /// `--val-split` disagrees with the split the baseline was trained with.
    case validationSplitMismatch(path: String, baseline: Int, requested: Int)
    /// Fine-tuning epochs must be positive.
    case noEpochs

    public var description: String {
        switch self {
        case let .unitPrunedTwice(unit, first, second):
            return "pruners '\(first)' and '\(second)' both prune the \(unit); the channels of one dependency "
                + "group can only have one ranking: name all its weights in one pruner"
        case let .unsupportedArchitecture(reason):
            return "structure pruning needs a CIFAR ResNet whose later stages halve the resolution: \(reason)"
        case let .validationSplitMismatch(path, baseline, requested):
            return "\(path) was trained with --val-split \(baseline); pruning must hold out the same images, "
                + "but --val-split \(requested) was given (leave it out to reuse the baseline's split)"
        case .noEpochs:
            return "fine-tuning needs at least one epoch"
        }
    }
}
