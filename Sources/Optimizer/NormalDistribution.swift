#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard normal density and distribution function, the two pieces of every closed-form
/// acquisition. `cdf` goes through `erfc` so the lower tail keeps its relative precision
/// (1 − ½erfc would round to 0 long before the true value does).
public enum NormalDistribution {
    public static func pdf(_ z: Double) -> Double { exp(-0.5 * z * z) / (2 * Double.pi).squareRoot() }

    public static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
}
