
/// Summary of latency samples (milliseconds): what benchmark_app prints plus p90/p99 and the
/// spread, so a figure can be judged by how noisy it was. Pure, so tests pin it exactly.
public struct LatencyStatistics: Equatable, Sendable {
    public var count: Int
    public var median: Double
    public var mean: Double
    public var min: Double
    public var max: Double
    public var p90: Double
    public var p99: Double
    /// Population standard deviation (divides by n, as `numpy.std` does by default), so the
    /// Python reference script reports the same figure from the same samples.
    public var standardDeviation: Double

    /// A summary read back from elsewhere (a sweep ledger, a queue message), without its samples.
    public init(count: Int, median: Double, mean: Double, min: Double, max: Double, p90: Double, p99: Double,
                standardDeviation: Double) {
        self.count = count
        self.median = median
        self.mean = mean
        self.min = min
        self.max = max
        self.p90 = p90
        self.p99 = p99
        self.standardDeviation = standardDeviation
    }

    /// - Precondition: `samples` is not empty.
    /// - Complexity: O(n log n) for the sort.
    public init(samples: [Double]) {
        precondition(!samples.isEmpty, "latency statistics need at least one sample")
        let sorted = samples.sorted()
        count = sorted.count
        min = sorted[0]
        max = sorted[sorted.count - 1]
        median = Self.percentile(sorted, 50)
        p90 = Self.percentile(sorted, 90)
        p99 = Self.percentile(sorted, 99)
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        self.mean = mean
        standardDeviation = (sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sorted.count)).squareRoot()
    }

    /// The `p`-th percentile of ascending `sorted` values by linear interpolation between the
    /// closest ranks (rank `p/100·(n−1)`, `numpy.percentile`'s default). Rejected: benchmark_app's
    /// nearest-rank pick, which makes p99 of fewer than 100 samples simply the maximum.
    public static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        precondition(!sorted.isEmpty && (0...100).contains(p), "percentile \(p) of \(sorted.count) samples")
        let rank = p / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }
}
