import Foundation
import YAML

/// One entry of `lr_schedulers`. Distiller steps a scheduler once at the end of every epoch
/// its policy is active; `step` counts those steps.
public struct LRSchedulerSpec: Hashable, Sendable {
    public var name: String
    public var schedule: LRSchedule
    public var location: SourceLocation

    public init(name: String, schedule: LRSchedule, location: SourceLocation) {
        self.name = name
        self.schedule = schedule
        self.location = location
    }
}

/// The PyTorch schedulers Shears implements, with PyTorch's closed forms.
public enum LRSchedule: Hashable, Sendable {
    case step(stepSize: Int, gamma: Double)
    case multiStep(milestones: [Int], gamma: Double)
    case exponential(gamma: Double)
    case cosineAnnealing(tMax: Int, etaMin: Double)

    public var className: String {
        switch self {
        case .step: return "StepLR"
        case .multiStep: return "MultiStepLR"
        case .exponential: return "ExponentialLR"
        case .cosineAnnealing: return "CosineAnnealingLR"
        }
    }

    static let classNames = ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR"]

    /// The learning rate after `step` scheduler steps from `base`.
    public func learningRate(base: Double, step: Int) -> Double {
        switch self {
        case .step(let size, let gamma):
            return base * pow(gamma, Double(step / size))
        case .multiStep(let milestones, let gamma):
            return base * pow(gamma, Double(milestones.filter { $0 <= step }.count))
        case .exponential(let gamma):
            return base * pow(gamma, Double(step))
        case .cosineAnnealing(let tMax, let etaMin):
            return etaMin + (base - etaMin) * (1 + cos(Double.pi * Double(step) / Double(tMax))) / 2
        }
    }
}
