import Foundation

/// A learning-rate schedule as a value: the rate is a pure function of (base rate, epoch),
/// so a resumed run recomputes it instead of storing it, and a schedule prints and parses
/// (`warmup:2:0.1+cosine`) for the command line and checkpoint metadata.
///
/// `epoch` is a Double: whole numbers for per-epoch schedules (PyTorch's default, stepping
/// at epoch boundaries) and `epoch + batch / batches` for per-iteration evaluation.
/// Staircase schedules (`step`, `multiStep`) use the whole epoch either way.
public indirect enum LRSchedule: Equatable, Sendable, CustomStringConvertible {
    /// The base rate throughout.
    case constant
    /// `base · gamma^⌊epoch / size⌋` (PyTorch `StepLR`).
    case step(size: Int, gamma: Float)
    /// `base · gamma^(milestones passed)` (PyTorch `MultiStepLR`).
    case multiStep(milestones: [Int], gamma: Float)
    /// `base · gamma^epoch` (PyTorch `ExponentialLR`; continuous when evaluated per iteration).
    case exponential(gamma: Float)
    /// `minimum + (base − minimum)(1 + cos(π·epoch/period))/2`, held at `minimum` after the
    /// period (PyTorch `CosineAnnealingLR` without restarts). `period == nil` anneals until
    /// the end of training.
    case cosine(period: Int?, minimum: Float)
    /// Linear ramp from `base · startFactor` towards `base` over `epochs`, then `then`
    /// evaluated from its own epoch 0 (PyTorch `LinearLR` + `SequentialLR`).
    case warmup(epochs: Int, startFactor: Float, then: LRSchedule)

    /// The rate at `epoch` of a run of `totalEpochs` epochs (needed by an open-ended cosine).
    public func learningRate(base: Float, epoch: Double, totalEpochs: Int) -> Float {
        switch self {
        case .constant:
            return base
        case let .step(size, gamma):
            return base * pow(gamma, Float(Int(epoch.rounded(.down)) / size))
        case let .multiStep(milestones, gamma):
            let passed = milestones.filter { Double($0) <= epoch.rounded(.down) }.count
            return base * pow(gamma, Float(passed))
        case let .exponential(gamma):
            return base * Float(pow(Double(gamma), epoch))
        case let .cosine(period, minimum):
            let t = Double(period ?? totalEpochs)
            guard t > 0, epoch < t else { return minimum }
            return minimum + (base - minimum) * Float((1 + cos(Double.pi * epoch / t)) / 2)
        case let .warmup(epochs, startFactor, then):
            if epoch < Double(epochs) {
                let f = Double(startFactor) + (1 - Double(startFactor)) * epoch / Double(epochs)
                return base * Float(f)
            }
            return then.learningRate(base: base, epoch: epoch - Double(epochs), totalEpochs: totalEpochs - epochs)
        }
    }

    // MARK: - Text form

    public var description: String {
        switch self {
        case .constant: return "constant"
        case let .step(size, gamma): return "step:\(size):\(gamma)"
        case let .multiStep(milestones, gamma): return "multistep:\(milestones.map(String.init).joined(separator: ",")):\(gamma)"
        case let .exponential(gamma): return "exp:\(gamma)"
        case let .cosine(period, minimum):
            return "cosine" + (period.map { ":\($0)" } ?? (minimum == 0 ? "" : ":")) + (minimum == 0 ? "" : ":\(minimum)")
        case let .warmup(epochs, startFactor, then): return "warmup:\(epochs):\(startFactor)+\(then)"
        }
    }

    /// The forms `description` prints:
    /// `constant`, `step:SIZE:GAMMA`, `multistep:M1,M2,..:GAMMA`, `exp:GAMMA`,
    /// `cosine[:PERIOD][:MIN]`, `warmup:EPOCHS[:START]+<schedule>`.
    public init(parsing text: String) throws(TrainingError) {
        let bad = TrainingError.badSchedule(text: text)
        if let plus = text.firstIndex(of: "+") {
            let head = text[..<plus].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard head.first == "warmup", (2...3).contains(head.count), let epochs = Int(head[1]), epochs > 0
            else { throw bad }
            let start = head.count == 3 ? Float(head[2]) : 0.1
            guard let start, start >= 0, start <= 1 else { throw bad }
            guard let rest = try? LRSchedule(parsing: String(text[text.index(after: plus)...])) else { throw bad }
            self = .warmup(epochs: epochs, startFactor: start, then: rest)
            return
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch (parts[0], parts.count) {
        case ("constant", 1):
            self = .constant
        case ("step", 3):
            guard let size = Int(parts[1]), size > 0, let gamma = Float(parts[2]), gamma > 0 else { throw bad }
            self = .step(size: size, gamma: gamma)
        case ("multistep", 3):
            let milestones = parts[1].split(separator: ",").compactMap { Int($0) }
            guard !milestones.isEmpty, milestones.count == parts[1].split(separator: ",").count,
                  milestones == milestones.sorted(), let gamma = Float(parts[2]), gamma > 0 else { throw bad }
            self = .multiStep(milestones: milestones, gamma: gamma)
        case ("exp", 2):
            guard let gamma = Float(parts[1]), gamma > 0 else { throw bad }
            self = .exponential(gamma: gamma)
        case ("cosine", 1...3):
            let period = parts.count > 1 && !parts[1].isEmpty ? Int(parts[1]) : nil
            guard parts.count < 2 || parts[1].isEmpty || (period ?? 0) > 0 else { throw bad }
            let minimum = parts.count == 3 ? Float(parts[2]) : 0
            guard let minimum, minimum >= 0 else { throw bad }
            self = .cosine(period: period, minimum: minimum)
        default:
            throw bad
        }
    }
}
