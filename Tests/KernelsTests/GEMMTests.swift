import Kernels
import ShearsTestSupport
import Testing

/// One GEMM problem with padded storage, run through `gemm` and `gemmNaive` side by side.
struct GEMMCase: CustomStringConvertible {
    var transA = false, transB = false
    var m: Int, n: Int, k: Int
    var alpha: Float = 1, beta: Float = 0
    /// Extra floats at the end of every stored row (lda/ldb/ldc beyond the row width).
    var pad = 0
    var seed: UInt64 = 1

    var description: String {
        "\(transA ? "Aᵀ" : "A")·\(transB ? "Bᵀ" : "B") m=\(m) n=\(n) k=\(k) alpha=\(alpha) beta=\(beta) pad=\(pad)"
    }

    var lda: Int { (transA ? m : k) + pad }
    var ldb: Int { (transB ? k : n) + pad }
    var ldc: Int { n + pad }

    /// Random A and B, and C pre-filled with `initialC` (NaN to prove beta = 0 never reads it).
    func operands(initialC: Float? = nil) -> (a: [Float], b: [Float], c: [Float]) {
        var random = TestRandom(seed: seed)
        let a = random.floats((transA ? k : m) * lda)
        let b = random.floats((transB ? n : k) * ldb)
        let c = initialC.map { [Float](repeating: $0, count: m * ldc) } ?? random.floats(m * ldc)
        return (a, b, c)
    }

    func run(fast: Bool, a: [Float], b: [Float], c: [Float]) -> [Float] {
        var c = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    if fast {
                        gemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                             a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                             beta: beta, c: c.baseAddress!, ldc: ldc)
                    } else {
                        gemmNaive(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                                  a: a.baseAddress!, lda: lda, b: b.baseAddress!, ldb: ldb,
                                  beta: beta, c: c.baseAddress!, ldc: ldc)
                    }
                }
            }
        }
        return c
    }

    /// Tolerance for sums of k products of values in [-1, 1): float32 rounding grows with k.
    var tolerance: Float { 1e-5 * Float(max(k, 1)) * max(1, abs(alpha)) + 1e-6 }

    /// Runs both implementations and reports the llm.c-style closeness line.
    func compare(initialC: Float? = nil) -> (ok: Bool, message: String) {
        let (a, b, c) = operands(initialC: initialC)
        let naiveC = initialC?.isNaN == true ? [Float](repeating: 0, count: c.count) : c
        return closeness(run(fast: true, a: a, b: b, c: c), run(fast: false, a: a, b: b, c: naiveC),
                         tol: tolerance, label: description)
    }
}

struct GEMMTests {
    static let transposes = [(false, false), (true, false), (false, true), (true, true)]

    @Test func matchesNaiveOnAwkwardShapesForEveryTranspose() {
        withEvery("transpose", in: Self.transposes) { transA, transB in
            withEvery("m", in: [1, 7, 17, 129, 130]) { m in
                withEvery("n", in: [1, 7, 17, 129, 130]) { n in
                    withEvery("k", in: [1, 7, 17, 130]) { k in
                        let result = GEMMCase(transA: transA, transB: transB, m: m, n: n, k: k).compare()
                        #expect(result.ok, "\(result.message)")
                    }
                }
            }
        }
    }

    /// Shapes that cross every blocking boundary: several K blocks (kc ≤ 256), several row
    /// blocks (mc = 192), several column tasks, and edge tiles on both sides.
    @Test func matchesNaiveAcrossBlockBoundaries() {
        let shapes = [(m: 200, n: 410, k: 520), (m: 16, n: 1000, k: 27), (m: 33, n: 50, k: 257),
                      (m: 300, n: 9, k: 600)]
        withEvery("transpose", in: Self.transposes) { transA, transB in
            withEvery("shape", in: shapes) { shape in
                let result = GEMMCase(transA: transA, transB: transB, m: shape.m, n: shape.n,
                                      k: shape.k, beta: 0.5).compare()
                #expect(result.ok, "\(result.message)")
            }
        }
    }

    @Test func honoursLeadingDimensionsBeyondTheRowWidth() {
        withEvery("transpose", in: Self.transposes) { transA, transB in
            withEvery("m,n,k", in: [(7, 17, 9), (64, 130, 144), (5, 300, 1)]) { m, n, k in
                var problem = GEMMCase(transA: transA, transB: transB, m: m, n: n, k: k, pad: 5)
                let result = problem.compare()
                #expect(result.ok, "\(result.message)")

                // The padding columns of C are not part of the matrix and must stay untouched.
                problem.beta = 0
                let (a, b, _) = problem.operands()
                let sentinel: Float = -7
                let c = problem.run(fast: true, a: a, b: b,
                                    c: [Float](repeating: sentinel, count: m * problem.ldc))
                let padding = (0..<m).flatMap { i in (n..<problem.ldc).map { c[i * problem.ldc + $0] } }
                #expect(padding.allSatisfy { $0 == sentinel })
            }
        }
    }

