import Kernels
import Support

/// A bias-free 2-D convolution layer (ResNet convolutions are always followed by
/// batch-norm, whose β makes a bias redundant, as in Distiller's `resnet_cifar`).
public final class Conv2d {
    /// Module name (`layer1.0.conv1`); the weight is `<name>.weight`.
    public let name: String
    /// `[K, C, R, S]`.
    public let weight: Parameter
    public let stride: Int
    public let padding: Int
    /// The input of the last training forward: backward-weights needs it.
    private var cachedInput: Tensor?

    /// A layer around an existing weight (checkpoints, thinning).
    public init(name: String, weight: Tensor, stride: Int, padding: Int) {
        precondition(weight.shape.count == 4, "\(name).weight must be [K, C, R, S], got \(weight.shape)")
        self.name = name
        self.weight = Parameter(name: name + ".weight", value: weight)
        self.stride = stride
        self.padding = padding
    }

    /// A freshly initialised layer: Kaiming normal with fan-out, std = √(2 / (R·S·K)), as
    /// Distiller's `resnet_cifar` and torchvision initialise ResNet convolutions.
    public convenience init(name: String, inChannels: Int, outChannels: Int, kernelSize: Int, stride: Int,
                            padding: Int, random: inout SeededRandom) {
        let std = (2 / Float(kernelSize * kernelSize * outChannels)).squareRoot()
        let shape = [outChannels, inChannels, kernelSize, kernelSize]
        let values = (0..<shape.reduce(1, *)).map { _ in random.normal() * std }
        self.init(name: name, weight: Tensor(shape: shape, data: values), stride: stride, padding: padding)
    }

    public var inChannels: Int { weight.shape[1] }
    public var outChannels: Int { weight.shape[0] }
    public var kernelSize: Int { weight.shape[2] }

    /// `[N, C, H, W] → [N, K, P, Q]`; in training mode the input is kept for backward.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        cachedInput = training ? input : nil
        return conv2dForward(input: input, weight: weight.value, stride: stride, padding: padding)
    }

    /// Accumulates dWeight into `weight.grad` and returns dInput; releases the cached input.
    public func backward(_ dOutput: Tensor) -> Tensor {
        backward(dOutput, needsInputGradient: true)!
    }

    /// Accumulates dWeight only: the stem's input is the image, whose gradient nobody needs.
    public func backwardWeightsOnly(_ dOutput: Tensor) {
        _ = backward(dOutput, needsInputGradient: false)
    }

    private func backward(_ dOutput: Tensor, needsInputGradient: Bool) -> Tensor? {
        guard let input = cachedInput else { preconditionFailure("\(name): backward without a training forward") }
        cachedInput = nil
        let grads = conv2dBackward(dOutput: dOutput, input: input, weight: weight.value, stride: stride,
                                   padding: padding, needsInputGradient: needsInputGradient)
        addInPlace(&weight.grad, grads.dWeight)
        return grads.dInput
    }
}
