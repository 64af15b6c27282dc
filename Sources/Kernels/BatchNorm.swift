
// N batch, C channels, H×W plane. Statistics are per channel over the M = N·H·W values,
// as PyTorch's BatchNorm2d computes them: the biased variance normalises, the unbiased one
// (×M/(M−1)) feeds the running estimate. Every pass is parallel over channels and each
// channel is reduced in a fixed order (planes in image order, Double across planes).

/// The batch statistics a training forward measured; its backward needs them.
public struct BatchNormSaved: Equatable, Sendable {
    /// Per-channel batch mean, `[C]`.
    public var mean: [Float]
    /// Per-channel 1/√(biased variance + ε), `[C]`.
    public var invStd: [Float]
}

// MARK: - Forward

/// Batch-norm in training mode: normalise with the batch's own statistics and move the
/// running estimates towards them (PyTorch semantics, `momentum` weighting the new value).
/// - Parameters:
///   - input: `[N, C, …]` (rank ≥ 2; trailing dimensions form the plane).
///   - weight: γ, `[C]`; bias: β, `[C]`.
///   - runningMean, runningVar: `[C]`, updated in place.
/// - Returns: output `[N, C, …]` and the statistics for `batchNormBackward`.
/// - Complexity: O(N·C·H·W), three passes over the input; allocates only the results.
public func batchNormForwardTraining(
    input: Tensor, weight: Tensor, bias: Tensor, runningMean: inout Tensor, runningVar: inout Tensor,
    momentum: Float = 0.1, epsilon: Float = 1e-5
) -> (output: Tensor, saved: BatchNormSaved) {
    let (N, C, plane) = batchNormDimensions(input.shape, weight: weight, bias: bias)
    precondition(runningMean.shape == [C] && runningVar.shape == [C],
                 "batch-norm running statistics must be [\(C)], got \(runningMean.shape) and \(runningVar.shape)")
    let m = N * plane
    precondition(m > 1, "batch-norm training needs more than one value per channel, got \(input.shape)")
    var mean = [Float](repeating: 0, count: C)
    var invStd = [Float](repeating: 0, count: C)
    var variance = [Float](repeating: 0, count: C)
    let output = Tensor(shape: input.shape, unsafeUninitialized: { out in
        input.data.withUnsafeBufferPointer { xb in
        weight.data.withUnsafeBufferPointer { gamma in
        bias.data.withUnsafeBufferPointer { beta in
        mean.withUnsafeMutableBufferPointer { meanOut in
        invStd.withUnsafeMutableBufferPointer { invStdOut in
        variance.withUnsafeMutableBufferPointer { varianceOut in
            let x = xb.baseAddress!, y = out.baseAddress!
            parallelRanges(C, grain: max(1, 32768 / m)) { channels in
                for c in channels {
                    var sum: Double = 0
                    for n in 0..<N { sum += Double(simdSum(x + (n * C + c) * plane, plane)) }
                    let mu = Float(sum / Double(m))
                    var squares: Double = 0
                    for n in 0..<N {
                        squares += Double(simdSumSquaredDeviation(x + (n * C + c) * plane, plane, shift: mu))
                    }
                    let biased = Float(squares / Double(m))
                    let inv = 1 / (biased + epsilon).squareRoot()
                    meanOut[c] = mu
                    invStdOut[c] = inv
                    varianceOut[c] = biased
                    let scale = gamma[c] * inv, shift = beta[c] - mu * scale
                    for n in 0..<N {
                        affine(x + (n * C + c) * plane, y + (n * C + c) * plane, plane, scale: scale, shift: shift)
                    }
                }
            }
        }
        }
        }
        }
        }
        }
    })
    let unbiasing = Float(m) / Float(m - 1)
    for c in 0..<C {
        runningMean.data[c] = (1 - momentum) * runningMean.data[c] + momentum * mean[c]
        runningVar.data[c] = (1 - momentum) * runningVar.data[c] + momentum * variance[c] * unbiasing
    }
    return (output, BatchNormSaved(mean: mean, invStd: invStd))
}

