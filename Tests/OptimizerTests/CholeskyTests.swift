import Testing
import Optimizer

struct CholeskyTests {
    /// The textbook example with an integer factor: A = L·Lᵀ, L = [[2,0,0],[6,1,0],[−8,5,3]].
    let a: [Double] = [4, 12, -16, 12, 37, -43, -16, -43, 98]

    @Test func factorsTheTextbookMatrixExactly() throws {
        let c = try Cholesky(a, n: 3)
        #expect(c.lower == [2, 0, 0, 6, 1, 0, -8, 5, 3])
        #expect(c.jitter == 0)
        #expect(abs(c.logDeterminant - 2 * log(6.0)) < 1e-12)
    }

    @Test func solvesAgainstAKnownSolution() throws {
        let c = try Cholesky(a, n: 3)
        let x: [Double] = [1, -2, 0.5]
        let b = (0..<3).map { i in (0..<3).reduce(0.0) { $0 + a[i * 3 + $1] * x[$1] } }
        let solved = c.solve(b)
        for i in 0..<3 { #expect(abs(solved[i] - x[i]) < 1e-10, "x[\(i)] = \(solved[i]), expected \(x[i])") }
    }

    @Test func inverseTimesMatrixIsIdentity() throws {
        let inv = try Cholesky(a, n: 3).inverse()
        for i in 0..<3 {
            for j in 0..<3 {
                let p = (0..<3).reduce(0.0) { $0 + inv[i * 3 + $1] * a[$1 * 3 + j] }
                #expect(abs(p - (i == j ? 1 : 0)) < 1e-10, "(A⁻¹A)[\(i),\(j)] = \(p)")
            }
        }
    }

    @Test func multiColumnSolveMatchesSingleSolves() throws {
        let c = try Cholesky(a, n: 3)
        let columns: [[Double]] = [[1, 0, 0], [0.5, -1, 2], [3, 3, 3]]
        var b = [Double](repeating: 0, count: 9)
        for (j, col) in columns.enumerated() { for i in 0..<3 { b[i * 3 + j] = col[i] } }
        c.solveLower(&b, columns: 3)
        for (j, col) in columns.enumerated() {
            let single = c.solveLower(col)
            for i in 0..<3 { #expect(abs(b[i * 3 + j] - single[i]) < 1e-12) }
        }
    }

    @Test func singularMatrixSucceedsWithJitter() throws {
        // Two identical points give a rank-one kernel matrix.
        let c = try Cholesky([1, 1, 1, 1], n: 2)
        #expect(c.jitter > 0)
        #expect(c.jitter <= 1e-3)
        let l = c.lower
        let rebuilt = [l[0] * l[0], l[2] * l[0], l[2] * l[0], l[2] * l[2] + l[3] * l[3]]
        #expect(abs(rebuilt[0] - (1 + c.jitter)) < 1e-12)
        #expect(abs(rebuilt[3] - (1 + c.jitter)) < 1e-12)
        #expect(abs(rebuilt[1] - 1) < 1e-12)
    }

    @Test func indefiniteMatrixThrowsNamingTheLargestJitter() {
        #expect(throws: OptimizerError.notPositiveDefinite(size: 2, jitter: 1e-3)) {
            try Cholesky([1, 2, 2, 1], n: 2)
        }
        #expect(OptimizerError.notPositiveDefinite(size: 2, jitter: 1e-3).description
            == "Cholesky factorisation of a 2x2 kernel matrix failed even with jitter 0.001")
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
