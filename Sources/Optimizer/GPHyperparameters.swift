#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signal variance, per-dimension length scales and noise variance of a Gaussian process on
/// standardised outputs over the unit cube. The fit works on their logarithms, which are
/// unconstrained in sign, scale-free and kept inside `bounds`.
public struct GPHyperparameters: Equatable, Sendable {
    public var signalVariance: Double
    public var lengthScales: [Double]
    public var noiseVariance: Double

    public init(signalVariance: Double, lengthScales: [Double], noiseVariance: Double) {
        self.signalVariance = signalVariance
        self.lengthScales = lengthScales
        self.noiseVariance = noiseVariance
    }

    /// `[log σ², log ℓ₁ … log ℓ_d, log σₙ²]`, the vector the likelihood gradient refers to.
    public var logVector: [Double] {
        [log(signalVariance)] + lengthScales.map { log($0) } + [log(noiseVariance)]
    }

    public init(logVector v: [Double]) {
        precondition(v.count >= 3, "need log σ², at least one log ℓ and log σₙ²")
        signalVariance = exp(v[0])
        lengthScales = v[1..<(v.count - 1)].map { exp($0) }
        noiseVariance = exp(v[v.count - 1])
    }

    public var kernel: Matern52Kernel { Matern52Kernel(signalVariance: signalVariance, lengthScales: lengthScales) }

    /// The starting point every fit tries first: unit variance on standardised outputs, length
    /// scales of half the cube's side, small noise.
    public static func defaults(dimension d: Int) -> GPHyperparameters {
        GPHyperparameters(signalVariance: 1, lengthScales: Array(repeating: 0.5, count: d), noiseVariance: 1e-4)
    }

    /// Box on the log-parameters for the likelihood search. On standardised outputs the signal
    /// variance stays within [0.05, 20]; length scales from 1% of the cube (anything shorter
    /// cannot be resolved by a few dozen points) to 30 cube sides (the dimension is irrelevant);
    /// noise from 1e-6 (deterministic objectives, kept conditionable) to the whole variance.
    public static func bounds(dimension d: Int) -> (lower: [Double], upper: [Double]) {
        let lower = [log(0.05)] + Array(repeating: log(0.01), count: d) + [log(1e-6)]
        let upper = [log(20.0)] + Array(repeating: log(30.0), count: d) + [log(1.0)]
        return (lower, upper)
    }
}
