
// N batch, I in-features, O out-features. Weight is [O, I] as in PyTorch's nn.Linear, so
// checkpoints and ONNX Gemm(transB=1) take it unchanged.

/// output = input·weightᵀ + bias: the classifier head.
/// - Parameters:
///   - input: `[N, I]`; weight: `[O, I]`; bias: `[O]` or nil.
/// - Returns: `[N, O]`.
/// - Complexity: O(N·O·I); allocates only the result.
public func linearForward(input: Tensor, weight: Tensor, bias: Tensor?) -> Tensor {
    let (N, I, O) = linearDimensions(input.shape, weight.shape)
    if let bias { precondition(bias.shape == [O], "linear bias must be [\(O)], got \(bias.shape)") }
    var output = Tensor(shape: [N, O])
    guard N > 0, O > 0 else { return output }
    input.data.withUnsafeBufferPointer { x in
    weight.data.withUnsafeBufferPointer { w in
    output.data.withUnsafeMutableBufferPointer { y in
        if I > 0 {
            gemm(transA: false, transB: true, m: N, n: O, k: I, a: x.baseAddress!, lda: I,
                 b: w.baseAddress!, ldb: I, c: y.baseAddress!, ldc: O)
        }
        if let bias {
            for n in 0..<N { for o in 0..<O { y[n * O + o] += bias.data[o] } }
        }
    }
    }
    }
    return output
}

/// Gradients of `linearForward`: dInput = dOutput·weight, dWeight = dOutputᵀ·input,
/// dBias = Σₙ dOutput (bias columns summed in batch order).
/// - Returns: dInput `[N, I]`, dWeight `[O, I]`, dBias `[O]`.
/// - Complexity: O(N·O·I); allocates only the results.
public func linearBackward(dOutput: Tensor, input: Tensor, weight: Tensor)
    -> (dInput: Tensor, dWeight: Tensor, dBias: Tensor) {
    let (N, I, O) = linearDimensions(input.shape, weight.shape)
    precondition(dOutput.shape == [N, O], "linear dOutput must be [\(N), \(O)], got \(dOutput.shape)")
    var dInput = Tensor(shape: [N, I]), dWeight = Tensor(shape: [O, I]), dBias = Tensor(shape: [O])
    guard N > 0, O > 0 else { return (dInput, dWeight, dBias) }
    dOutput.data.withUnsafeBufferPointer { dy in
    input.data.withUnsafeBufferPointer { x in
    weight.data.withUnsafeBufferPointer { w in
    dInput.data.withUnsafeMutableBufferPointer { dx in
    dWeight.data.withUnsafeMutableBufferPointer { dw in
        if I > 0 {
            gemm(transA: false, transB: false, m: N, n: I, k: O, a: dy.baseAddress!, lda: O,
                 b: w.baseAddress!, ldb: I, c: dx.baseAddress!, ldc: I)
            gemm(transA: true, transB: false, m: O, n: I, k: N, a: dy.baseAddress!, lda: O,
                 b: x.baseAddress!, ldb: I, c: dw.baseAddress!, ldc: I)
        }
        for n in 0..<N { for o in 0..<O { dBias.data[o] += dy[n * O + o] } }
    }
    }
    }
    }
    }
    return (dInput, dWeight, dBias)
}

private func linearDimensions(_ input: [Int], _ weight: [Int]) -> (Int, Int, Int) {
    precondition(input.count == 2, "linear input must be [N, I], got \(input)")
    precondition(weight.count == 2 && weight[1] == input[1],
                 "linear weight must be [O, \(input[1])] for input \(input), got \(weight)")
    return (input[0], input[1], weight[0])
}
