import Kernels
import ShearsTestSupport
import Testing

/// The AVX-512 micro-kernel (4×48) must give exactly the bits of the AVX2 one (4×24): a model
/// trained before it existed must be reproducible bit for bit. Compared as bit patterns, so a
/// NaN or a −0 that differs would fail too.
@Suite(.enabled(if: CPUFeatures.hasAVX512, "needs an AVX-512 CPU"))
struct GEMMAVX512Tests {
    /// `gemm` on the AVX-512 path and on the AVX2 path, as bit patterns of C.
    func bothPaths(_ problem: GEMMCase, initialC: Float? = nil) -> (avx512: [UInt32], avx2: [UInt32]) {
        let (a, b, c) = problem.operands(initialC: initialC)
        #expect(GEMMKernelSelection.usesAVX512)
        let wide = problem.run(fast: true, a: a, b: b, c: c)
        let narrow = GEMMKernelSelection.withoutAVX512 {
            #expect(!GEMMKernelSelection.usesAVX512)
            return problem.run(fast: true, a: a, b: b, c: c)
        }
        return (wide.map(\.bitPattern), narrow.map(\.bitPattern))
    }

    /// Alphas that are not powers of two, so `alpha·x` rounds and a store that did not fuse
    /// `fma(x, alpha, beta·old)` would show.
    /// How many elements of C differ in their bits (a count reads better than two dumps of C).
    func differingElements(_ x: [UInt32], _ y: [UInt32]) -> Int {
        x.count == y.count ? zip(x, y).count { $0 != $1 } : max(x.count, y.count)
    }

    static let scalings: [(alpha: Float, beta: Float)] = [(1, 0), (0.7, 0), (1, 1), (0.7, -1.5), (-1.3, 0.25)]

    @Test func awkwardShapesGiveTheBitsOfTheAVX2Path() {
        withEvery("transpose", in: GEMMTests.transposes) { transA, transB in
            withEvery("m", in: [1, 7, 17, 129]) { m in
                withEvery("n", in: [1, 7, 17, 129]) { n in
                    withEvery("k", in: [1, 7, 17, 129]) { k in
                        withEvery("alpha, beta", in: Self.scalings) { alpha, beta in
                            let problem = GEMMCase(transA: transA, transB: transB, m: m, n: n, k: k,
                                                   alpha: alpha, beta: beta, pad: 3)
                            let (wide, narrow) = bothPaths(problem)
                            #expect(differingElements(wide, narrow) == 0, "\(problem)")
                        }
                    }
                }
            }
        }
    }

    /// ResNet-20's convolutions at a chunk of images, in the three forms training runs: forward
    /// weight·col, backward-data weightᵀ·dOut, backward-weights dOut·colᵀ accumulated with
    /// beta = 1. Several K blocks (k > 256) and edge tiles on both sides included.
    @Test func resNetConvolutionShapesGiveTheBitsOfTheAVX2Path() {
        // (K out-channels, C·R·S, B·P·Q) for conv1, the three stages, the 1×1 downsamples.
        let convs = [(16, 27, 2048), (16, 144, 3072), (32, 288, 1024), (64, 576, 320), (32, 16, 512), (64, 32, 128)]
        withEvery("conv", in: convs) { outChannels, patch, pixels in
            let forms = [GEMMCase(m: outChannels, n: pixels, k: patch),
                         GEMMCase(transA: true, m: patch, n: pixels, k: outChannels),
                         GEMMCase(transB: true, m: outChannels, n: patch, k: pixels, beta: 1)]
            withEvery("form", in: forms) { problem in
                let (wide, narrow) = bothPaths(problem)
                #expect(differingElements(wide, narrow) == 0, "\(problem)")
            }
        }
    }

    @Test func betaZeroIgnoresNaNInCOnBothPaths() {
        withEvery("transpose", in: GEMMTests.transposes) { transA, transB in
            withEvery("shape", in: [(m: 17, n: 129, k: 300), (m: 64, n: 200, k: 576), (m: 5, n: 50, k: 40)]) { shape in
                let problem = GEMMCase(transA: transA, transB: transB, m: shape.m, n: shape.n, k: shape.k,
                                       alpha: 0.7)
                let (wide, narrow) = bothPaths(problem, initialC: .nan)
                #expect(differingElements(wide, narrow) == 0, "\(problem)")
                #expect(!wide.contains { Float(bitPattern: $0).isNaN }, "\(problem)")
            }
        }
    }

    /// The blocking depends on the shape only, so one thread and all threads give the same bits.
    @Test func oneThreadGivesTheBitsOfAllThreads() {
        withEvery("transpose", in: GEMMTests.transposes) { transA, transB in
            let problem = GEMMCase(transA: transA, transB: transB, m: 32, n: 2000, k: 600, beta: 1)
            let (a, b, c) = problem.operands()
            let all = problem.run(fast: true, a: a, b: b, c: c).map(\.bitPattern)
            let one = withKernelThreads(1) { problem.run(fast: true, a: a, b: b, c: c) }.map(\.bitPattern)
            #expect(differingElements(one, all) == 0, "\(problem)")
        }
    }
}
