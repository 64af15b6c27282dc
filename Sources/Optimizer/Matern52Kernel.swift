#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Matérn-5/2 covariance with one length scale per input dimension (ARD):
/// `k(x, x') = σ² (1 + √5 r + 5r²/3) exp(−√5 r)`, `r² = Σᵢ ((xᵢ − x'ᵢ)/ℓᵢ)²`.
///
/// Twice differentiable sample paths suit training outcomes better than the squared
/// exponential, whose infinitely smooth paths over-extrapolate (Snoek et al., 2012); per-dimension
/// length scales let the fit switch off parameters that do not matter.
public struct Matern52Kernel: Sendable, Equatable {
    public var signalVariance: Double
    public var lengthScales: [Double]

    public init(signalVariance: Double, lengthScales: [Double]) {
        self.signalVariance = signalVariance
        self.lengthScales = lengthScales
    }

    static let sqrt5 = 5.0.squareRoot()

    /// The covariance as a function of the scaled squared distance r².
    @inline(__always)
    static func value(squaredDistance r2: Double, signalVariance: Double) -> Double {
        let r = r2.squareRoot()
        return signalVariance * (1 + sqrt5 * r + 5.0 / 3.0 * r2) * exp(-sqrt5 * r)
    }

    /// `−2 · ∂k/∂(r²)`, the factor that turns ∂r²/∂log ℓᵢ = −2 sᵢ into ∂k/∂log ℓᵢ = factor · sᵢ.
    @inline(__always)
    static func lengthScaleFactor(squaredDistance r2: Double, signalVariance: Double) -> Double {
        let r = r2.squareRoot()
        return signalVariance * 5.0 / 3.0 * (1 + sqrt5 * r) * exp(-sqrt5 * r)
    }

    /// k(a, b) for two points of the same dimension.
    public func callAsFunction(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == lengthScales.count && b.count == lengthScales.count)
        var r2 = 0.0
        for i in a.indices {
            let t = (a[i] - b[i]) / lengthScales[i]
            r2 += t * t
        }
        return Self.value(squaredDistance: r2, signalVariance: signalVariance)
    }
}
