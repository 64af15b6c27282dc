import Foundation

/// Zhu & Gupta's gradual pruning schedule ("To prune, or not to prune", 2017), exactly as
/// Distiller computes it so that Distiller schedules reproduce Distiller's sparsities:
///
///     span = ((ending_epoch - starting_epoch - 1) / frequency) * frequency     (integer division)
///     s(t) = s_f + (s_i - s_f) * (1 - (t - starting_epoch) / span)^3
///
/// evaluated at the policy's epochs `starting_epoch, +frequency, … < ending_epoch`, so the
/// first step prunes to `s_i` and the last reaches `s_f`. Pruning is fast at first, while the
/// network has many redundant weights, and slows as it approaches the final sparsity.
public struct AGPRamp: Hashable, Sendable {
    public var initial: Double
    public var final: Double

    public init(initial: Double, final: Double) {
        self.initial = initial
        self.final = final
    }

    /// Distiller's span: the distance from the first to the last pruning epoch.
    public static func span(_ window: EpochWindow) -> Int {
        ((window.end - window.start - 1) / window.frequency) * window.frequency
    }

    /// The target sparsity at `epoch` (meaningful at the window's epochs; clamped outside it
    /// so a caller asking before the start or after the end gets the ramp's end values).
    public func sparsity(at epoch: Int, window: EpochWindow) -> Double {
        let span = AGPRamp.span(window)
        precondition(span > 0, "AGP window \(window) has no span; Schedule validation refuses it")
        let progress = min(max(Double(epoch - window.start) / Double(span), 0), 1)
        return final + (initial - final) * pow(1.0 - progress, 3)
    }
}
