#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Gaussian-process regression posterior over the unit cube: the surrogate the optimiser
/// queries for "how good, and how sure" at an untried parameter setting.
///
/// Outputs are standardised (zero mean, unit variance) before modelling, so the hyperparameter
/// bounds and defaults mean the same for latencies in milliseconds and accuracies in [0, 1];
/// predictions are returned in the original units. Predicted variances are of the latent
/// function (without the noise term), which is what expected improvement needs.
public struct GaussianProcess: Sendable {
    public let inputs: [[Double]]
    public let outputs: [Double]
    public let hyperparameters: GPHyperparameters
    /// Mean and standard deviation used to standardise the outputs.
    public let outputMean: Double
    public let outputScale: Double

    let dimension: Int
    let flatInputs: [Double]
    let cholesky: Cholesky
    /// K⁻¹ y on standardised outputs.
    let alpha: [Double]

    /// The posterior for fixed hyperparameters.
    public init(inputs: [[Double]], outputs: [Double], hyperparameters: GPHyperparameters) throws {
        precondition(!inputs.isEmpty, "a Gaussian process needs at least one observation")
        precondition(inputs.count == outputs.count, "\(inputs.count) inputs but \(outputs.count) outputs")
        let d = inputs[0].count
        precondition(hyperparameters.lengthScales.count == d, "length scales do not match the input dimension")
        self.inputs = inputs
        self.outputs = outputs
        self.hyperparameters = hyperparameters
        self.dimension = d
        self.flatInputs = inputs.flatMap { $0 }
        let (mean, scale) = Self.standardisation(outputs)
        (outputMean, outputScale) = (mean, scale)
        let y = outputs.map { ($0 - mean) / scale }
        let n = inputs.count
        var k = [Double](repeating: 0, count: n * n)
        let kernel = hyperparameters.kernel
        for a in 0..<n {
            for b in 0...a {
                let v = kernel(inputs[a], inputs[b])
                k[a * n + b] = v
                k[b * n + a] = v
            }
            k[a * n + a] += hyperparameters.noiseVariance
        }
        cholesky = try Cholesky(k, n: n)
        alpha = cholesky.solve(y)
    }

    /// Sample mean and standard deviation; a constant sample keeps scale 1 so nothing divides by 0.
    static func standardisation(_ y: [Double]) -> (mean: Double, scale: Double) {
        let mean = y.reduce(0, +) / Double(y.count)
        let variance = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(y.count)
        let scale = variance.squareRoot()
        return (mean, scale > 1e-12 * max(1, abs(mean)) ? scale : 1)
    }

    /// The standardised outputs the likelihood is computed on.
    public var standardisedOutputs: [Double] { outputs.map { ($0 - outputMean) / outputScale } }

    // MARK: - Prediction

    /// Posterior mean and latent variance at one point, in the original units.
    public func predict(_ x: [Double]) -> (mean: Double, variance: Double) {
        predict([x])[0]
    }

    /// Posterior means and latent variances at many points sharing one triangular solve.
    /// - Complexity: O(n²·m + n·m·d) for n observations and m points.
    public func predict(_ points: [[Double]]) -> [(mean: Double, variance: Double)] {
        let n = inputs.count, m = points.count, d = dimension
        guard m > 0 else { return [] }
        let sigma2 = hyperparameters.signalVariance
        let inverseLengths = hyperparameters.lengthScales.map { 1 / $0 }
        // Cross-covariances, n×m row-major so the solve runs along the points.
        var cross = [Double](repeating: 0, count: n * m)
        flatInputs.withUnsafeBufferPointer { x in
            cross.withUnsafeMutableBufferPointer { c in
                for j in 0..<m {
                    let p = points[j]
                    precondition(p.count == d, "point has \(p.count) coordinates, expected \(d)")
                    for a in 0..<n {
                        var r2 = 0.0
                        for i in 0..<d {
                            let t = (x[a * d + i] - p[i]) * inverseLengths[i]
                            r2 += t * t
                        }
                        c[a * m + j] = Matern52Kernel.value(squaredDistance: r2, signalVariance: sigma2)
                    }
                }
            }
        }
        var means = [Double](repeating: 0, count: m)
        for a in 0..<n {
            let w = alpha[a]
            for j in 0..<m { means[j] += cross[a * m + j] * w }
        }
        cholesky.solveLower(&cross, columns: m)
        var explained = [Double](repeating: 0, count: m)
        for a in 0..<n {
            for j in 0..<m { explained[j] += cross[a * m + j] * cross[a * m + j] }
        }
        let scale2 = outputScale * outputScale
        return (0..<m).map { j in
            let latent = max(sigma2 - explained[j], 1e-12 * sigma2)
            return (outputMean + outputScale * means[j], scale2 * latent)
        }
    }

    // MARK: - Fitting

    /// Fits hyperparameters by maximising the log marginal likelihood from several starts and
    /// returns the posterior at the best. The first start is `GPHyperparameters.defaults`; the
    /// others are drawn from `seed`, so a fit is a pure function of its data and seed.
    public static func fit(inputs: [[Double]], outputs: [Double], seed: UInt64,
                           starts: Int = 5) throws -> GaussianProcess {
        precondition(!inputs.isEmpty, "a Gaussian process needs at least one observation")
        let n = inputs.count, d = inputs[0].count
        let (mean, scale) = standardisation(outputs)
        let y = outputs.map { ($0 - mean) / scale }
        let flat = inputs.flatMap { $0 }
        let (lower, upper) = GPHyperparameters.bounds(dimension: d)
        var rng = TuningRandom(seed: seed)
        var startPoints = [GPHyperparameters.defaults(dimension: d).logVector]
        for _ in 1..<max(starts, 1) {
            // Random starts in the plausible middle of the box, not at its extremes.
            var v = [log(0.3) + rng.uniform() * (log(3.0) - log(0.3))]
            for _ in 0..<d { v.append(log(0.05) + rng.uniform() * (log(2.0) - log(0.05))) }
            v.append(log(1e-6) + rng.uniform() * (log(1e-2) - log(1e-6)))
            startPoints.append(v)
        }
        let search = BoundedLBFGS()
        var best: (x: [Double], value: Double)?
        for start in startPoints {
            // Minimise the negative log marginal likelihood.
            let result = search.minimize(start: start, lower: lower, upper: upper) { theta in
                guard let (v, g) = try? MarginalLikelihood.evaluate(flatInputs: flat, n: n, d: d, outputs: y,
                                                                    theta: theta), v.isFinite else { return nil }
                return (-v, g.map { -$0 })
            }
            if let result, result.value < (best?.value ?? .infinity) { best = result }
        }
        let chosen = best.map { GPHyperparameters(logVector: $0.x) } ?? .defaults(dimension: d)
        return try GaussianProcess(inputs: inputs, outputs: outputs, hyperparameters: chosen)
    }
}
