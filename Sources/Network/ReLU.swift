import Kernels

/// max(x, 0) applied in place. Working on the caller's tensor (`inout`) lets it overwrite
/// batch-norm's output without a copy; the output is kept because its sign is all the
/// backward needs.
public final class ReLU {
    private var cachedOutput: Tensor?

    public init() {}

    public func forward(_ tensor: inout Tensor, training: Bool) {
        reluForwardInPlace(&tensor)
        cachedOutput = training ? tensor : nil
    }

    /// Zeroes the gradient where the output was not positive; releases the cache.
    public func backward(_ gradient: inout Tensor) {
        guard let output = cachedOutput else { preconditionFailure("ReLU: backward without a training forward") }
        cachedOutput = nil
        reluBackwardInPlace(&gradient, output: output)
    }
}
