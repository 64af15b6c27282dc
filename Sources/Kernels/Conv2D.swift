
// N batch, C in-channels, K out-channels, H×W input, R×S filter, P×Q output.
//
// All passes run chunk by chunk over whole images (`Conv2DGeometry.imagesPerChunk`):
//   forward          out[K, B·P·Q]      = weight[K, C·R·S] · col[C·R·S, B·P·Q]
//   backward-weights dWeight[K, C·R·S] += dOut[K, B·P·Q] · colᵀ   (chunks in image order)
//   backward-data    dCol[C·R·S, B·P·Q] = weightᵀ · dOut[K, B·P·Q], then col2im
// The GEMM's [K, B·P·Q] side is "CNHW" for the chunk, so it is copied to or from NCHW
// (K·B contiguous runs of P·Q floats: cheap next to the GEMM's C·R·S flops per value).
// A chunk of one image needs no copy: the GEMM reads and writes NCHW in place.
// `conv2dBackward` does both backward passes per chunk, sharing the gathered dOut and reusing
// the column buffer for dCol once dWeight has consumed the im2col matrix.

// MARK: - Forward

/// Convolution forward (cross-correlation, as PyTorch's `conv2d`), the layer every ResNet
/// stage spends its time in.
/// - Parameters:
///   - input: `[N, C, H, W]`.
///   - weight: `[K, C, R, S]`.
///   - bias: `[K]`, or nil (ResNet convolutions have none: batch-norm follows).
/// - Returns: `[N, K, P, Q]`.
/// - Complexity: O(N·K·P·Q·C·R·S); allocates one column buffer of at most about 8 MB.
public func conv2dForward(input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1,
                          padding: Int = 0) -> Tensor {
    let g = Conv2DGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride, padding: padding)
    if let bias {
        precondition(bias.shape == [g.outChannels], "conv2d bias must be [\(g.outChannels)], got \(bias.shape)")
    }
    let (N, K, CRS, PQ) = (g.batch, g.outChannels, g.patchSize, g.outHeight * g.outWidth)
    let chunk = g.imagesPerChunk
    var col = scratch(CRS * chunk * PQ)
    var result = chunk > 1 ? scratch(K * chunk * PQ) : []
    return Tensor(shape: g.outputShape, unsafeUninitialized: { out in
        guard N > 0, PQ > 0, K > 0 else { return }
        input.data.withUnsafeBufferPointer { inputBuffer in
        weight.data.withUnsafeBufferPointer { weightBuffer in
        col.withUnsafeMutableBufferPointer { colBuffer in
        result.withUnsafeMutableBufferPointer { resultBuffer in
            let x = inputBuffer.baseAddress!, w = weightBuffer.baseAddress!, y = out.baseAddress!
            let colp = colBuffer.baseAddress!
            var n0 = 0
            while n0 < N {
                let images = min(chunk, N - n0)
                let columns = images * PQ
                im2col(g, input: x, firstImage: n0, images: images, col: colp)
                if images == 1 {
                    gemm(transA: false, transB: false, m: K, n: columns, k: CRS, a: w, lda: CRS,
                         b: colp, ldb: columns, c: y + n0 * K * PQ, ldc: columns)
                } else {
                    let r = resultBuffer.baseAddress!
                    gemm(transA: false, transB: false, m: K, n: columns, k: CRS, a: w, lda: CRS,
                         b: colp, ldb: columns, c: r, ldc: columns)
                    copyChunk(from: r, toNCHW: y, firstImage: n0, images: images, channels: K, plane: PQ)
                }
                n0 += images
            }
            if let bias { addBias(bias, to: y, batch: N, channels: K, plane: PQ) }
        }
        }
        }
        }
    })
}

// MARK: - Backward

/// Both gradients of a convolution in one sweep over the batch: each chunk's dOutput is
/// gathered once, its im2col matrix feeds dWeight, and the same buffer then receives dCol for
/// dInput. This is what a layer calls; the two functions below are the single-gradient forms.
/// - Parameters:
///   - dOutput: `[N, K, P, Q]`.
///   - input: `[N, C, H, W]`, the forward input (its im2col is recomputed, not cached:
///     caching it would cost R·S times the activation memory).
///   - weight: `[K, C, R, S]`.
///   - needsInputGradient: false for a first layer, whose input is the data.
/// - Returns: dInput `[N, C, H, W]` (nil when not asked for) and dWeight `[K, C, R, S]`, summed
///   over the batch with chunks accumulated in image order, so the same on every run.
/// - Complexity: O(N·K·P·Q·C·R·S) per gradient; allocates one column buffer of at most about 8 MB.
public func conv2dBackward(dOutput: Tensor, input: Tensor, weight: Tensor, stride: Int = 1, padding: Int = 0,
                           needsInputGradient: Bool = true) -> (dInput: Tensor?, dWeight: Tensor) {
    let g = Conv2DGeometry(inputShape: input.shape, weightShape: weight.shape, stride: stride, padding: padding)
    var dWeight = gradientBuffer(g, count: g.weightShape.reduce(1, *))
    var dInput = needsInputGradient ? gradientBuffer(g, count: g.inputShape.reduce(1, *)) : []
    input.data.withUnsafeBufferPointer { x in
    weight.data.withUnsafeBufferPointer { w in
    dWeight.withUnsafeMutableBufferPointer { dw in
    dInput.withUnsafeMutableBufferPointer { dx in
        conv2dBackwardChunks(g, dOutput: dOutput, input: x.baseAddress, weight: needsInputGradient ? w.baseAddress : nil,
                             dWeight: dw.baseAddress, dInput: needsInputGradient ? dx.baseAddress : nil)
    }
    }
    }
    }
    return (needsInputGradient ? Tensor(shape: input.shape, data: dInput) : nil,
            Tensor(shape: weight.shape, data: dWeight))
}

