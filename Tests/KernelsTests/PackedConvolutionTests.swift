import Kernels
import KernelsAVX512
import ShearsTestSupport
import Testing

/// The AVX-512 inference convolution against the Double oracle `naiveConv2d`, with bias,
/// residual and ReLU, on shapes that hit every path: implicit GEMM with 16-pixel halves and
/// 8-pixel quarters, im2col into panels (stride 2; rows that straddle panels), partial row
/// panels (K not a multiple of 8) and partial column panels (P·Q not a multiple of 32).
struct PackedConvolutionTests {
    static let cases: [ConvCase] = [
        ConvCase(id: "implicit, 16-pixel rows, K = 13, 2 panels", n: 1, c: 3, h: 4, w: 16, k: 13, r: 3, s: 3,
                 stride: 1, padding: 1),
        ConvCase(id: "implicit, 8-pixel rows, partial last panel (48 columns)", n: 1, c: 5, h: 6, w: 8, k: 9,
                 r: 3, s: 3, stride: 1, padding: 1),
        ConvCase(id: "implicit, 1x1 without padding, K = 3", n: 1, c: 7, h: 4, w: 8, k: 3, r: 1, s: 1,
                 stride: 1, padding: 0),
        ConvCase(id: "im2col panels, 7-pixel rows straddling panels", n: 1, c: 3, h: 5, w: 7, k: 8, r: 3, s: 3,
                 stride: 1, padding: 1),
        ConvCase(id: "im2col panels, stride 2 pad 1", n: 1, c: 4, h: 16, w: 16, k: 17, r: 3, s: 3, stride: 2,
                 padding: 1),
        ConvCase(id: "im2col panels, 1x1 stride 2 shortcut", n: 1, c: 6, h: 8, w: 8, k: 16, r: 1, s: 1, stride: 2,
                 padding: 0),
    ]

    @Test(.enabled(if: CPUFeatures.hasAVX512, "this CPU has no AVX-512"), arguments: cases, [false, true])
    func matchesTheOracleWithBiasResidualAndReLU(_ t: ConvCase, relu: Bool) throws {
        var random = TestRandom(seed: 31)
        let x = Tensor(shape: [1, t.c, t.h, t.w], data: random.floats(t.c * t.h * t.w))
        let w = Tensor(shape: [t.k, t.c, t.r, t.s], data: random.floats(t.k * t.c * t.r * t.s))
        let bias = Tensor(shape: [t.k], data: random.floats(t.k))
        let g = Conv2DGeometry(inputShape: x.shape, weightShape: w.shape, stride: t.stride, padding: t.padding)
        let count = t.k * g.outHeight * g.outWidth
        let residual = random.floats(count)
        let expected = zip(naiveConv2d(x, w, bias: bias, stride: t.stride, padding: t.padding).data, residual)
            .map { relu ? max($0 + $1, 0) : $0 + $1 }

        let packed = PackedConvolution.packWeights(w.data, outChannels: t.k, depth: g.patchSize)
        var columns = [Float](repeating: .nan, count: PackedConvolution.packedColumnCount(g))
        var padded = [Float](repeating: .nan, count: PackedConvolution.paddedImageCount(g))
        var output = [Float](repeating: .nan, count: count)
        x.data.withUnsafeBufferPointer { xp in
        packed.withUnsafeBufferPointer { ap in
        bias.data.withUnsafeBufferPointer { bp in
        residual.withUnsafeBufferPointer { rp in
        columns.withUnsafeMutableBufferPointer { cp in
        padded.withUnsafeMutableBufferPointer { pp in
        output.withUnsafeMutableBufferPointer { yp in
            if PackedConvolution.readsImageDirectly(g) {
                let source = PackedConvolution.padImage(g, image: xp.baseAddress!, into: pp.baseAddress!)
                PackedConvolution.multiplyImplicit(g, source: source, packedWeights: ap.baseAddress!,
                                                   bias: bp.baseAddress!, residual: rp.baseAddress!, relu: relu,
                                                   output: yp.baseAddress!)
            } else {
                PackedConvolution.packColumns(g, image: xp.baseAddress!, padded: pp.baseAddress!, into: cp.baseAddress!)
                PackedConvolution.multiply(outChannels: t.k, columns: g.outHeight * g.outWidth, depth: g.patchSize,
                                           packedWeights: ap.baseAddress!, packedColumns: cp.baseAddress!,
                                           bias: bp.baseAddress!, residual: rp.baseAddress!, relu: relu,
                                           output: yp.baseAddress!, ldc: g.outHeight * g.outWidth)
            }
        }
        }
        }
        }
        }
        }
        }
        let c = closeness(output, expected, tol: 1e-4, label: "\(t.id)\(relu ? " + relu" : "")")
        #expect(c.ok, "\(c.message)")
    }
}
