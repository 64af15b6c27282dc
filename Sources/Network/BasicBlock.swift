import Kernels

/// The two-convolution residual block of CIFAR ResNets:
/// relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), where the shortcut is the identity
/// or, when the block changes stride or width, `downsample` = 1×1 conv + BN ("option B").
public final class BasicBlock {
    /// Module name (`layer2.0`).
    public let name: String
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    public let conv2: Conv2d
    public let bn2: BatchNorm2d
    /// `<name>.downsample.0` (conv) and `<name>.downsample.1` (BN), as Distiller's
    /// `nn.Sequential` names them.
    public let downsample: (conv: Conv2d, bn: BatchNorm2d)?
    private let relu1 = ReLU()
    private let relu2 = ReLU()

    public init(name: String, conv1: Conv2d, bn1: BatchNorm2d, conv2: Conv2d, bn2: BatchNorm2d,
                downsample: (conv: Conv2d, bn: BatchNorm2d)?) {
        precondition(conv1.outChannels == bn1.channels && bn1.channels == conv2.inChannels
                     && conv2.outChannels == bn2.channels, "\(name): conv1/bn1/conv2/bn2 channel counts disagree")
        if let downsample {
            precondition(downsample.conv.inChannels == conv1.inChannels && downsample.conv.outChannels == bn2.channels
                         && downsample.bn.channels == bn2.channels, "\(name): downsample channel counts disagree")
        } else {
            precondition(conv1.inChannels == bn2.channels && conv1.stride == 1,
                         "\(name): an identity shortcut needs equal widths and stride 1")
        }
        self.name = name
        self.conv1 = conv1
        self.bn1 = bn1
        self.conv2 = conv2
        self.bn2 = bn2
        self.downsample = downsample
    }

    /// Trainable tensors in PyTorch's registration order (conv1, bn1, conv2, bn2, downsample).
    public var parameters: [Parameter] {
        var list = [conv1.weight, bn1.weight, bn1.bias, conv2.weight, bn2.weight, bn2.bias]
        if let downsample { list += [downsample.conv.weight, downsample.bn.weight, downsample.bn.bias] }
        return list
    }

    /// Batch-norm layers in the same order.
    public var batchNorms: [BatchNorm2d] { [bn1, bn2] + (downsample.map { [$0.bn] } ?? []) }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var hidden = bn1.forward(conv1.forward(input, training: training), training: training)
        relu1.forward(&hidden, training: training)
        var output = bn2.forward(conv2.forward(hidden, training: training), training: training)
        if let downsample {
            addInPlace(&output, downsample.bn.forward(downsample.conv.forward(input, training: training),
                                                      training: training))
        } else {
            addInPlace(&output, input)
        }
        relu2.forward(&output, training: training)
        return output
    }

    /// Replaces the gradient w.r.t. the block's output by the gradient w.r.t. its input,
    /// accumulating every parameter gradient on the way.
    public func backward(_ gradient: inout Tensor) {
        relu2.backward(&gradient)
        var dHidden = conv2.backward(bn2.backward(gradient))
        relu1.backward(&dHidden)
        var dInput = conv1.backward(bn1.backward(dHidden))
        if let downsample {
            addInPlace(&dInput, downsample.conv.backward(downsample.bn.backward(gradient)))
        } else {
            addInPlace(&dInput, gradient)
        }
        gradient = dInput
    }
}
