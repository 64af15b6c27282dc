#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Cholesky factor `A + jitter·I = L·Lᵀ` of a symmetric positive-definite matrix: the one
/// factorisation a Gaussian process needs for solves, the log-determinant and the inverse.
///
/// Kernel matrices of nearby or repeated points are positive definite in exact arithmetic but
/// not always in floating point, so a failed factorisation is retried with a growing jitter on
/// the diagonal (0, then 1e-10 up to 1e-3 times the mean diagonal, ×10 each time) before giving up.
/// Matrices are row-major `[Double]` of `n·n` elements.
public struct Cholesky: Sendable {
    /// Order of the matrix.
    public let n: Int
    /// Row-major lower-triangular factor; the strict upper triangle is zero.
    public let lower: [Double]
    /// The value added to the diagonal to make the factorisation succeed (0 when none was needed).
    public let jitter: Double

    /// Relative jitters tried after a plain attempt fails.
    static let jitterSteps: [Double] = [1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3]

    /// Factorises `matrix` (n×n, row-major, symmetric; only the lower triangle is read).
    /// - Complexity: O(n³/3).
    public init(_ matrix: [Double], n: Int) throws {
        precondition(matrix.count == n * n, "matrix has \(matrix.count) elements, expected \(n * n)")
        self.n = n
        var meanDiagonal = 0.0
        for i in 0..<n { meanDiagonal += matrix[i * n + i] }
        meanDiagonal = n > 0 ? max(abs(meanDiagonal) / Double(n), .leastNormalMagnitude) : 1
        var l = [Double](repeating: 0, count: n * n)
        if Self.factor(matrix, n: n, jitter: 0, into: &l) {
            lower = l
            jitter = 0
            return
        }
        for step in Self.jitterSteps {
            let j = step * meanDiagonal
            if Self.factor(matrix, n: n, jitter: j, into: &l) {
                lower = l
                jitter = j
                return
            }
        }
        throw OptimizerError.notPositiveDefinite(size: n, jitter: Self.jitterSteps.last! * meanDiagonal)
    }

    /// Row-oriented Cholesky–Banachiewicz; returns false on a non-positive pivot.
    private static func factor(_ a: [Double], n: Int, jitter: Double, into l: inout [Double]) -> Bool {
        a.withUnsafeBufferPointer { a in
            l.withUnsafeMutableBufferPointer { l in
                for i in 0..<n {
                    for j in 0...i {
                        var s = a[i * n + j]
                        if i == j { s += jitter }
                        var k = 0
                        while k < j {
                            s -= l[i * n + k] * l[j * n + k]
                            k += 1
                        }
                        if i == j {
                            guard s > 0, s.isFinite else { return false }
                            l[i * n + i] = s.squareRoot()
                        } else {
                            l[i * n + j] = s / l[j * n + j]
                        }
                    }
                    for j in (i + 1)..<max(n, i + 1) { l[i * n + j] = 0 }
                }
                return true
            }
        }
    }

    // MARK: - Solves

    /// `log det(A + jitter·I) = 2 Σ log Lᵢᵢ`.
    public var logDeterminant: Double {
        var s = 0.0
        for i in 0..<n { s += log(lower[i * n + i]) }
        return 2 * s
    }

    /// Solves `L·y = b` (forward substitution).
    public func solveLower(_ b: [Double]) -> [Double] {
        var y = b
        solveLower(&y, columns: 1)
        return y
    }

    /// Solves `Lᵀ·x = y` (back substitution).
    public func solveUpper(_ y: [Double]) -> [Double] {
        precondition(y.count == n)
        var x = y
        lower.withUnsafeBufferPointer { l in
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i]
                for k in (i + 1)..<max(n, i + 1) { s -= l[k * n + i] * x[k] }
                x[i] = s / l[i * n + i]
            }
        }
        return x
    }

    /// Solves `(A + jitter·I)·x = b`.
    public func solve(_ b: [Double]) -> [Double] { solveUpper(solveLower(b)) }

    /// Solves `L·Y = B` in place for an n×m row-major right-hand side; the inner loop runs
    /// along the m columns, so many predictions share one pass over `L`.
    /// - Complexity: O(n²·m).
    public func solveLower(_ b: inout [Double], columns m: Int) {
        precondition(b.count == n * m, "right-hand side has \(b.count) elements, expected \(n * m)")
        lower.withUnsafeBufferPointer { l in
            b.withUnsafeMutableBufferPointer { b in
                for i in 0..<n {
                    let row = i * m
                    for k in 0..<i {
                        let lik = l[i * n + k]
                        if lik == 0 { continue }
                        let other = k * m
                        for c in 0..<m { b[row + c] -= lik * b[other + c] }
                    }
                    let inv = 1 / l[i * n + i]
                    for c in 0..<m { b[row + c] *= inv }
                }
            }
        }
    }

    /// `(A + jitter·I)⁻¹`, needed for the gradient of the log marginal likelihood.
    /// - Complexity: O(n³).
    public func inverse() -> [Double] {
        // L⁻¹ by forward substitution on the identity, then A⁻¹ = L⁻ᵀ·L⁻¹.
        var linv = [Double](repeating: 0, count: n * n)
        for i in 0..<n { linv[i * n + i] = 1 }
        solveLower(&linv, columns: n)
        var inv = [Double](repeating: 0, count: n * n)
        linv.withUnsafeBufferPointer { li in
            inv.withUnsafeMutableBufferPointer { out in
                for i in 0..<n {
                    for j in 0...i {
                        // (L⁻ᵀL⁻¹)ᵢⱼ = Σₖ (L⁻¹)ₖᵢ (L⁻¹)ₖⱼ over k ≥ max(i, j) = i.
                        var s = 0.0
                        for k in i..<n { s += li[k * n + i] * li[k * n + j] }
                        out[i * n + j] = s
                        out[j * n + i] = s
                    }
                }
            }
        }
        return inv
    }
}
