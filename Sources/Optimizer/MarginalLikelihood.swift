#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The log marginal likelihood of a zero-mean Gaussian process with a Matérn-5/2 ARD kernel and
/// Gaussian noise, and its gradient with respect to the log-hyperparameters:
///
///     log p(y | X, θ) = −½ yᵀK⁻¹y − ½ log det K − (n/2) log 2π,   K = K_θ(X, X) + σₙ² I
///     ∂/∂θⱼ            = ½ tr((ααᵀ − K⁻¹) ∂K/∂θⱼ),               α = K⁻¹y
///
/// with ∂K/∂log σ² = K − σₙ²I, ∂K/∂log σₙ² = σₙ²I and ∂k/∂log ℓᵢ = (5/3)σ²(1 + √5 r)e^{−√5 r} sᵢ,
/// sᵢ = ((xᵢ − x'ᵢ)/ℓᵢ)². The analytic gradient costs one O(n³) inverse plus O(n² d), against
/// d + 2 extra factorisations for finite differences.
public enum MarginalLikelihood {
    /// Value and gradient at `logHyperparameters` (`GPHyperparameters.logVector` layout).
    /// `inputs` has one row per point; `outputs` are the values modelled (standardised by the caller).
    public static func evaluate(inputs: [[Double]], outputs: [Double],
                                logHyperparameters theta: [Double]) throws -> (value: Double, gradient: [Double]) {
        let n = inputs.count
        precondition(outputs.count == n, "\(n) inputs but \(outputs.count) outputs")
        let d = inputs.first?.count ?? 0
        precondition(theta.count == d + 2, "expected \(d + 2) log-hyperparameters, found \(theta.count)")
        return try evaluate(flatInputs: inputs.flatMap { $0 }, n: n, d: d, outputs: outputs, theta: theta)
    }

    /// The same on row-major inputs, the form the fit loop keeps.
    static func evaluate(flatInputs x: [Double], n: Int, d: Int, outputs y: [Double],
                         theta: [Double]) throws -> (value: Double, gradient: [Double]) {
        let sigma2 = exp(theta[0])
        let noise = exp(theta[d + 1])
        let inverseLengths = (0..<d).map { exp(-theta[1 + $0]) }

        // Kernel matrix (without noise) and the length-scale factor per pair.
        var k = [Double](repeating: 0, count: n * n)
        var factor = [Double](repeating: 0, count: n * n)
        x.withUnsafeBufferPointer { x in
            k.withUnsafeMutableBufferPointer { k in
                factor.withUnsafeMutableBufferPointer { f in
                    for a in 0..<n {
                        k[a * n + a] = sigma2
                        for b in 0..<a {
                            var r2 = 0.0
                            for i in 0..<d {
                                let t = (x[a * d + i] - x[b * d + i]) * inverseLengths[i]
                                r2 += t * t
                            }
                            let value = Matern52Kernel.value(squaredDistance: r2, signalVariance: sigma2)
                            k[a * n + b] = value
                            k[b * n + a] = value
                            f[a * n + b] = Matern52Kernel.lengthScaleFactor(squaredDistance: r2, signalVariance: sigma2)
                        }
                    }
                }
            }
        }
        var noisy = k
        for a in 0..<n { noisy[a * n + a] += noise }
        let chol = try Cholesky(noisy, n: n)
        let alpha = chol.solve(y)
        var fit = 0.0
        for a in 0..<n { fit += y[a] * alpha[a] }
        let value = -0.5 * fit - 0.5 * chol.logDeterminant - 0.5 * Double(n) * log(2 * Double.pi)

        // W = ααᵀ − K⁻¹; every gradient component is ½ tr(W ∂K/∂θⱼ).
        var w = chol.inverse()
        for a in 0..<n {
            for b in 0..<n { w[a * n + b] = alpha[a] * alpha[b] - w[a * n + b] }
        }
        var gradient = [Double](repeating: 0, count: d + 2)
        var traceWK = 0.0, traceW = 0.0
        for a in 0..<n {
            traceW += w[a * n + a]
            for b in 0..<n { traceWK += w[a * n + b] * k[a * n + b] }
        }
        gradient[0] = 0.5 * traceWK
        gradient[d + 1] = 0.5 * noise * traceW
        x.withUnsafeBufferPointer { x in
            w.withUnsafeBufferPointer { w in
                factor.withUnsafeBufferPointer { f in
                    gradient.withUnsafeMutableBufferPointer { g in
                        // Symmetric pairs a > b count twice, which cancels the ½.
                        for a in 0..<n {
                            for b in 0..<a {
                                let c = w[a * n + b] * f[a * n + b]
                                for i in 0..<d {
                                    let t = (x[a * d + i] - x[b * d + i]) * inverseLengths[i]
                                    g[1 + i] += c * t * t
                                }
                            }
                        }
                    }
                }
            }
        }
        return (value, gradient)
    }
}