/// Gradient of the loss with respect to the convolution's input.
/// - Parameters:
///   - dOutput: `[N, K, P, Q]`.
///   - weight: `[K, C, R, S]`.
///   - inputShape: `[N, C, H, W]` of the forward input.
/// - Returns: dInput, `[N, C, H, W]`.
/// - Complexity: O(N·K·P·Q·C·R·S); allocates one column buffer of at most about 8 MB.
public func conv2dBackwardData(dOutput: Tensor, weight: Tensor, inputShape: [Int], stride: Int = 1,
                               padding: Int = 0) -> Tensor {
    let g = Conv2DGeometry(inputShape: inputShape, weightShape: weight.shape, stride: stride, padding: padding)
    var dInput = gradientBuffer(g, count: inputShape.reduce(1, *))
    weight.data.withUnsafeBufferPointer { w in
    dInput.withUnsafeMutableBufferPointer { dx in
        conv2dBackwardChunks(g, dOutput: dOutput, input: nil, weight: w.baseAddress, dWeight: nil,
                             dInput: dx.baseAddress)
    }
    }
    return Tensor(shape: inputShape, data: dInput)
}

/// Gradient of the loss with respect to the convolution's weight, summed over the batch.
/// - Parameters:
///   - dOutput: `[N, K, P, Q]`.
///   - input: `[N, C, H, W]`, the forward input.
///   - weightShape: `[K, C, R, S]`.
/// - Returns: dWeight, `[K, C, R, S]`.
/// - Complexity: O(N·K·P·Q·C·R·S); allocates one column buffer of at most about 8 MB.
public func conv2dBackwardWeights(dOutput: Tensor, input: Tensor, weightShape: [Int], stride: Int = 1,
                                  padding: Int = 0) -> Tensor {
    let g = Conv2DGeometry(inputShape: input.shape, weightShape: weightShape, stride: stride, padding: padding)
    var dWeight = gradientBuffer(g, count: weightShape.reduce(1, *))
    input.data.withUnsafeBufferPointer { x in
    dWeight.withUnsafeMutableBufferPointer { dw in
        conv2dBackwardChunks(g, dOutput: dOutput, input: x.baseAddress, weight: nil, dWeight: dw.baseAddress,
                             dInput: nil)
    }
    }
    return Tensor(shape: weightShape, data: dWeight)
}

/// Storage for a gradient the chunk loop overwrites entirely (no zero fill), or zeros when
/// the loop has nothing to do (an empty batch or output).
private func gradientBuffer(_ g: Conv2DGeometry, count: Int) -> [Float] {
    let loopRuns = g.batch > 0 && g.outHeight * g.outWidth > 0 && g.outChannels > 0 && g.patchSize > 0
    return loopRuns ? scratch(count) : [Float](repeating: 0, count: count)
}

