import Kernels

/// Folds an inference-mode batch normalisation into the convolution before it, so the
/// exported graph (`--fold-bn`) runs one Conv instead of Conv + BatchNormalization.
///
/// BN computes `γ·(y − μ)/√(σ² + ε) + β` per output channel `k`; with `y = w∗x + b` this is
/// a convolution with `w'ₖ = wₖ·sₖ` and `b'ₖ = (bₖ − μₖ)·sₖ + βₖ`, where `sₖ = γₖ/√(σ²ₖ + ε)`
/// (so `b' = β − μ·s` for a bias-free conv). The scale is computed in Double so folding
/// adds no error beyond the final rounding to Float.
///
/// - Parameters:
///   - convWeight: the convolution weight, `[K, C/groups, R, S]`.
///   - convBias: the convolution bias `[K]`, or nil (ResNet convolutions have none).
///   - scale, bias, mean, variance: the BN's γ, β, μ, σ² (as `addBatchNormalization` names them), each `[K]`.
/// - Returns: the folded weight (same shape) and a bias `[K]`.
/// - Complexity: O(weight count); allocates the two result tensors.
public func foldBatchNorm(convWeight weight: Tensor, convBias: Tensor?, scale: Tensor, bias shift: Tensor,
                          mean: Tensor, variance: Tensor, epsilon: Float) -> (weight: Tensor, bias: Tensor) {
    let k = weight.shape[0]
    precondition(k > 0 && weight.count % k == 0, "weight \(weight.shape) has no output-channel axis")
    for (label, t) in [("scale", scale), ("bias", shift), ("mean", mean), ("variance", variance)] {
        precondition(t.shape == [k], "\(label) \(t.shape) must be [\(k)] for weight \(weight.shape)")
    }
    if let convBias {
        precondition(convBias.shape == [k], "conv bias \(convBias.shape) must be [\(k)] for weight \(weight.shape)")
    }

    let perFilter = weight.count / k
    var folded = weight
    var foldedBias = Tensor(shape: [k])
    for c in 0..<k {
        let s = Double(scale.data[c]) / (Double(variance.data[c]) + Double(epsilon)).squareRoot()
        for i in (c * perFilter)..<((c + 1) * perFilter) {
            folded.data[i] = Float(Double(weight.data[i]) * s)
        }
        let b = Double(convBias?.data[c] ?? 0)
        foldedBias.data[c] = Float((b - Double(mean.data[c])) * s + Double(shift.data[c]))
    }
    return (folded, foldedBias)
}
