/// The Wilson score interval for a proportion: an accuracy measured on n images is a binomial
/// estimate, and on a 500-image validation split one image is 0.2 points, so a floor judged on
/// the point estimate alone passes trials that only got lucky. Unlike the normal approximation
/// it stays inside [0, 1] and behaves near 0 and 1.
public struct WilsonInterval: Equatable, Sendable {
    public var lower: Double
    public var upper: Double

    /// The two-sided 95% normal quantile.
    public static let z95 = 1.959963984540054

    /// The interval for proportion `p` observed over `n` trials (`n` > 0) at normal quantile `z`.
    public init(proportion p: Double, count n: Int, z: Double = WilsonInterval.z95) {
        precondition(n > 0, "a proportion needs at least one trial")
        let n = Double(n), z2 = z * z
        let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        lower = max(0, centre - half)
        upper = min(1, centre + half)
    }
}
