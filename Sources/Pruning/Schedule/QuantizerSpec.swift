import YAML
import Foundation
import Network
import Quantization

/// One entry of `quantizers`: Distiller's `PostTrainLinearQuantizer` with its defaults
/// (8-bit activations and parameters, 32-bit accumulators, SYMMETRIC, clip_acts NONE,
/// per-tensor weights) and its regex `overrides`. A bit width of null keeps those tensors
/// float. `shears prune` applies it after pruning and thinning, so "pruning then
/// quantisation" is one schedule.
public struct QuantizerSpec: Hashable, Sendable {
    public var name: String
    public var className: String
    /// nil: activations stay float.
    public var activationBits: Int?
    /// nil: weights stay float.
    public var weightBits: Int?
    public var activationMode: QuantizationMode
    public var weightMode: QuantizationMode
    public var perChannelWeights: Bool
    public var clip: ClipMode
    /// In file order; the first whose pattern matches a layer's whole name applies (Distiller's rule).
    public var overrides: [QuantizerOverride]
    /// `model_activation_stats`, relative to the schedule's directory unless absolute.
    public var statisticsFile: String?
    /// Every bit width written in the file, with its key and position (for the runtime check).
    public var bitWidths: [BitWidth]
    public var location: SourceLocation

    /// A bit width as written, for `Schedule.checkDeployable()`.
    public struct BitWidth: Hashable, Sendable {
        public var key: String
        public var bits: Int
        public var location: SourceLocation
    }

    /// The settings for `network`: defaults, then per layer the first matching override.
    public func settings(for network: ResNet, simulationOnly: Bool = false) -> QuantizationSettings {
        var settings = QuantizationSettings(simulationOnly: simulationOnly)
        for layer in network.quantizableLayers {
            let o = overrides.first { $0.matches(layer.name) }
            let aBits = o?.activationBits ?? activationBits
            let wBits = o?.weightBits ?? weightBits
            let clip = o?.clip ?? self.clip
            if layer.hasWeight, let wBits {
                settings.weights[layer.name] = WeightQuantization(
                    format: TensorQuantization(bits: wBits, mode: weightMode), perChannel: perChannelWeights)
            }
            if let aBits {
                for point in layer.points {
                    settings.activations[point.id] = ActivationQuantization(
                        format: TensorQuantization(bits: aBits, mode: activationMode), clip: clip)
                }
            }
        }
        return settings
    }
}

/// One `overrides` entry: a regular expression over layer names and what it changes.
/// `activationBits`/`weightBits` are nil when not given and `.some(nil)` for `null` (float).
public struct QuantizerOverride: Hashable, Sendable {
    public var pattern: String
    public var activationBits: Int??
    public var weightBits: Int??
    public var clip: ClipMode?
    public var location: SourceLocation

    /// Distiller's `re.compile('(^{0}$)'.format(pattern)).match(name)`: the whole name.
    public func matches(_ name: String) -> Bool {
        guard let regex = try? NSRegularExpression(pattern: "^(?:\(pattern))$") else { return false }
        return regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
    }
}
