import Network

/// A layer's input that can be quantised: `layer1.0.conv1` input 0, `layer1.0.add` inputs 0
/// (the main path) and 1 (the shortcut), `fc` input 0. Named as Distiller's stats file
/// names module inputs, so statistics and overrides use the same names.
public struct ActivationPoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var layer: String
    public var input: Int

    public init(layer: String, input: Int) {
        self.layer = layer
        self.input = input
    }

    /// `layer1.0.add.input1`: the key in checkpoints (`quant.<id>.scale`).
    public var id: String { "\(layer).input\(input)" }
    public var description: String { id }

    public static func < (a: ActivationPoint, b: ActivationPoint) -> Bool { a.id < b.id }
}

/// What can be quantised in a CIFAR ResNet, in forward order: every convolution (weight and
/// input), every residual add (both inputs, so the runtime keeps the block in int8), and
/// `fc` (weight and input). Batch-norms are folded into their convolutions first.
public struct QuantizableLayer: Hashable, Sendable {
    public enum Kind: String, Sendable { case convolution, add, linear }
    public var name: String
    public var kind: Kind

    public var hasWeight: Bool { kind != .add }
    public var points: [ActivationPoint] {
        (0..<(kind == .add ? 2 : 1)).map { ActivationPoint(layer: name, input: $0) }
    }
}

extension ResNet {
    /// The quantisable layers in forward order (Distiller's module names; adds are
    /// `<block>.add`, as the ONNX export names them).
    public var quantizableLayers: [QuantizableLayer] {
        var layers = [QuantizableLayer(name: conv1.name, kind: .convolution)]
        for block in stages.joined() {
            layers.append(QuantizableLayer(name: block.conv1.name, kind: .convolution))
            layers.append(QuantizableLayer(name: block.conv2.name, kind: .convolution))
            if let downsample = block.downsample {
                layers.append(QuantizableLayer(name: downsample.conv.name, kind: .convolution))
            }
            layers.append(QuantizableLayer(name: block.name + ".add", kind: .add))
        }
        layers.append(QuantizableLayer(name: fc.name, kind: .linear))
        return layers
    }
}

/// Which tensors of a network are quantised and how: resolved from a schedule's quantizer
/// (defaults plus overrides) for one network. Anything absent stays float.
public struct QuantizationSettings: Codable, Hashable, Sendable {
    /// By layer name (a convolution or `fc`).
    public var weights: [String: WeightQuantization]
    /// By `ActivationPoint.id`.
    public var activations: [String: ActivationQuantization]
    /// Bit widths the runtime cannot execute were allowed (`--simulate-only`): the model
    /// evaluates but is not exported.
    public var simulationOnly: Bool

    public init(weights: [String: WeightQuantization] = [:], activations: [String: ActivationQuantization] = [:],
                simulationOnly: Bool = false) {
        self.weights = weights
        self.activations = activations
        self.simulationOnly = simulationOnly
    }

    /// Whether every quantised tensor is 8-bit, so the model can be exported as QDQ ONNX.
    public var isDeployable: Bool {
        weights.values.allSatisfy { $0.format.bits == 8 } && activations.values.allSatisfy { $0.format.bits == 8 }
    }
}
