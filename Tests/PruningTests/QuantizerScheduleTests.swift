import Datasets
import Foundation
import Kernels
import Network
import Pruning
import Quantization
import ShearsTestSupport
import Support
import Testing

/// Distiller's quantizer section resolved for a network: defaults, the weights/activations
/// mode mapping, null bits, first-match regex overrides; and the stats file round trip.
struct QuantizerScheduleTests {
    static var network: ResNet { try! ResNet(depth: 20, widths: [4, 8, 8], seed: 1) }

    static let text = """
        quantizers:
          q:
            class: PostTrainLinearQuantizer
            bits_activations: 8
            bits_parameters: 8
            mode:
              activations: ASYMMETRIC_UNSIGNED
              weights: SYMMETRIC
            per_channel_wts: True
            clip_acts: AVG
            overrides:
              fc:
                bits_weights: null
                bits_activations: null
              'layer3\\..*':
                clip_acts: NONE
              .*add:
                clip_acts: N_STD
                clip_n_stds: 3
        """

    @Test func overridesResolveByFirstWholeNameMatch() throws {
        let schedule = try Schedule(parsing: Self.text, file: "q.yaml")
        try schedule.checkDeployable()
        #expect(schedule.policies.isEmpty)   // a post-training quantizer needs no policy
        let s = try #require(schedule.quantizers.first).settings(for: Self.network)
        let weight = WeightQuantization(format: TensorQuantization(bits: 8, mode: .symmetric), perChannel: true)
        #expect(s.weights["conv1"] == weight && s.weights["layer2.0.downsample.0"] == weight)
        #expect(s.weights["fc"] == nil && s.activations["fc.input0"] == nil)
        let unsigned = TensorQuantization(bits: 8, mode: .asymmetricUnsigned)
        #expect(s.activations["layer1.0.conv1.input0"] == ActivationQuantization(format: unsigned, clip: .average))
        #expect(s.activations["layer1.0.add.input1"] == ActivationQuantization(format: unsigned,
                                                                               clip: .standardDeviations(3)))
        // layer3.0.add matches 'layer3\..*' first.
        #expect(s.activations["layer3.0.add.input0"]?.clip == ClipMode.none)
        #expect(s.activations["layer3.1.conv2.input0"]?.clip == ClipMode.none)
        #expect(s.activations.count == Self.network.quantizableLayers.flatMap(\.points).count - 1)
        #expect(s.isDeployable)
    }

    @Test(.enabled(if: ScheduleFixtures.distillerPresent, Comment(rawValue: ScheduleFixtures.skipReason)))
    func distillersFixtureLoadsForSimulationWithItsSixBits() throws {
        let file = "quantization__post_train_quant__resnet18_imagenet_post_train.yaml"
        let text = try String(contentsOf: PyYAMLParityTests.fixtures.appendingPathComponent(file), encoding: .utf8)
        let schedule = try Schedule(parsing: text, file: file)
        let q = try #require(schedule.quantizers.first)
        #expect(q.statisticsFile == "../quantization/post_train_quant/stats/resnet18_quant_stats.yaml")
        let s = q.settings(for: Self.network, simulationOnly: true)
        #expect(!s.isDeployable && s.simulationOnly)
        #expect(s.weights["layer1.0.conv1"]?.format == TensorQuantization(bits: 6, mode: .asymmetricUnsigned))
        #expect(s.activations["conv1.input0"]?.clip == .average)
    }

    /// Written in Distiller's layout and read back: the same numbers, so the same grids.
    @Test func statisticsFileRoundTrips() throws {
        var random = SeededRandom(seed: 4)
        let images = LabeledImages(pixels: (0..<(8 * LabeledImages.imageBytes)).map { _ in UInt8(random.next() % 256) },
                                   labels: [UInt8](repeating: 1, count: 8))
        let normalization = ChannelNormalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25])
        let network = Self.network
        let calibration = Calibration(network: network, images: images, normalization: normalization, count: 8,
                                      batchSize: 3)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-stats-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("stats.yaml").path
        try calibration.distillerYAML.write(toFile: path, atomically: true, encoding: .utf8)
        let read = try Calibration(distillerStatsFile: path, network: network)
        for point in calibration.points {
            let a = try #require(calibration.statistics[point.id]), b = try #require(read.statistics[point.id])
            #expect([a.min, a.max, a.avgMin, a.avgMax, a.mean, a.std] == [b.min, b.max, b.avgMin, b.avgMax, b.mean, b.std],
                    "\(point.id)")
        }
        let settings = try Schedule(parsing: Self.text, file: "q.yaml").quantizers[0].settings(for: network)
        #expect(try calibration.grids(for: settings) == (try read.grids(for: settings)))
    }
}
