import Kernels

/// A named trainable tensor with its gradient. A reference type so the optimiser,
/// the pruner's masks and the checkpoint writer all see the one copy a layer owns.
/// Names follow Distiller's `resnet20_cifar` (`layer2.0.conv1.weight`).
public final class Parameter {
    public let name: String
    public var value: Tensor
    public var grad: Tensor

    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.grad = Tensor(shape: value.shape)
    }

    public var shape: [Int] { value.shape }

    public func zeroGrad() {
        grad.data.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}