/// Batch-norm in evaluation mode: a fixed per-channel affine map from the running statistics.
/// - Parameters:
///   - input: `[N, C, …]`.
///   - weight: γ, `[C]`; bias: β, `[C]`; runningMean, runningVar: `[C]`.
/// - Returns: `[N, C, …]`.
/// - Complexity: O(N·C·H·W), one pass; allocates only the result.
public func batchNormForwardInference(
    input: Tensor, weight: Tensor, bias: Tensor, runningMean: Tensor, runningVar: Tensor, epsilon: Float = 1e-5
) -> Tensor {
    let (N, C, plane) = batchNormDimensions(input.shape, weight: weight, bias: bias)
    precondition(runningMean.shape == [C] && runningVar.shape == [C],
                 "batch-norm running statistics must be [\(C)], got \(runningMean.shape) and \(runningVar.shape)")
    var scale = [Float](repeating: 0, count: C), shift = [Float](repeating: 0, count: C)
    for c in 0..<C {
        scale[c] = weight.data[c] / (runningVar.data[c] + epsilon).squareRoot()
        shift[c] = bias.data[c] - runningMean.data[c] * scale[c]
    }
    return Tensor(shape: input.shape, unsafeUninitialized: { out in
        input.data.withUnsafeBufferPointer { xb in
            let x = xb.baseAddress!, y = out.baseAddress!
            parallelRanges(N * C, grain: max(1, 32768 / max(plane, 1))) { planes in
                for task in planes {
                    let c = task % C
                    affine(x + task * plane, y + task * plane, plane, scale: scale[c], shift: shift[c])
                }
            }
        }
    })
}

// MARK: - Backward

/// Gradients of training-mode batch-norm, with x̂ = (x − μ)·invStd and M = N·H·W:
/// dβ = Σ dy, dγ = Σ dy·x̂, dx = γ·invStd·(dy − dβ/M − x̂·dγ/M).
/// - Parameters:
///   - dOutput: `[N, C, …]`.
///   - input: the forward input; weight: γ, `[C]`; saved: what the forward measured.
/// - Returns: dInput `[N, C, …]`, dWeight (dγ) `[C]`, dBias (dβ) `[C]`.
/// - Complexity: O(N·C·H·W), two passes; allocates only the results.
public func batchNormBackward(
    dOutput: Tensor, input: Tensor, weight: Tensor, saved: BatchNormSaved
) -> (dInput: Tensor, dWeight: Tensor, dBias: Tensor) {
    let (N, C, plane) = batchNormDimensions(input.shape, weight: weight, bias: weight)
    precondition(dOutput.shape == input.shape,
                 "batch-norm dOutput must be \(input.shape), got \(dOutput.shape)")
    precondition(saved.mean.count == C && saved.invStd.count == C,
                 "batch-norm saved statistics have \(saved.mean.count) channels, expected \(C)")
    let m = N * plane
    var dWeight = Tensor(shape: [C]), dBias = Tensor(shape: [C])
    let dInput = Tensor(shape: input.shape, unsafeUninitialized: { dx in
        input.data.withUnsafeBufferPointer { xb in
        dOutput.data.withUnsafeBufferPointer { dyb in
        dWeight.data.withUnsafeMutableBufferPointer { dGamma in
        dBias.data.withUnsafeMutableBufferPointer { dBeta in
            let x = xb.baseAddress!, dy = dyb.baseAddress!, dxp = dx.baseAddress!
            parallelRanges(C, grain: max(1, 32768 / max(m, 1))) { channels in
                for c in channels {
                    let mu = saved.mean[c], inv = saved.invStd[c]
                    var sumDy: Double = 0, sumDyXc: Double = 0
                    for n in 0..<N {
                        let o = (n * C + c) * plane
                        sumDy += Double(simdSum(dy + o, plane))
                        sumDyXc += Double(simdDotShifted(dy + o, x + o, plane, shift: mu))
                    }
                    dBeta[c] = Float(sumDy)
                    dGamma[c] = Float(sumDyXc) * inv
                    // dx = a·dy + b·x + k, with a = γ·invStd, b = −a·invStd²·Σdy(x−μ)/M,
                    // k = −a·Σdy/M − b·μ.
                    let a = weight.data[c] * inv
                    let b = -a * inv * inv * Float(sumDyXc / Double(m))
                    let k = -a * Float(sumDy / Double(m)) - b * mu
                    for n in 0..<N {
                        let o = (n * C + c) * plane
                        for i in 0..<plane { dxp[o + i] = a * dy[o + i] + b * x[o + i] + k }
                    }
                }
            }
        }
        }
        }
        }
    })
    return (dInput, dWeight, dBias)
}

// MARK: - Helpers

/// (N, C, plane) of a batch-norm input, checking γ and β against C.
private func batchNormDimensions(_ shape: [Int], weight: Tensor, bias: Tensor) -> (Int, Int, Int) {
    precondition(shape.count >= 2, "batch-norm input must be [N, C, …], got \(shape)")
    let C = shape[1]
    precondition(weight.shape == [C] && bias.shape == [C],
                 "batch-norm weight and bias must be [\(C)], got \(weight.shape) and \(bias.shape)")
    return (shape[0], C, shape.dropFirst(2).reduce(1, *))
}

/// y[i] = x[i]·scale + shift.
@inline(__always)
private func affine(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ count: Int,
                    scale: Float, shift: Float) {
    for i in 0..<count { y[i] = x[i] * scale + shift }
}
