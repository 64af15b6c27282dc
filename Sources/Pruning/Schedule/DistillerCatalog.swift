
/// The classes a Distiller schedule can name, and what Shears does with each. One table
/// feeds both the refusal messages ("… has class 'SplicingPruner' (network surgery …)") and
/// the README's support table, so the two cannot drift apart (a test compares them).
public struct DistillerClass: Hashable, Sendable {
    public var name: String
    public var section: DistillerSection
    public var supported: Bool
    /// What Shears does with it, or why it is refused.
    public var note: String
}

public enum DistillerCatalog {
    public static let all: [DistillerClass] = [
        // Pruners
        supported("AutomatedGradualPruner", .pruner, "fine-grained magnitude pruning on the AGP cubic ramp"),
        supported("L1RankedStructureParameterPruner_AGP", .pruner,
                  "Filters, Channels or Rows ranked by mean L1 norm on the AGP ramp; group_dependency: Leader; "
                    + "round_to: N (Shears) keeps a multiple of N"),
        supported("L1RankedStructureParameterPruner", .pruner,
                  "Filters, Channels or Rows ranked by mean L1 norm to desired_sparsity; round_to: N (Shears) "
                    + "keeps a multiple of N"),
        supported("SparsityLevelParameterPruner", .pruner, "fine-grained magnitude pruning to fixed per-weight levels"),
        refused("L2RankedStructureParameterPruner", .pruner, "L2 ranking is not implemented; use the L1 pruner"),
        refused("L2RankedStructureParameterPruner_AGP", .pruner, "L2 ranking is not implemented; use the L1 pruner"),
        refused("ActivationAPoZRankedFilterPruner", .pruner, "ranks by activation statistics, which Shears does not collect"),
        refused("ActivationAPoZRankedFilterPruner_AGP", .pruner,
                "ranks by activation statistics, which Shears does not collect"),
        refused("ActivationMeanRankedFilterPruner", .pruner, "ranks by activation statistics, which Shears does not collect"),
        refused("ActivationMeanRankedFilterPruner_AGP", .pruner,
                "ranks by activation statistics, which Shears does not collect"),
        refused("GradientRankedFilterPruner", .pruner, "gradient ranking is not implemented"),
        refused("GradientRankedFilterPruner_AGP", .pruner, "gradient ranking is not implemented"),
        refused("RandomRankedFilterPruner", .pruner, "random ranking is not implemented"),
        refused("RandomRankedFilterPruner_AGP", .pruner, "random ranking is not implemented"),
        refused("RandomLevelStructureParameterPruner", .pruner,
                "random per-step sparsity with per-mini-batch masks is not implemented"),
        refused("BernoulliFilterPruner", .pruner, "random filter dropping is not implemented"),
        refused("BernoulliFilterPruner_AGP", .pruner, "random filter dropping is not implemented"),
        refused("MagnitudeParameterPruner", .pruner, "threshold pruning is not implemented; use SparsityLevelParameterPruner"),
        refused("SensitivityPruner", .pruner, "standard-deviation thresholds are not implemented"),
        refused("SplicingPruner", .pruner, "network surgery recomputes masks every mini-batch, which is not implemented"),
        refused("StructureParameterPruner", .pruner, "threshold structure pruning is not implemented"),
        refused("BaiduRNNPruner", .pruner, "for recurrent networks"),
        refused("FMReconstructionChannelPruner", .pruner, "feature-map reconstruction is not implemented"),
        // Regularizers
        refused("L1Regularizer", .regularizer, "regularizers are not implemented; use the optimiser's weight decay"),
        refused("GroupLassoRegularizer", .regularizer, "regularizers are not implemented; use a structure pruner"),
        refused("GroupVarianceRegularizer", .regularizer, "regularizers are not implemented"),
        // Quantizers
        supported("PostTrainLinearQuantizer", .quantizer,
                  "INT8 after pruning: calibrated ranges (clip_acts NONE, AVG, N_STD), BN folded, per-channel weights, "
                      + "overrides; exported as QDQ ONNX"),
        refused("QuantAwareTrainRangeLinearQuantizer", .quantizer,
                "quantisation-aware training is not implemented; use PostTrainLinearQuantizer"),
        refused("DorefaQuantizer", .quantizer, "low-bit training quantizer; OpenVINO CPU executes 8-bit layers only"),
        refused("WRPNQuantizer", .quantizer, "low-bit training quantizer; OpenVINO CPU executes 8-bit layers only"),
        refused("PACTQuantizer", .quantizer, "learned clipping is not implemented; use PostTrainLinearQuantizer"),
        // Learning-rate schedulers
        supported("StepLR", .lrScheduler, "step_size, gamma (default 0.1)"),
        supported("MultiStepLR", .lrScheduler, "milestones, gamma (default 0.1)"),
        supported("ExponentialLR", .lrScheduler, "gamma"),
        supported("CosineAnnealingLR", .lrScheduler, "T_max, eta_min (default 0)"),
        refused("LambdaLR", .lrScheduler, "takes Python code"),
        refused("ReduceLROnPlateau", .lrScheduler, "needs a validation metric per step, which policies do not carry"),
        refused("CyclicLR", .lrScheduler, "steps per mini-batch"),
        refused("OneCycleLR", .lrScheduler, "steps per mini-batch"),
        refused("PolynomialLR", .lrScheduler, "not implemented; use CosineAnnealingLR or MultiStepLR"),
        refused("MultiStepMultiGammaLR", .lrScheduler, "not implemented; use MultiStepLR"),
        // Extensions
        supported("FilterRemover", .extension, "net thinning: removes pruned filters (thinning_func_str: remove_filters)"),
        supported("ChannelRemover", .extension, "net thinning: removes pruned channels (thinning_func_str: remove_channels)"),
    ]

    /// The entry for `name` in `section`, if Distiller has such a class.
    public static func entry(_ name: String, in section: DistillerSection) -> DistillerClass? {
        all.first { $0.name == name && $0.section == section }
    }

    /// The supported class names of a section, in table order.
    public static func supportedNames(_ section: DistillerSection) -> [String] {
        all.filter { $0.section == section && $0.supported }.map(\.name)
    }

    /// The README table: section, class, supported or refused, note.
    public static var markdownTable: String {
        var lines = ["| section | Distiller class | Shears | notes |", "| --- | --- | --- | --- |"]
        for c in all {
            lines.append("| \(c.section.rawValue) | `\(c.name)` | \(c.supported ? "supported" : "refused") | \(c.note) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func supported(_ name: String, _ section: DistillerSection, _ note: String) -> DistillerClass {
        DistillerClass(name: name, section: section, supported: true, note: note)
    }

    private static func refused(_ name: String, _ section: DistillerSection, _ note: String) -> DistillerClass {
        DistillerClass(name: name, section: section, supported: false, note: note)
    }
}
