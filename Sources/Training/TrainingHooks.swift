import Foundation

/// Points in the loop where pruning policies act, mirroring Distiller's scheduler callbacks
/// (`on_epoch_begin`, `on_minibatch_begin`, `before_parameter_optimization`,
/// `on_minibatch_end`, `on_epoch_end`), so a schedule's pruners, regularisers and LR overrides
/// run at the moments Distiller runs them. Every method has an empty default.
public protocol TrainingHooks: AnyObject {
    func epochBegan(_ epoch: Int)
    func batchBegan(epoch: Int, batch: Int, batches: Int)
    /// Gradients are complete and the step has not happened: regularisers add to gradients,
    /// pruners zero gradients of masked weights.
    func beforeOptimizerStep(epoch: Int, batch: Int, batches: Int)
    /// After the step: pruners re-apply masks to weights (and momentum buffers).
    func batchEnded(epoch: Int, batch: Int, batches: Int)
    func epochEnded(_ summary: EpochSummary)
}

extension TrainingHooks {
    public func epochBegan(_ epoch: Int) {}
    public func batchBegan(epoch: Int, batch: Int, batches: Int) {}
    public func beforeOptimizerStep(epoch: Int, batch: Int, batches: Int) {}
    public func batchEnded(epoch: Int, batch: Int, batches: Int) {}
    public func epochEnded(_ summary: EpochSummary) {}
}

/// One finished epoch, as printed on the epoch line and handed to hooks (which save checkpoints).
public struct EpochSummary: Sendable {
    /// Zero-based epoch index.
    public var epoch: Int
    public var epochs: Int
    /// The rate of the epoch's last batch.
    public var learningRate: Float
    public var train: ClassificationMetrics
    public var validation: ClassificationMetrics?
    /// Training time of this epoch in this process (a resumed epoch counts its part only).
    public var seconds: Double
    public var imagesPerSecond: Double
    /// Estimated seconds until the last epoch ends, from this process's training rate.
    public var etaSeconds: Double

    public init(epoch: Int, epochs: Int, learningRate: Float, train: ClassificationMetrics,
                validation: ClassificationMetrics?, seconds: Double, imagesPerSecond: Double, etaSeconds: Double) {
        (self.epoch, self.epochs, self.learningRate, self.train, self.validation) = (epoch, epochs, learningRate, train, validation)
        (self.seconds, self.imagesPerSecond, self.etaSeconds) = (seconds, imagesPerSecond, etaSeconds)
    }

    /// `epoch  3/60  lr 0.0950  loss 1.2345  acc  45.6%  val loss 1.1000 acc  50.1%  312 img/s  16.3 s  ETA 14:02`
    public var line: String {
        var s = "epoch \(pad(epoch + 1, to: "\(epochs)".count))/\(epochs)  lr \(fmt("%.4g", learningRate))"
            + "  loss \(fmt("%.4f", train.meanLoss))  acc \(fmt("%5.1f", train.top1 * 100))%"
        if let v = validation {
            s += "  val loss \(fmt("%.4f", v.meanLoss)) acc \(fmt("%5.1f", v.top1 * 100))%"
        }
        return s + "  \(fmt("%.0f", imagesPerSecond)) img/s  \(fmt("%.1f", seconds)) s  ETA \(ProgressReporter.clock(etaSeconds))"
    }
}

private func fmt(_ format: String, _ value: Float) -> String { String(format: format, Double(value)) }
private func fmt(_ format: String, _ value: Double) -> String { String(format: format, value) }
private func pad(_ n: Int, to width: Int) -> String {
    let s = "\(n)"
    return String(repeating: " ", count: max(0, width - s.count)) + s
}
