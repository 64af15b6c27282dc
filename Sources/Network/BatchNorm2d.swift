import Kernels

/// Batch-norm over the channels of an NCHW tensor, with PyTorch's parameters
/// (`weight` = γ, `bias` = β) and buffers (`running_mean`, `running_var`, not trained).
public final class BatchNorm2d {
    /// Module name (`layer1.0.bn1`).
    public let name: String
    /// γ, `[C]`.
    public let weight: Parameter
    /// β, `[C]`.
    public let bias: Parameter
    /// Running estimates used in evaluation mode, `[C]` each; saved as `<name>.running_mean`
    /// and `<name>.running_var`.
    public var runningMean: Tensor
    public var runningVar: Tensor
    public let momentum: Float
    public let epsilon: Float

    private var cachedInput: Tensor?
    private var saved: BatchNormSaved?

    /// A layer around existing values (checkpoints, thinning).
    public init(name: String, weight: Tensor, bias: Tensor, runningMean: Tensor, runningVar: Tensor,
                momentum: Float = 0.1, epsilon: Float = 1e-5) {
        let c = weight.count
        precondition(weight.shape == [c] && bias.shape == [c] && runningMean.shape == [c] && runningVar.shape == [c],
                     "\(name): γ, β and running statistics must all be [\(c)]")
        self.name = name
        self.weight = Parameter(name: name + ".weight", value: weight)
        self.bias = Parameter(name: name + ".bias", value: bias)
        self.runningMean = runningMean
        self.runningVar = runningVar
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// PyTorch's initial state: γ = 1, β = 0, running mean 0, running variance 1.
    public convenience init(name: String, channels: Int) {
        self.init(name: name, weight: Tensor(shape: [channels], repeating: 1), bias: Tensor(shape: [channels]),
                  runningMean: Tensor(shape: [channels]), runningVar: Tensor(shape: [channels], repeating: 1))
    }

    public var channels: Int { weight.shape[0] }

    /// Training: batch statistics, running estimates updated, input kept for backward.
    /// Evaluation: the running estimates, nothing kept.
    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        guard training else {
            cachedInput = nil
            saved = nil
            return batchNormForwardInference(input: input, weight: weight.value, bias: bias.value,
                                             runningMean: runningMean, runningVar: runningVar, epsilon: epsilon)
        }
        let (output, statistics) = batchNormForwardTraining(
            input: input, weight: weight.value, bias: bias.value, runningMean: &runningMean,
            runningVar: &runningVar, momentum: momentum, epsilon: epsilon)
        cachedInput = input
        saved = statistics
        return output
    }

    /// Accumulates dγ and dβ and returns dInput; releases the cache.
    public func backward(_ dOutput: Tensor) -> Tensor {
        guard let input = cachedInput, let statistics = saved else {
            preconditionFailure("\(name): backward without a training forward")
        }
        cachedInput = nil
        saved = nil
        let grads = batchNormBackward(dOutput: dOutput, input: input, weight: weight.value, saved: statistics)
        addInPlace(&weight.grad, grads.dWeight)
        addInPlace(&bias.grad, grads.dBias)
        return grads.dInput
    }
}
