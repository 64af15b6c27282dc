// N batch, K classes.

/// Mean softmax cross-entropy over the batch and its gradient with respect to the logits,
/// fused because the gradient is simply (softmax − one-hot)/N and the softmax is already
/// at hand. Max-subtracted, with the log-sum-exp in Double, so large logits cannot overflow.
/// - Parameters:
///   - logits: `[N, K]`.
///   - labels: N class indices in 0..<K.
/// - Returns: the mean loss and dLogits `[N, K]`.
/// - Complexity: O(N·K); allocates only the gradient.
public func softmaxCrossEntropy(logits: Tensor, labels: [Int]) -> (loss: Float, dLogits: Tensor) {
    precondition(logits.shape.count == 2, "softmax cross-entropy logits must be [N, K], got \(logits.shape)")
    let (N, K) = (logits.shape[0], logits.shape[1])
    precondition(labels.count == N, "softmax cross-entropy has \(N) logit rows but \(labels.count) labels")
    precondition(N > 0 && K > 0, "softmax cross-entropy needs a non-empty batch, got \(logits.shape)")
    var dLogits = Tensor(shape: [N, K])
    var total: Double = 0
    let invN = 1 / Double(N)
    for n in 0..<N {
        let label = labels[n]
        precondition(label >= 0 && label < K, "label \(label) of sample \(n) is outside 0..<\(K)")
        let row = n * K
        var peak = logits.data[row]
        for k in 1..<K { peak = max(peak, logits.data[row + k]) }
        var sum: Double = 0
        for k in 0..<K { sum += exp(Double(logits.data[row + k] - peak)) }
        let logSum = log(sum)
        total += logSum - Double(logits.data[row + label] - peak)
        for k in 0..<K {
            let p = exp(Double(logits.data[row + k] - peak) - logSum)
            dLogits.data[row + k] = Float((p - (k == label ? 1 : 0)) * invN)
        }
    }
    return (Float(total * invN), dLogits)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
