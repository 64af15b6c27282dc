import Datasets
import Kernels
import Network

/// Activation statistics of a network on calibration images: the float network with its
/// batch-norms folded, run over the images once (inference mode), every activation point
/// observed. Only training images may be passed: the ranges are fitted to them, so
/// validation and test accuracy stay honest.
public struct Calibration: Sendable {
    /// By `ActivationPoint.id`, for every point of `network.quantizableLayers`.
    public var statistics: [String: ActivationStatistics]
    /// The points in forward order (for files and tables).
    public var points: [ActivationPoint]
    /// Images seen.
    public var images: Int

    public init(statistics: [String: ActivationStatistics], points: [ActivationPoint], images: Int) {
        self.statistics = statistics
        self.points = points
        self.images = images
    }

    /// Runs the first `count` of `images` through `network` in batches of `batchSize`.
    /// - Complexity: one inference pass over `count` images.
    public init(network: ResNet, images: LabeledImages, normalization: ChannelNormalization, count: Int,
                batchSize: Int = 128) {
        precondition(count > 0 && count <= images.count, "calibration needs 1...\(images.count) images, got \(count)")
        let folded = QuantizedResNet(folding: network)
        let subset = images.subset(Array(0..<count))
        var statistics: [String: ActivationStatistics] = [:]
        for batch in Batches(subset, normalization: normalization, options: .evaluation(batchSize: batchSize)) {
            _ = folded.forward(batch.images) { point, value in statistics[point.id, default: .init()].add(value) }
        }
        self.init(statistics: statistics, points: network.quantizableLayers.flatMap(\.points), images: count)
    }

    /// The grid of every quantised activation point: its statistics' range under the
    /// point's clip mode, mapped by its bits and mode.
    public func grids(for settings: QuantizationSettings) throws(QuantizationError) -> [String: QuantizationGrid] {
        var grids: [String: QuantizationGrid] = [:]
        for (id, q) in settings.activations {
            guard let s = statistics[id] else { throw .missingStatistics(point: id) }
            let range = s.range(clip: q.clip)
            grids[id] = q.format.grid(lower: range.lower, upper: range.upper)
        }
        return grids
    }
}
