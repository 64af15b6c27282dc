#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 with 53-bit uniform doubles: the optimiser's only random source.
///
/// The same generator as `Kernels.SeededRandom`, kept here because Tuning knows nothing of
/// kernels and needs full double precision (the kernel one yields 24-bit floats). Every
/// random decision of a suggestion derives its stream from the sweep seed and the number of
/// observations, so a resumed sweep makes exactly the suggestion an uninterrupted one would.
struct TuningRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for (`seed`, `stream`, `index`), by mixing the three through the
    /// SplitMix finaliser so neighbouring seeds give unrelated streams.
    init(seed: UInt64, stream: UInt64, index: Int) {
        var g = TuningRandom(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        let a = g.next()
        g = TuningRandom(seed: a ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        let b = g.next()
        g = TuningRandom(seed: b ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        state = g.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 random bits.
    mutating func uniform() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    /// Standard normal by Box–Muller (one value per call).
    mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
