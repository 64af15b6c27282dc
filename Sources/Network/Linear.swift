import Kernels
import Support

/// A fully connected layer, `y = x·Wᵀ + b` with PyTorch's `[out, in]` weight: the
/// classifier head `fc`.
public final class Linear {
    /// Module name (`fc`).
    public let name: String
    /// `[out, in]`.
    public let weight: Parameter
    /// `[out]`.
    public let bias: Parameter
    private var cachedInput: Tensor?

    /// A layer around existing values (checkpoints, thinning).
    public init(name: String, weight: Tensor, bias: Tensor) {
        precondition(weight.shape.count == 2 && bias.shape == [weight.shape[0]],
                     "\(name): weight must be [out, in] and bias [out], got \(weight.shape) and \(bias.shape)")
        self.name = name
        self.weight = Parameter(name: name + ".weight", value: weight)
        self.bias = Parameter(name: name + ".bias", value: bias)
    }

    /// PyTorch's default initialisation: weight and bias uniform in ±1/√in.
    public convenience init(name: String, inFeatures: Int, outFeatures: Int, random: inout SeededRandom) {
        let bound = 1 / Float(inFeatures).squareRoot()
        let weights = (0..<(outFeatures * inFeatures)).map { _ in (random.uniform() * 2 - 1) * bound }
        let biases = (0..<outFeatures).map { _ in (random.uniform() * 2 - 1) * bound }
        self.init(name: name, weight: Tensor(shape: [outFeatures, inFeatures], data: weights),
                  bias: Tensor(shape: [outFeatures], data: biases))
    }

    public var inFeatures: Int { weight.shape[1] }
    public var outFeatures: Int { weight.shape[0] }

    /// `[N, in] → [N, out]`; in training mode the input is kept for backward.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        cachedInput = training ? input : nil
        return linearForward(input: input, weight: weight.value, bias: bias.value)
    }

    /// Accumulates dWeight and dBias and returns dInput; releases the cache.
    public func backward(_ dOutput: Tensor) -> Tensor {
        guard let input = cachedInput else { preconditionFailure("\(name): backward without a training forward") }
        cachedInput = nil
        let grads = linearBackward(dOutput: dOutput, input: input, weight: weight.value)
        addInPlace(&weight.grad, grads.dWeight)
        addInPlace(&bias.grad, grads.dBias)
        return grads.dInput
    }
}