    @Test func appliesAlphaAndBeta() {
        withEvery("alpha", in: [1, -0.5, 2] as [Float]) { alpha in
            withEvery("beta", in: [0, 1, 0.25, -1] as [Float]) { beta in
                withEvery("m,n,k", in: [(3, 5, 4), (64, 200, 300), (129, 17, 7)]) { m, n, k in
                    withEvery("transpose", in: Self.transposes) { transA, transB in
                        let result = GEMMCase(transA: transA, transB: transB, m: m, n: n, k: k,
                                              alpha: alpha, beta: beta).compare()
                        #expect(result.ok, "\(result.message)")
                    }
                }
            }
        }
    }

    /// With beta = 0, C is output only: NaN left in it by a previous layer must not leak.
    @Test func betaZeroIgnoresNaNInC() {
        withEvery("m,n,k", in: [(2, 3, 4), (16, 1000, 27), (130, 129, 17)]) { m, n, k in
            withEvery("transpose", in: Self.transposes) { transA, transB in
                let problem = GEMMCase(transA: transA, transB: transB, m: m, n: n, k: k, alpha: 1.5)
                let result = problem.compare(initialC: .nan)
                #expect(result.ok, "\(result.message)")
                let (a, b, c) = problem.operands(initialC: .nan)
                #expect(!problem.run(fast: true, a: a, b: b, c: c).contains { $0.isNaN })
            }
        }
    }

    /// alpha = 0 or k = 0 leave op(A)·op(B) out entirely (BLAS semantics): C = beta·C.
    @Test func alphaZeroOrEmptyKOnlyScalesC() {
        withEvery("alpha,k", in: [(Float(0), 9), (Float(1), 0)]) { alpha, k in
            withEvery("beta", in: [0, 1, 0.5] as [Float]) { beta in
                let problem = GEMMCase(m: 40, n: 50, k: k, alpha: alpha, beta: beta)
                var (a, b, c) = problem.operands()
                a = a.map { _ in .nan }
                b = b.map { _ in .nan }
                let expected = c.map { beta == 0 ? 0 : beta * $0 }
                #expect(problem.run(fast: true, a: a, b: b, c: c) == expected)
            }
        }
    }

    /// Threads split C by blocks, never K, so the bits do not depend on scheduling.
    @Test func repeatedRunsAreBitIdentical() {
        withEvery("transpose", in: Self.transposes) { transA, transB in
            let problem = GEMMCase(transA: transA, transB: transB, m: 64, n: 2000, k: 576, beta: 1)
            let (a, b, c) = problem.operands()
            let first = problem.run(fast: true, a: a, b: b, c: c)
            for _ in 0..<3 {
                #expect(problem.run(fast: true, a: a, b: b, c: c) == first)
            }
        }
    }

    /// Transposition lives in packing alone, so a transposed operand must give exactly the bits
    /// of the same GEMM on an explicitly transposed copy: packing moves data and never changes
    /// which products are summed in which order. Covers the vector transposes of full panels,
    /// their k % 8 tails, tail panels, padded leading dimensions and the weight-gradient shape.
    @Test func transposedOperandsGiveTheBitsOfAnExplicitTranspose() {
        let shapes = [(m: 7, n: 17, k: 9), (m: 16, n: 144, k: 1031), (m: 33, n: 50, k: 257), (m: 64, n: 130, k: 600),
                      (m: 5, n: 300, k: 8), (m: 130, n: 48, k: 23)]
        withEvery("transpose", in: Array(Self.transposes.dropFirst())) { transA, transB in
            withEvery("shape", in: shapes) { shape in
                withEvery("pad", in: [0, 3]) { pad in
                    let problem = GEMMCase(transA: transA, transB: transB, m: shape.m, n: shape.n, k: shape.k,
                                           beta: 0.5, pad: pad)
                    let (a, b, c) = problem.operands()
                    var plain = GEMMCase(m: shape.m, n: shape.n, k: shape.k, beta: 0.5, pad: pad)
                    plain.seed = problem.seed
                    // op(X) as a row-major matrix with leading dimension cols + pad.
                    func materialise(_ x: [Float], rows: Int, cols: Int, ld: Int, transposed: Bool) -> [Float] {
                        var out = [Float](repeating: 0, count: rows * (cols + pad))
                        for i in 0..<rows {
                            for j in 0..<cols { out[i * (cols + pad) + j] = transposed ? x[j * ld + i] : x[i * ld + j] }
                        }
                        return out
                    }
                    let opA = materialise(a, rows: shape.m, cols: shape.k, ld: problem.lda, transposed: transA)
                    let opB = materialise(b, rows: shape.k, cols: shape.n, ld: problem.ldb, transposed: transB)
                    let expected = plain.run(fast: true, a: opA, b: opB, c: c)
                    #expect(problem.run(fast: true, a: a, b: b, c: c) == expected, "\(problem)")
                }
            }
        }
    }
}
