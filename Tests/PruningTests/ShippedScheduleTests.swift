import Foundation
import Network
import Pruning
import Quantization
import ShearsTestSupport
import Testing

/// The schedules in Schedules/ load, and their masks give the widths their headers state.
struct ShippedScheduleTests {
    /// `Schedules/<file>` loaded, checked against resnet20 without warnings, and its scheduler on
    /// a fresh resnet20 after the ramp epochs 0-5 (every shipped schedule ends its ramps at 6).
    private func rampedScheduler(_ file: String) throws -> CompressionScheduler {
        let schedule = try Schedule.load(path: TestPaths.root.appendingPathComponent("Schedules/\(file)").path)
        #expect(schedule.warnings.isEmpty)
        #expect(try schedule.validate(against: ParameterTable.resnetCIFAR(depth: 20)).isEmpty)
        let scheduler = try CompressionScheduler(schedule: schedule, network: try ResNet(depth: 20, seed: 1),
                                                 baseLearningRate: 0.01)
        for epoch in 0..<6 { scheduler.epochBegan(epoch) }
        return scheduler
    }

    @Test func agpFiltersLoadsAndThinsResNet20ToTheHeadersWidths() throws {
        let scheduler = try rampedScheduler("agp-filters.yaml")
        scheduler.thin()
        let widths = scheduler.network.architecture.stages
        #expect(widths.map(\.width) == [16, 24, 48])
        #expect(widths.map(\.innerWidths) == [[8, 8, 8], [16, 16, 16], [32, 32, 32]])
        #expect(scheduler.network.architecture.macs() == 17_572_320)
        #expect(scheduler.network.architecture.weightCount == 104_976)
        // CosineAnnealingLR T_max 8 from 0.01 down to eta_min 0.0001.
        #expect(abs(scheduler.learningRate(at: 4) - Float(0.0001 + (0.01 - 0.0001) / 2)) < 1e-7)
    }

    @Test func agpChannelsHalvesEveryBlocksInnerChannelsAndKeepsTheStreams() throws {
        let scheduler = try rampedScheduler("agp-channels.yaml")
        scheduler.thin(filters: false, channels: true)
        let stages = scheduler.network.architecture.stages
        #expect(stages.map(\.width) == [16, 32, 64])
        #expect(stages.map(\.innerWidths) == [[8, 8, 8], [16, 16, 16], [32, 32, 32]])
        #expect(scheduler.network.architecture.macs() == 20_759_168)
    }

    /// 70% zeros in every block conv, and thinning (both criteria, as `prune` ends) removes
    /// nothing: the MACs are the baseline's.
    @Test func agpFineGrainedZeroesSeventyPercentAndThinsNothing() throws {
        let scheduler = try rampedScheduler("agp-fine-grained.yaml")
        let baseline = try ResNet(depth: 20, seed: 1).architecture
        let blockConvs = scheduler.network.parameters.filter {
            $0.name.hasPrefix("layer") && $0.name.contains(".conv") && $0.name.hasSuffix(".weight")
        }
        #expect(blockConvs.count == 18)
        for p in blockConvs {
            let n = p.value.count
            let zeros = p.value.data.filter { $0 == 0 }.count
            #expect(zeros == Int(0.70 * Double(n)), "\(p.name): \(zeros) zeros of \(n)")
        }
        #expect(scheduler.masks.sparsity(of: "module.conv1.weight") == 0)
        #expect(scheduler.masks.sparsity(of: "module.fc.weight") == 0)
        scheduler.thin()
        #expect(scheduler.network.architecture == baseline)
        #expect(scheduler.network.architecture.macs() == 40_813_184)
    }

    @Test func agpStageWidthsNarrowsOnlyTheResidualStreams() throws {
        let scheduler = try rampedScheduler("agp-stage-widths.yaml")
        scheduler.thin()
        let stages = scheduler.network.architecture.stages
        #expect(stages.map(\.width) == [12, 20, 40])
        #expect(stages.map(\.innerWidths) == [[16, 16, 16], [32, 32, 32], [64, 64, 64]])
        #expect(scheduler.network.architecture.macs() == 27_429_264)
        #expect(scheduler.network.architecture.weightCount == 171_108)
    }

    /// Inner filters halved and thinned; the thinned conv2s keep their fine-grained zeros.
    @Test func hybridThinsTheInnerFiltersAndKeepsTheFineGrainedZerosInConv2() throws {
        let scheduler = try rampedScheduler("hybrid.yaml")
        scheduler.thin()
        let stages = scheduler.network.architecture.stages
        #expect(stages.map(\.width) == [16, 32, 64])
        #expect(stages.map(\.innerWidths) == [[8, 8, 8], [16, 16, 16], [32, 32, 32]])
        #expect(scheduler.network.architecture.macs() == 20_759_168)
        for p in scheduler.network.parameters where p.name.hasSuffix("conv2.weight") {
            let zeros = Double(p.value.data.filter { $0 == 0 }.count) / Double(p.value.count)
            #expect(zeros > 0.55 && zeros < 0.75, "\(p.name): \(zeros) zero after thinning")
        }
    }

    /// Pruning with layer2/layer3 in multiples of 16, thinned, then the same INT8 quantizer as ptq-int8.yaml.
    @Test func hybridInt8ThinsToTheHeadersWidthsAndQuantisesEverythingTo8Bits() throws {
        let scheduler = try rampedScheduler("hybrid-int8.yaml")
        scheduler.thin()
        let stages = scheduler.network.architecture.stages
        #expect(stages.map(\.width) == [16, 32, 48])
        #expect(stages.map(\.innerWidths) == [[8, 8, 8], [16, 16, 16], [32, 32, 32]])
        #expect(scheduler.network.architecture.macs() == 19_251_680)
        let ptq = try Schedule.load(path: TestPaths.root.appendingPathComponent("Schedules/ptq-int8.yaml").path)
        let hybrid = try Schedule.load(path: TestPaths.root.appendingPathComponent("Schedules/hybrid-int8.yaml").path)
        try ptq.checkDeployable()
        try hybrid.checkDeployable()
        let settings = try #require(ptq.quantizers.first).settings(for: scheduler.network)
        #expect(try #require(hybrid.quantizers.first).settings(for: scheduler.network) == settings)
        #expect(settings.isDeployable && settings.weights.count == 22)
        #expect(settings.activations.count == scheduler.network.quantizableLayers.flatMap(\.points).count)
        #expect(settings.activations.values.allSatisfy { $0.clip == .average && $0.format.mode == .asymmetricUnsigned })
        #expect(settings.weights.values.allSatisfy { $0.perChannel && $0.format.mode == .symmetric })
    }
}
