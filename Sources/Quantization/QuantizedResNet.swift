import Kernels
import Network

/// A convolution with its batch-norm folded in (`w·s`, `β − μ·s`), or `fc`: the layer as the
/// exported graph runs it, with the weight grids when the weight is quantised.
public struct FoldedLayer: Sendable {
    public var name: String
    /// The folded float weight, before quantisation (what the QDQ export quantises).
    public var floatWeight: Tensor
    /// The weight the simulation multiplies by: `floatWeight` fake-quantised, or itself.
    public var weight: Tensor
    public var bias: Tensor
    /// One grid per output channel (all equal for a per-tensor weight); nil: float weight.
    public var weightGrids: [QuantizationGrid]?
    public var weightQuantization: WeightQuantization?
    public var stride: Int
    public var padding: Int
}

/// A CIFAR ResNet as an INT8 runtime executes it, simulated in float: batch-norm folded into
/// each convolution, weights quantised (per channel or per tensor) and every quantised
/// activation point passed through ONNX's QuantizeLinear + DequantizeLinear, in the same
/// places the QDQ export puts them (each convolution's and `fc`'s input, both inputs of each
/// residual add). Evaluation only: `evaluate(_:on:normalization:)` takes it like a `ResNet`.
///
/// Rejected: quantising inside `ResNet.forward` behind a flag. The float network's training
/// numerics must not change, and a folded, inference-only graph is what PTQ describes.
public final class QuantizedResNet: Model {
    /// The float network (unfolded), as stored in the checkpoint.
    public let network: ResNet
    public let settings: QuantizationSettings
    /// By `ActivationPoint.id`; points without a grid stay float.
    public let activationGrids: [String: QuantizationGrid]
    /// `conv1`, every block convolution and downsample, and `fc`, by name.
    public let layers: [String: FoldedLayer]

    /// Folds and quantises `network`'s weights as `settings` say; activations use `grids`.
    public init(network: ResNet, settings: QuantizationSettings, activationGrids: [String: QuantizationGrid]) {
        self.network = network
        self.settings = settings
        self.activationGrids = activationGrids
        var layers: [String: FoldedLayer] = [:]
        func add(_ name: String, weight: Tensor, bias: Tensor, stride: Int, padding: Int) {
            var layer = FoldedLayer(name: name, floatWeight: weight, weight: weight, bias: bias, weightGrids: nil,
                                    weightQuantization: settings.weights[name], stride: stride, padding: padding)
            if let q = layer.weightQuantization {
                let grids = q.grids(for: weight)
                fakeQuantizePerChannelInPlace(&layer.weight, grids: grids)
                layer.weightGrids = grids
            }
            layers[name] = layer
        }
        func fold(_ conv: Conv2d, _ bn: BatchNorm2d) {
            let f = foldBatchNorm(convWeight: conv.weight.value, convBias: nil, scale: bn.weight.value,
                                  bias: bn.bias.value, mean: bn.runningMean, variance: bn.runningVar,
                                  epsilon: bn.epsilon)
            add(conv.name, weight: f.weight, bias: f.bias, stride: conv.stride, padding: conv.padding)
        }
        fold(network.conv1, network.bn1)
        for block in network.stages.joined() {
            fold(block.conv1, block.bn1)
            fold(block.conv2, block.bn2)
            if let downsample = block.downsample { fold(downsample.conv, downsample.bn) }
        }
        add(network.fc.name, weight: network.fc.weight.value, bias: network.fc.bias.value, stride: 1, padding: 0)
        self.layers = layers
    }

    /// The float network folded, nothing quantised: what calibration observes.
    public convenience init(folding network: ResNet) {
        self.init(network: network, settings: QuantizationSettings(), activationGrids: [:])
    }

    // MARK: - Model

    public var parameters: [Parameter] { network.parameters }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(!training, "a post-training-quantised network is evaluated, not trained")
        return forward(input, observe: nil)
    }

    public func backward(_ dLogits: Tensor) {
        preconditionFailure("a post-training-quantised network has no backward pass")
    }

    /// The forward pass; `observe` sees every activation point's float value before it is
    /// quantised (calibration).
    public func forward(_ input: Tensor, observe: ((ActivationPoint, Tensor) -> Void)?) -> Tensor {
        func quantized(_ x: Tensor, _ layer: String, _ index: Int) -> Tensor {
            let point = ActivationPoint(layer: layer, input: index)
            observe?(point, x)
            guard let grid = activationGrids[point.id] else { return x }
            var y = x
            fakeQuantizeInPlace(&y, grid: grid)
            return y
        }
        func conv(_ name: String, _ x: Tensor) -> Tensor {
            let l = layers[name]!
            return conv2dForward(input: quantized(x, name, 0), weight: l.weight, bias: l.bias, stride: l.stride,
                                 padding: l.padding)
        }
        var x = conv(network.conv1.name, input)
        reluForwardInPlace(&x)
        for block in network.stages.joined() {
            var hidden = conv(block.conv1.name, x)
            reluForwardInPlace(&hidden)
            var main = quantized(conv(block.conv2.name, hidden), block.name + ".add", 0)
            let shortcut = block.downsample.map { conv($0.conv.name, x) } ?? x
            addInPlace(&main, quantized(shortcut, block.name + ".add", 1))
            reluForwardInPlace(&main)
            x = main
        }
        let fc = layers[network.fc.name]!
        return linearForward(input: quantized(globalAveragePoolForward(input: x), fc.name, 0), weight: fc.weight,
                             bias: fc.bias)
    }
}
