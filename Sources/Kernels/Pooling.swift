
// N batch, C channels, H×W plane.

/// Global average pooling `[N, C, H, W] → [N, C]`: what a CIFAR ResNet does before `fc`.
/// - Complexity: O(N·C·H·W); allocates only the result.
public func globalAveragePoolForward(input: Tensor) -> Tensor {
    precondition(input.shape.count == 4, "global average pool input must be [N, C, H, W], got \(input.shape)")
    let (N, C, plane) = (input.shape[0], input.shape[1], input.shape[2] * input.shape[3])
    precondition(plane > 0, "global average pool needs a non-empty plane, got \(input.shape)")
    let scale = 1 / Float(plane)
    return Tensor(shape: [N, C], unsafeUninitialized: { out in
        input.data.withUnsafeBufferPointer { xb in
            let x = xb.baseAddress!, y = out.baseAddress!
            parallelRanges(N * C, grain: max(1, 32768 / plane)) { range in
                for i in range { y[i] = simdSum(x + i * plane, plane) * scale }
            }
        }
    })
}

/// Spreads each pooled gradient evenly back over its plane: dInput[n, c, h, w] = dOutput[n, c] / (H·W).
/// - Parameter inputShape: `[N, C, H, W]` of the forward input.
/// - Complexity: O(N·C·H·W); allocates only the result.
public func globalAveragePoolBackward(dOutput: Tensor, inputShape: [Int]) -> Tensor {
    precondition(inputShape.count == 4, "global average pool input must be [N, C, H, W], got \(inputShape)")
    let (N, C, plane) = (inputShape[0], inputShape[1], inputShape[2] * inputShape[3])
    precondition(dOutput.shape == [N, C], "global average pool dOutput must be [\(N), \(C)], got \(dOutput.shape)")
    let scale = 1 / Float(plane)
    return Tensor(shape: inputShape, unsafeUninitialized: { dx in
        dOutput.data.withUnsafeBufferPointer { dyb in
            let dy = dyb.baseAddress!, d = dx.baseAddress!
            parallelRanges(N * C, grain: max(1, 32768 / max(plane, 1))) { range in
                for i in range { (d + i * plane).update(repeating: dy[i] * scale, count: plane) }
            }
        }
    })
}
