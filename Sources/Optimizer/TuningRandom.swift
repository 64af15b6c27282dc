#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Support

/// `Support.SeededRandom` (SplitMix64) seen through 53-bit uniform doubles: the optimiser's
/// only random source. Every random decision of a suggestion derives its stream from the
/// sweep seed and the number of observations, so a resumed sweep makes exactly the suggestion an uninterrupted one would.
public struct TuningRandom: RandomNumberGenerator {
    private var base: SeededRandom

    public init(seed: UInt64) { base = SeededRandom(seed: seed) }

    /// An independent stream for (`seed`, `stream`, `index`), by mixing the three through the
    /// SplitMix finaliser so neighbouring seeds give unrelated streams.
    public init(seed: UInt64, stream: UInt64, index: Int) {
        var g = TuningRandom(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
        let a = g.next()
        g = TuningRandom(seed: a ^ (stream &* 0xD6E8_FEB8_6659_FD93))
        let b = g.next()
        g = TuningRandom(seed: b ^ (UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15))
        base = SeededRandom(seed: g.next())
    }

    public mutating func next() -> UInt64 { base.next() }

    /// Uniform in [0, 1) with 53 random bits.
    public mutating func uniform() -> Double { base.uniformDouble() }

    /// Standard normal by Box–Muller (one value per call).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
