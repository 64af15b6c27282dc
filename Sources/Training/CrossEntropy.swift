import Foundation
import Kernels

/// Mean softmax cross-entropy over the batch and its gradient `(softmax − one-hot) / N`.
/// Max-subtracted, log-sum-exp in Double, so large logits cannot overflow.
/// - Complexity: O(N·K); allocates the gradient only.
func crossEntropy(logits: Tensor, labels: [Int]) -> (loss: Float, dLogits: Tensor) {
    precondition(logits.shape.count == 2 && logits.shape[0] == labels.count,
                 "cross-entropy needs logits [N, K] for \(labels.count) labels, got \(logits.shape)")
    let (n, k) = (logits.shape[0], logits.shape[1])
    var dLogits = Tensor(shape: [n, k])
    var total: Double = 0
    for i in 0..<n {
        let label = labels[i], row = i * k
        precondition(label >= 0 && label < k, "label \(label) outside 0..<\(k)")
        var peak = logits.data[row]
        for j in 1..<k { peak = max(peak, logits.data[row + j]) }
        var sum: Double = 0
        for j in 0..<k { sum += exp(Double(logits.data[row + j] - peak)) }
        let logSum = log(sum)
        total += logSum - Double(logits.data[row + label] - peak)
        for j in 0..<k {
            let p = exp(Double(logits.data[row + j] - peak) - logSum)
            dLogits.data[row + j] = Float((p - (j == label ? 1 : 0)) / Double(n))
        }
    }
    return (Float(total / Double(n)), dLogits)
}
