import Training
import YAML

/// One entry of `lr_schedulers`: Distiller's class (`StepLR`, `MultiStepLR`, `ExponentialLR`,
/// `CosineAnnealingLR`) decoded into Training's one learning-rate model. Distiller steps a
/// scheduler once at the end of every epoch its policy is active; `CompressionScheduler`
/// evaluates `schedule.learningRate(base:step:)` with that step count.
public struct LRSchedulerSpec: Hashable, Sendable {
    public var name: String
    public var schedule: LRSchedule
    public var location: SourceLocation

    public init(name: String, schedule: LRSchedule, location: SourceLocation) {
        self.name = name
        self.schedule = schedule
        self.location = location
    }

    /// The Distiller/PyTorch class this entry was declared with.
    public var className: String {
        switch schedule {
        case .step: return "StepLR"
        case .multiStep: return "MultiStepLR"
        case .exponential: return "ExponentialLR"
        case .cosine: return "CosineAnnealingLR"
        case .constant, .warmup: return "\(schedule)"  // not decoded from a schedule file
        }
    }
}
