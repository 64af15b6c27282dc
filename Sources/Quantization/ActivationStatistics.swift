import Kernels

/// Calibration statistics of one tensor, the record Distiller's
/// `QuantCalibrationStatsCollector` keeps: global min and max, the mean over images of each
/// image's min and max (`avg_min`, `avg_max`), and the mean and standard deviation of every
/// value. Accumulated in Double (Chan's parallel variance), so the order of batches does not
/// matter beyond rounding.
public struct ActivationStatistics: Hashable, Sendable {
    public var min: Double = .infinity
    public var max: Double = -.infinity
    public var avgMin: Double = 0
    public var avgMax: Double = 0
    public var mean: Double = 0
    public var std: Double = 0
    /// Per-image shape `[C, H, W]` (the batch excluded).
    public var shape: [Int] = []
    /// Images and values seen.
    public var images: Int = 0
    public var values: Int = 0
    private var sumSquaredDeviations: Double = 0

    public init() {}

    public init(min: Double, max: Double, avgMin: Double, avgMax: Double, mean: Double, std: Double, shape: [Int]) {
        self.min = min
        self.max = max
        self.avgMin = avgMin
        self.avgMax = avgMax
        self.mean = mean
        self.std = std
        self.shape = shape
    }

    /// Adds a batch `[N, …]`.
    /// - Complexity: O(count); allocates nothing.
    public mutating func add(_ batch: Tensor) {
        let n = batch.shape[0], per = batch.count / Swift.max(n, 1)
        guard n > 0, per > 0 else { return }
        if shape.isEmpty { shape = Array(batch.shape.dropFirst()) }
        var sum = 0.0, sumMin = 0.0, sumMax = 0.0
        batch.data.withUnsafeBufferPointer { p in
            for image in 0..<n {
                var lo = Float.infinity, hi = -Float.infinity, s = 0.0
                for i in (image * per)..<((image + 1) * per) {
                    let v = p[i]
                    lo = Swift.min(lo, v)
                    hi = Swift.max(hi, v)
                    s += Double(v)
                }
                sumMin += Double(lo)
                sumMax += Double(hi)
                sum += s
                min = Swift.min(min, Double(lo))
                max = Swift.max(max, Double(hi))
            }
        }
        let count = n * per, batchMean = sum / Double(count)
        var m2 = 0.0
        for v in batch.data { let d = Double(v) - batchMean; m2 += d * d }
        let total = values + count
        let delta = batchMean - mean
        sumSquaredDeviations += m2 + delta * delta * Double(values) * Double(count) / Double(total)
        mean += delta * Double(count) / Double(total)
        avgMin = (avgMin * Double(images) + sumMin) / Double(images + n)
        avgMax = (avgMax * Double(images) + sumMax) / Double(images + n)
        images += n
        values = total
        std = total > 1 ? (sumSquaredDeviations / Double(total - 1)).squareRoot() : 0
    }

    /// The float range a clip mode keeps (Distiller's `get_quant_params_from_stats`).
    public func range(clip: ClipMode) -> (lower: Float, upper: Float) {
        switch clip {
        case .none: return (Float(min), Float(max))
        case .average: return (Float(avgMin), Float(avgMax))
        case .standardDeviations(let n):
            return (Float(Swift.max(min, mean - n * std)), Float(Swift.min(max, mean + n * std)))
        }
    }
}
