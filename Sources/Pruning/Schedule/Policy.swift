import YAML


/// One entry of `policies`: what runs (a pruner, an LR scheduler, or thinning) and at which
/// epochs, as Distiller's `CompressionScheduler.add_policy` schedules it.
public struct Policy: Hashable, Sendable {
    public enum Target: Hashable, Sendable {
        case pruner(String)
        case lrScheduler(String)
        case thinning(String)
        /// A post-training quantizer runs once after the last epoch whatever its window.
        case quantizer(String)

        public var instanceName: String {
            switch self {
            case .pruner(let n), .lrScheduler(let n), .thinning(let n), .quantizer(let n): return n
            }
        }

        /// The YAML key naming this kind of target.
        public var key: String {
            switch self {
            case .pruner: return "pruner"
            case .lrScheduler: return "lr_scheduler"
            case .thinning: return "extension"
            case .quantizer: return "quantizer"
            }
        }
    }

    public var target: Target
    public var timing: PolicyTiming
    public var location: SourceLocation

    public init(target: Target, timing: PolicyTiming, location: SourceLocation) {
        self.target = target
        self.timing = timing
        self.location = location
    }

    /// The epochs at which the policy acts, ascending.
    public var epochs: [Int] { timing.epochs }
}

/// `epochs: [...]`, or a `starting_epoch`/`ending_epoch`/`frequency` window.
public enum PolicyTiming: Hashable, Sendable {
    case window(EpochWindow)
    case list([Int])

    public var epochs: [Int] {
        switch self {
        case .window(let w): return w.epochs
        case .list(let list): return list
        }
    }
}

/// Distiller's `range(starting_epoch, ending_epoch, frequency)`: the end is exclusive.
public struct EpochWindow: Hashable, Sendable, CustomStringConvertible {
    public var start: Int
    public var end: Int
    public var frequency: Int

    public init(start: Int, end: Int, frequency: Int) {
        self.start = start
        self.end = end
        self.frequency = frequency
    }

    public var epochs: [Int] { Array(stride(from: start, to: end, by: frequency)) }

    public var description: String { "\(start)..<\(end) every \(frequency)" }
}
