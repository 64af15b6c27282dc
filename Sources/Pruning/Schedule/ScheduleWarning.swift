import YAML


/// Something a schedule does that loads but is probably not what its author meant.
/// Printed as `file:line:column: warning: <message>`.
public struct ScheduleWarning: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// An instance no policy uses (Distiller ignores it too).
        case unused(kind: String, name: String)
        /// A structure pruner whose final sparsity rounds down to no structure at all (or, with
        /// `round_to`, to keeping every structure).
        case prunesNothing(pruner: String, weight: String, sparsity: Double, count: Int, roundTo: Int)
        /// Thinning runs before a structure pruner's last step: later pruning stays zeros.
        case thinningBeforePruningEnds(thinning: String, epoch: Int, pruner: String, lastEpoch: Int)
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public var message: String {
        switch kind {
        case .unused(let kind, let name):
            return "\(kind) '\(name)' is defined but no policy uses it"
        case .prunesNothing(let pruner, let weight, let sparsity, let count, let roundTo) where roundTo > 1:
            return "pruner '\(pruner)' removes nothing from '\(weight)': \(sparsity) of \(count) structures, "
                + "with the kept count rounded to a multiple of \(roundTo) (round_to), prunes none"
        case .prunesNothing(let pruner, let weight, let sparsity, let count, _):
            return "pruner '\(pruner)' removes nothing from '\(weight)': \(sparsity) of \(count) structures "
                + "rounds down to 0"
        case .thinningBeforePruningEnds(let thinning, let epoch, let pruner, let lastEpoch):
            return "'\(thinning)' thins at epoch \(epoch), before pruner '\(pruner)' finishes at epoch "
                + "\(lastEpoch); structures pruned later stay as zeros until the final thinning"
        }
    }

    public var description: String { "\(location): warning: \(message)" }
}
