
// Elementwise layers: ReLU and the residual addition. Memory-bound, so they run in
// parallel over fixed blocks of 64 Ki values (every value is independent: any split gives
// the same bits).

private let elementwiseGrain = 1 << 16

// MARK: - ReLU

/// max(x, 0), the nonlinearity after every batch-norm in a ResNet.
/// - Complexity: O(count); allocates only the result.
public func reluForward(input: Tensor) -> Tensor {
    var output = input
    reluForwardInPlace(&output)
    return output
}

/// max(x, 0) in place: the layer can overwrite batch-norm's output, whose values only the
/// ReLU's backward (through the sign of its own output) still needs.
/// - Complexity: O(count); allocates nothing.
public func reluForwardInPlace(_ tensor: inout Tensor) {
    tensor.data.withUnsafeMutableBufferPointer { buffer in
        let p = buffer.baseAddress
        parallelRanges(buffer.count, grain: elementwiseGrain) { range in
            for i in range { p![i] = max(p![i], 0) }
        }
    }
}

/// dInput = dOutput where output > 0, else 0. Takes the forward *output*, which equals the
/// input where it matters, so the layer caches one tensor, not two.
/// - Complexity: O(count); allocates only the result.
public func reluBackward(dOutput: Tensor, output: Tensor) -> Tensor {
    var dInput = dOutput
    reluBackwardInPlace(&dInput, output: output)
    return dInput
}

/// `reluBackward` overwriting the incoming gradient.
/// - Complexity: O(count); allocates nothing.
public func reluBackwardInPlace(_ dOutput: inout Tensor, output: Tensor) {
    precondition(dOutput.shape == output.shape, "relu dOutput \(dOutput.shape) does not match output \(output.shape)")
    output.data.withUnsafeBufferPointer { yb in
    dOutput.data.withUnsafeMutableBufferPointer { db in
        let y = yb.baseAddress, d = db.baseAddress
        parallelRanges(db.count, grain: elementwiseGrain) { range in
            for i in range where y![i] <= 0 { d![i] = 0 }
        }
    }
    }
}

// MARK: - Elementwise add

/// a + b: the residual connection of a BasicBlock.
/// - Complexity: O(count); allocates only the result.
public func addForward(_ a: Tensor, _ b: Tensor) -> Tensor {
    var output = a
    addInPlace(&output, b)
    return output
}

/// a += b, for the residual add and for summing the two gradients that meet where a block's
/// input forks into the main path and the shortcut.
/// - Complexity: O(count); allocates nothing.
public func addInPlace(_ a: inout Tensor, _ b: Tensor) {
    precondition(a.shape == b.shape, "add: shapes \(a.shape) and \(b.shape) differ")
    b.data.withUnsafeBufferPointer { bb in
    a.data.withUnsafeMutableBufferPointer { ab in
        let x = ab.baseAddress, y = bb.baseAddress
        parallelRanges(ab.count, grain: elementwiseGrain) { range in
            for i in range { x![i] += y![i] }
        }
    }
    }
}

/// The gradient of a + b reaches both operands unchanged.
/// - Complexity: O(1); the copies share storage until one is written.
public func addBackward(dOutput: Tensor) -> (dA: Tensor, dB: Tensor) {
    (dOutput, dOutput)
}
