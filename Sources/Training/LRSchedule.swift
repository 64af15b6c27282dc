import Foundation

/// The project's one learning-rate model. A schedule is a value: the rate is a pure function
/// of (base rate, epoch), so a resumed run recomputes it instead of storing it, and a schedule
/// prints and parses (`warmup:2:0.1+cosine`) for the command line and checkpoint metadata.
/// Distiller's `lr_schedulers` (Pruning's `LRSchedulerSpec`, which keeps their class names)
/// decode into the same cases and are evaluated per scheduler step by
/// `learningRate(base:step:)`.
///
/// `epoch` is a Double: whole numbers for per-epoch schedules (PyTorch's default, stepping
/// at epoch boundaries) and `epoch + batch / batches` for per-iteration evaluation.
/// Staircase schedules (`step`, `multiStep`) use the whole epoch either way.
///
/// After its period a cosine schedule holds its minimum, in both evaluations (PyTorch's
/// closed form would climb back up; no shipped schedule runs past `T_max`, and a rate that
/// rises again at the end of a fine-tune is never what a schedule meant).
/// Parameters are Doubles so a YAML `gamma: 0.95` keeps its value; the training loop computes
/// in Float with the Float-rounded parameters, the arithmetic it did when they were Floats.
public indirect enum LRSchedule: Hashable, Sendable, CustomStringConvertible {
    /// The base rate throughout.
    case constant
    /// `base · gamma^⌊epoch / size⌋` (PyTorch `StepLR`).
    case step(size: Int, gamma: Double)
    /// `base · gamma^(milestones passed)` (PyTorch `MultiStepLR`).
    case multiStep(milestones: [Int], gamma: Double)
    /// `base · gamma^epoch` (PyTorch `ExponentialLR`; continuous when evaluated per iteration).
    case exponential(gamma: Double)
    /// `minimum + (base − minimum)(1 + cos(π·epoch/period))/2`, held at `minimum` after the
    /// period (PyTorch `CosineAnnealingLR` without restarts). `period == nil` anneals until
    /// the end of training.
    case cosine(period: Int?, minimum: Double)
    /// Linear ramp from `base · startFactor` towards `base` over `epochs`, then `then`
    /// evaluated from its own epoch 0 (PyTorch `LinearLR` + `SequentialLR`).
    case warmup(epochs: Int, startFactor: Double, then: LRSchedule)

    /// The rate at `epoch` of a run of `totalEpochs` epochs (needed by an open-ended cosine).
    public func learningRate(base: Float, epoch: Double, totalEpochs: Int) -> Float {
        switch self {
        case .constant:
            return base
        case let .step(size, gamma):
            return base * pow(Float(gamma), Float(Int(epoch.rounded(.down)) / size))
        case let .multiStep(milestones, gamma):
            let passed = milestones.filter { Double($0) <= epoch.rounded(.down) }.count
            return base * pow(Float(gamma), Float(passed))
        case let .exponential(gamma):
            return base * Float(pow(Double(Float(gamma)), epoch))
        case let .cosine(period, minimum):
            let t = Double(period ?? totalEpochs)
            let minimum = Float(minimum)
            guard t > 0, epoch < t else { return minimum }
            return minimum + (base - minimum) * Float((1 + cos(Double.pi * epoch / t)) / 2)
        case let .warmup(epochs, startFactor, then):
            if epoch < Double(epochs) {
                let start = Double(Float(startFactor))
                let f = start + (1 - start) * epoch / Double(epochs)
                return base * Float(f)
            }
            return then.learningRate(base: base, epoch: epoch - Double(epochs), totalEpochs: totalEpochs - epochs)
        }
    }

    /// The rate after `step` scheduler steps from `base`, in Double: Distiller steps a
    /// scheduler once at the end of every epoch its policy is active (`CompressionScheduler`
    /// counts the steps). PyTorch's closed forms, with the cosine held at its minimum after
    /// the period; a warm-up ramps over its steps, then `then` continues from step 0.
    public func learningRate(base: Double, step: Int) -> Double {
        switch self {
        case .constant:
            return base
        case let .step(size, gamma):
            return base * pow(gamma, Double(step / size))
        case let .multiStep(milestones, gamma):
            return base * pow(gamma, Double(milestones.filter { $0 <= step }.count))
        case let .exponential(gamma):
            return base * pow(gamma, Double(step))
        case let .cosine(period, minimum):
            guard let period, period > 0, step < period else { return minimum }
            return minimum + (base - minimum) * (1 + cos(Double.pi * Double(step) / Double(period))) / 2
        case let .warmup(epochs, startFactor, then):
            if step < epochs { return base * (startFactor + (1 - startFactor) * Double(step) / Double(epochs)) }
            return then.learningRate(base: base, step: step - epochs)
        }
    }

    // MARK: - Text form

    public var description: String {
        switch self {
        case .constant: return "constant"
        case let .step(size, gamma): return "step:\(size):\(gamma)"
        case let .multiStep(milestones, gamma):
            return "multistep:\(milestones.map(String.init).joined(separator: ",")):\(gamma)"
        case let .exponential(gamma): return "exp:\(gamma)"
        case let .cosine(period, minimum):
            return "cosine" + (period.map { ":\($0)" } ?? (minimum == 0 ? "" : ":")) + (minimum == 0 ? "" : ":\(minimum)")
        case let .warmup(epochs, startFactor, then): return "warmup:\(epochs):\(startFactor)+\(then)"
        }
    }

    /// The forms `description` prints:
    /// `constant`, `step:SIZE:GAMMA`, `multistep:M1,M2,..:GAMMA`, `exp:GAMMA`,
    /// `cosine[:PERIOD][:MIN]`, `warmup:EPOCHS[:START]+<schedule>`. Numbers print in their
    /// shortest form, so text and value round-trip (`0.1` prints as `0.1`, as it did when the
    /// parameters were Floats).
    public init(parsing text: String) throws(TrainingError) {
        let bad = TrainingError.badSchedule(text: text)
        if let plus = text.firstIndex(of: "+") {
            let head = text[..<plus].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard head.first == "warmup", (2...3).contains(head.count), let epochs = Int(head[1]), epochs > 0
            else { throw bad }
            let start = head.count == 3 ? Double(head[2]) : 0.1
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
            guard let size = Int(parts[1]), size > 0, let gamma = Double(parts[2]), gamma > 0 else { throw bad }
            self = .step(size: size, gamma: gamma)
        case ("multistep", 3):
            let milestones = parts[1].split(separator: ",").compactMap { Int($0) }
            guard !milestones.isEmpty, milestones.count == parts[1].split(separator: ",").count,
                  milestones == milestones.sorted(), let gamma = Double(parts[2]), gamma > 0 else { throw bad }
            self = .multiStep(milestones: milestones, gamma: gamma)
        case ("exp", 2):
            guard let gamma = Double(parts[1]), gamma > 0 else { throw bad }
            self = .exponential(gamma: gamma)
        case ("cosine", 1...3):
            let period = parts.count > 1 && !parts[1].isEmpty ? Int(parts[1]) : nil
            guard parts.count < 2 || parts[1].isEmpty || (period ?? 0) > 0 else { throw bad }
            let minimum = parts.count == 3 ? Double(parts[2]) : 0
            guard let minimum, minimum >= 0 else { throw bad }
            self = .cosine(period: period, minimum: minimum)
        default:
            throw bad
        }
    }
}