/// The shared chunk loop: dWeight (overwritten) when `input` and `dWeight` are given,
/// dInput (overwritten plane by plane by col2im) when `weight` and `dInput` are.
private func conv2dBackwardChunks(_ g: Conv2DGeometry, dOutput: Tensor, input: UnsafePointer<Float>?,
                                  weight: UnsafePointer<Float>?, dWeight: UnsafeMutablePointer<Float>?,
                                  dInput: UnsafeMutablePointer<Float>?) {
    precondition(dOutput.shape == g.outputShape,
                 "conv2d dOutput must be \(g.outputShape) for input \(g.inputShape), got \(dOutput.shape)")
    let (N, K, CRS, PQ) = (g.batch, g.outChannels, g.patchSize, g.outHeight * g.outWidth)
    guard N > 0, PQ > 0, K > 0, CRS > 0 else { return }
    let chunk = g.imagesPerChunk
    var col = scratch(CRS * chunk * PQ)
    var gathered = chunk > 1 ? scratch(K * chunk * PQ) : []
    dOutput.data.withUnsafeBufferPointer { dOutputBuffer in
    col.withUnsafeMutableBufferPointer { colBuffer in
    gathered.withUnsafeMutableBufferPointer { gatheredBuffer in
        let dy = dOutputBuffer.baseAddress!, colp = colBuffer.baseAddress!
        var n0 = 0
        while n0 < N {
            let images = min(chunk, N - n0)
            let columns = images * PQ
            let dyChunk: UnsafePointer<Float>
            if images == 1 {
                dyChunk = dy + n0 * K * PQ
            } else {
                let gp = gatheredBuffer.baseAddress!
                copyChunk(fromNCHW: dy, to: gp, firstImage: n0, images: images, channels: K, plane: PQ)
                dyChunk = UnsafePointer(gp)
            }
            if let input, let dWeight {
                im2col(g, input: input, firstImage: n0, images: images, col: colp)
                gemm(transA: false, transB: true, m: K, n: CRS, k: columns, a: dyChunk, lda: columns,
                     b: colp, ldb: columns, beta: n0 == 0 ? 0 : 1, c: dWeight, ldc: CRS)
            }
            if let weight, let dInput {
                gemm(transA: true, transB: false, m: CRS, n: columns, k: K, a: weight, lda: CRS,
                     b: dyChunk, ldb: columns, c: colp, ldc: columns)
                col2im(g, col: colp, firstImage: n0, images: images, dInput: dInput)
            }
            n0 += images
        }
    }
    }
    }
}

/// Gradient of the loss with respect to a per-output-channel bias: Σ over n, p, q of dOutput.
/// - Parameter dOutput: `[N, K, P, Q]`.
/// - Returns: dBias, `[K]`.
/// - Complexity: O(N·K·P·Q); allocates only the result.
public func conv2dBackwardBias(dOutput: Tensor) -> Tensor {
    precondition(dOutput.shape.count == 4, "conv2d dOutput must be [N, K, P, Q], got \(dOutput.shape)")
    let (N, K, PQ) = (dOutput.shape[0], dOutput.shape[1], dOutput.shape[2] * dOutput.shape[3])
    return Tensor(shape: [K], unsafeUninitialized: { dBias in
        dOutput.data.withUnsafeBufferPointer { dy in
            channelSums(dy.baseAddress!, batch: N, channels: K, plane: PQ, into: dBias.baseAddress!)
        }
    })
}

// MARK: - Layout helpers

/// Copies a chunk's GEMM result `[K, B·PQ]` into images `firstImage…` of an NCHW tensor.
func copyChunk(from chunk: UnsafePointer<Float>, toNCHW nchw: UnsafeMutablePointer<Float>, firstImage: Int,
               images: Int, channels: Int, plane: Int) {
    parallelRanges(images * channels, grain: max(1, 8192 / max(plane, 1))) { range in
        for task in range {
            let b = task / channels, k = task % channels
            (nchw + ((firstImage + b) * channels + k) * plane)
                .update(from: chunk + (k * images + b) * plane, count: plane)
        }
    }
}

/// Copies images `firstImage…` of an NCHW tensor into a chunk laid out `[K, B·PQ]`.
func copyChunk(fromNCHW nchw: UnsafePointer<Float>, to chunk: UnsafeMutablePointer<Float>, firstImage: Int,
               images: Int, channels: Int, plane: Int) {
    parallelRanges(images * channels, grain: max(1, 8192 / max(plane, 1))) { range in
        for task in range {
            let b = task / channels, k = task % channels
            (chunk + (k * images + b) * plane)
                .update(from: nchw + ((firstImage + b) * channels + k) * plane, count: plane)
        }
    }
}

/// y[n, k, :] += bias[k].
func addBias(_ bias: Tensor, to y: UnsafeMutablePointer<Float>, batch: Int, channels: Int, plane: Int) {
    bias.data.withUnsafeBufferPointer { b in
        parallelRanges(batch * channels, grain: max(1, 16384 / max(plane, 1))) { range in
            for task in range {
                let v = b[task % channels]
                let p = y + task * plane
                for i in 0..<plane { p[i] += v }
            }
        }
    }
}

/// sums[k] = Σ over n and the plane of x[n, k, :], each channel reduced in image order.
func channelSums(_ x: UnsafePointer<Float>, batch: Int, channels: Int, plane: Int,
                 into sums: UnsafeMutablePointer<Float>) {
    parallelRanges(channels, grain: max(1, 65536 / max(batch * plane, 1))) { range in
        for k in range {
            var s: Double = 0
            for n in 0..<batch { s += Double(simdSum(x + (n * channels + k) * plane, plane)) }
            sums[k] = Float(s)
        }
    }
}
