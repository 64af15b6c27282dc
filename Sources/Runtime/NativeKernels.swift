import Kernels
import KernelsAVX512

// N batch, C in-channels, K out-channels, H×W input, R×S filter, P×Q output.
//
// The inference kernels of the native backend, on raw buffers the session owns. Convolution
// is im2col + `gemm` one image at a time: the GEMM writes image n's [K, P·Q] block straight
// into the NCHW output (no chunk copy, unlike training's multi-image chunks), then one
// epilogue pass adds the folded-BN bias, the residual and the ReLU while the block is still
// in cache. A 1×1 stride-1 convolution skips im2col: its column matrix is the input itself.

enum NativeKernels {
    /// - Complexity: O(N·K·P·Q·C·R·S); allocates nothing (GEMM packing aside).
    static func convolution(_ g: Conv2DGeometry, batch: Int, input: UnsafeMutablePointer<Float>, weight: [Float],
                            bias: [Float], pointwise: Bool, columns: UnsafeMutablePointer<Float>,
                            residual: UnsafePointer<Float>?, relu: Bool, output: UnsafeMutablePointer<Float>) {
        let (K, CRS, PQ) = (g.outChannels, g.patchSize, g.outHeight * g.outWidth)
        let inputImage = g.inChannels * g.height * g.width, outputImage = K * PQ
        let single = Conv2DGeometry(inputShape: [1, g.inChannels, g.height, g.width], weightShape: g.weightShape,
                                    stride: g.stride, padding: g.padding)
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                for n in 0..<batch {
                    let y = output + n * outputImage
                    let col: UnsafePointer<Float>
                    if pointwise {
                        col = UnsafePointer(input + n * inputImage)
                    } else {
                        im2col(single, input: input + n * inputImage, firstImage: 0, images: 1, col: columns)
                        col = UnsafePointer(columns)
                    }
                    gemm(transA: false, transB: false, m: K, n: PQ, k: CRS, a: w.baseAddress!, lda: CRS,
                         b: col, ldb: PQ, c: y, ldc: PQ)
                    for k in 0..<K {
                        let plane = y + k * PQ
                        epilogue(plane, plane, count: PQ, scale: 1, shift: b[k],
                                 residual: residual.map { $0 + n * outputImage + k * PQ }, relu: relu)
                    }
                }
            }
        }
    }

    /// The AVX-512 path: weights packed at load; stride-1 convolutions with 16-pixel multiple
    /// rows read the padded image directly (implicit GEMM), the others im2col straight into
    /// the micro-kernel's column panels; bias/residual/ReLU applied in the micro-kernel's store.
    /// - Complexity: O(N·K·P·Q·C·R·S); allocates nothing.
    static func packedConvolution(_ g: Conv2DGeometry, batch: Int, input: UnsafeMutablePointer<Float>,
                                  packedWeights: [Float], bias: [Float], columns: UnsafeMutablePointer<Float>,
                                  padded: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, relu: Bool, output: UnsafeMutablePointer<Float>) {
        let PQ = g.outHeight * g.outWidth
        let inputImage = g.inChannels * g.height * g.width, outputImage = g.outChannels * PQ
        let single = Conv2DGeometry(inputShape: [1, g.inChannels, g.height, g.width], weightShape: g.weightShape,
                                    stride: g.stride, padding: g.padding)
        packedWeights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                for n in 0..<batch {
                    if PackedConvolution.readsImageDirectly(single) {
                        let source = PackedConvolution.padImage(single, image: input + n * inputImage, into: padded)
                        PackedConvolution.multiplyImplicit(single, source: source, packedWeights: w.baseAddress!,
                                                           bias: b.baseAddress!,
                                                           residual: residual.map { $0 + n * outputImage },
                                                           relu: relu, output: output + n * outputImage)
                        continue
                    }
                    PackedConvolution.packColumns(single, image: input + n * inputImage, padded: padded,
                                                  into: columns)
                    PackedConvolution.multiply(outChannels: g.outChannels, columns: PQ, depth: g.patchSize,
                                               packedWeights: w.baseAddress!, packedColumns: columns,
                                               bias: b.baseAddress!, residual: residual.map { $0 + n * outputImage },
                                               relu: relu, output: output + n * outputImage, ldc: PQ)
                }
            }
        }
    }

    /// Standalone batch-norm (`y = x·scale[c] + shift[c]`), with the same epilogue as a convolution.
    static func channelAffine(_ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
                              channels: Int, plane: Int, scale: [Float], shift: [Float],
                              residual: UnsafePointer<Float>?, relu: Bool) {
        for task in 0..<(batch * channels) {
            let c = task % channels, offset = task * plane
            epilogue(x + offset, y + offset, count: plane, scale: scale[c], shift: shift[c],
                     residual: residual.map { $0 + offset }, relu: relu)
        }
    }

    /// `y = x·scale + shift (+ residual)`, then `max(·, 0)` when `relu`; `x` may be `y`.
    /// Four specialised loops, so each vectorises without a branch inside.
    @inline(__always)
    static func epilogue(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, scale: Float,
                         shift: Float, residual: UnsafePointer<Float>?, relu: Bool) {
        switch (residual, relu) {
        case let (r?, true):
            for i in 0..<count { y[i] = max(x[i] * scale + shift + r[i], 0) }
        case let (r?, false):
            for i in 0..<count { y[i] = x[i] * scale + shift + r[i] }
        case (nil, true):
            for i in 0..<count { y[i] = max(x[i] * scale + shift, 0) }
        case (nil, false):
            for i in 0..<count { y[i] = x[i] * scale + shift }
        }
    }

    static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                    count: Int, relu: Bool) {
        if relu {
            for i in 0..<count { y[i] = max(a[i] + b[i], 0) }
        } else {
            for i in 0..<count { y[i] = a[i] + b[i] }
        }
    }

    static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { y[i] = max(x[i], 0) }
    }

    /// Mean of each plane (the sum in plane order, then one multiply by 1/plane).
    static func globalAveragePool(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, planes: Int,
                                  plane: Int) {
        let scale = 1 / Float(plane)
        for i in 0..<planes {
            var sum: Float = 0
            let p = x + i * plane
            for j in 0..<plane { sum += p[j] }
            y[i] = sum * scale
        }
    }

    /// `y[N, out] = x[N, in] · Wᵀ + b` with W stored `[out, in]` (PyTorch's layout).
    static func fullyConnected(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, batch: Int,
                               weight: [Float], bias: [Float], inFeatures: Int, outFeatures: Int) {
        weight.withUnsafeBufferPointer { w in
            gemm(transA: false, transB: true, m: batch, n: outFeatures, k: inFeatures, a: x, lda: inFeatures,
                 b: w.baseAddress!, ldb: inFeatures, c: y, ldc: outFeatures)
        }
        for n in 0..<batch {
            for o in 0..<outFeatures { y[n * outFeatures + o] += bias[o] }
        }
    }
}
