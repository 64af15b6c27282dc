import Datasets
import Foundation
import Kernels
import Network
import Quantization
import ShearsTestSupport
import Support
import Testing

/// Statistics as Distiller defines them, and a quantised model surviving a checkpoint.
struct QuantizedCheckpointTests {
    /// Two batches accumulate to what one batch of all images gives; avg_min is the mean of
    /// each image's min, std the sample standard deviation of every value.
    @Test func statisticsAreDistillersRecord() {
        let values: [Float] = [-1, 2, 0.5, 3, -4, 1, 2, 2, 0, 0.25, -0.5, 6]   // 3 images of 4 values
        var whole = ActivationStatistics()
        whole.add(Tensor(shape: [3, 4], data: values))
        var parts = ActivationStatistics()
        parts.add(Tensor(shape: [1, 4], data: Array(values[0..<4])))
        parts.add(Tensor(shape: [2, 4], data: Array(values[4...])))
        let mean = values.map(Double.init).reduce(0, +) / 12
        let std = (values.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / 11).squareRoot()
        for s in [whole, parts] {
            #expect(s.min == -4 && s.max == 6 && s.images == 3 && s.shape == [4])
            #expect(abs(s.avgMin - (-1 - 4 - 0.5) / 3) < 1e-12 && abs(s.avgMax - (3 + 2 + 6) / 3) < 1e-12)
            #expect(abs(s.mean - mean) < 1e-12 && abs(s.std - std) < 1e-12)
        }
        let clipped = whole.range(clip: .standardDeviations(0.5))
        #expect(clipped.lower == Float(mean - 0.5 * std) && clipped.upper == Float(mean + 0.5 * std))
        #expect(whole.range(clip: .standardDeviations(100)) == (-4, 6))
    }

    /// Saved and reloaded, the checkpoint evaluates to the same logits bit for bit, and its
    /// float network is untouched (it still loads and trains as a float checkpoint).
    @Test func quantisedCheckpointRoundTrips() throws {
        let network = try ResNet(depth: 20, widths: [4, 8, 8], seed: 2)
        var random = SeededRandom(seed: 5)
        let input = Tensor(shape: [3, 3, 32, 32], data: (0..<(3 * 3 * 32 * 32)).map { _ in random.normal() })
        var calibration = Calibration(statistics: [:], points: network.quantizableLayers.flatMap(\.points), images: 3)
        _ = QuantizedResNet(folding: network).forward(input) { point, value in
            calibration.statistics[point.id, default: .init()].add(value)
        }
        let settings = QuantizationSettings(
            weights: ["conv1": WeightQuantization(format: TensorQuantization(bits: 8, mode: .symmetric), perChannel: true),
                      "fc": WeightQuantization(format: TensorQuantization(bits: 8, mode: .symmetric), perChannel: false)],
            activations: ["layer1.0.add.input0": ActivationQuantization(
                              format: TensorQuantization(bits: 8, mode: .asymmetricSigned), clip: .average),
                          "conv1.input0": ActivationQuantization(
                              format: TensorQuantization(bits: 8, mode: .asymmetricUnsigned), clip: .none)])
        let model = QuantizedResNet(network: network, settings: settings, activationGrids: try calibration.grids(for: settings))
        var checkpoint = Checkpoint(network: network, normalization: ChannelNormalization(mean: [0, 0, 0], std: [1, 1, 1]))
        checkpoint.setQuantization(model)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-qckpt-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("q.safetensors").path
        try checkpoint.write(to: path)
        let loaded = try Checkpoint(contentsOf: path)
        #expect(loaded.isQuantized && loaded.quantizationTensors.count == 4)
        let reloaded = try #require(try loaded.quantizedModel(path: path))
        #expect(reloaded.settings == settings && reloaded.activationGrids == model.activationGrids)
        let expected = model.forward(input, training: false)
        #expect(reloaded.forward(input, training: false) == expected)
        #expect(expected != QuantizedResNet(folding: network).forward(input, training: false))   // it does quantise
        #expect(loaded.network.namedTensors.map(\.value) == network.namedTensors.map(\.value))
    }
}
