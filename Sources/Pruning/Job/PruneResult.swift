import Foundation
import Network
import Training
import Quantization

/// What a pruning run produced: the thinned network with its costs and accuracy. This is what
/// a sweep records per trial.
public struct PruneResult {
    public var outcome: TrainingOutcome
    /// The thinned network (when interrupted: the masked, unthinned network at the stop).
    public var network: ResNet
    public var epochs: [EpochSummary]
    /// On the baseline's held-out images (nil without a split or when interrupted).
    public var validation: ClassificationMetrics?
    public var test: ClassificationMetrics?
    public var baseline: ResNetArchitecture
    /// Max |masked − thinned| logit over 32 test images (nil when interrupted): thinning must
    /// not change the function, so this is ~1e-6.
    public var thinningLogitDifference: Float?
    public var seconds: Double
    /// The simulated INT8 model when the schedule has a quantizer (its metrics are `validation`
    /// and `test`); nil for a float result.
    public var quantized: QuantizedResNet?

    /// MACs per 32×32 image of the network as it is (Distiller's count).
    public var macs: Int { network.architecture.macs() }
    /// Convolution and `fc` weights.
    public var weightCount: Int { network.architecture.weightCount }
    /// Every trainable value, BN and biases included.
    public var parameterCount: Int { network.architecture.parameterCount }
    public var summary: ModelSummary { ModelSummary(network: network) }

    /// `{"outcome":..,"epochs":..,"seconds":..,"macs":..,"baseline_macs":..,"weights":..,"nonzeros":..,
    /// "sparsity":..,"widths":[..],"val":{..}|null,"test":{..}|null,"thinning_max_logit_difference":..,"out":..}`.
    public func json(output: String?) -> String {
        func metrics(_ m: ClassificationMetrics?) -> String {
            m.map { $0.json(classNames: (0..<$0.classCount).map { "\($0)" }) } ?? "null"
        }
        let s = summary
        let widths = network.architecture.stages.map { stage in
            "{\"width\":\(stage.width),\"inner\":[" + stage.innerWidths.map(String.init).joined(separator: ",") + "]}"
        }.joined(separator: ",")
        let out = output.map {
            "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return "{\"outcome\":\"\(outcome == .completed ? "completed" : "interrupted")\",\"epochs\":\(epochs.count),"
            + "\"seconds\":\(seconds),\"macs\":\(macs),\"baseline_macs\":\(baseline.macs()),\"weights\":\(weightCount),"
            + "\"baseline_weights\":\(baseline.weightCount),\"nonzeros\":\(s.nonzeros),\"sparsity\":\(s.sparsity),"
            + "\"parameters_total\":\(parameterCount),\"widths\":[\(widths)],\"val\":\(metrics(validation)),"
            + "\"test\":\(metrics(test)),\"thinning_max_logit_difference\":"
            + (thinningLogitDifference.map { "\($0)" } ?? "null") + ",\"out\":\(out ?? "null")}"
    }

    /// The lines `shears prune` prints at the end.
    public var text: String {
        var lines: [String] = []
        let s = summary
        lines.append(String(format: "MACs %d -> %d (%.1f%%)  weights %d -> %d  nonzeros %d (sparsity %.1f%%)",
                            baseline.macs(), macs, 100 * Double(macs) / Double(baseline.macs()), baseline.weightCount,
                            weightCount, s.nonzeros, 100 * s.sparsity))
        if let v = validation {
            lines.append(String(format: "val  top-1 %.4f  top-5 %.4f  loss %.4f  (%d images)",
                                v.top1, v.top5, v.meanLoss, v.images))
        }
        if let t = test {
            lines.append(String(format: "test top-1 %.4f  top-5 %.4f  loss %.4f  (%d images)",
                                t.top1, t.top5, t.meanLoss, t.images))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
