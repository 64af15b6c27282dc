import Foundation
import Network
import Pruning
import ShearsTestSupport
import Testing

/// The schedules in Schedules/ load, and their masks give the widths their headers state.
struct ShippedScheduleTests {
    @Test func agpFiltersLoadsAndThinsResNet20ToTheHeadersWidths() throws {
        let path = TestPaths.root.appendingPathComponent("Schedules/agp-filters.yaml").path
        let schedule = try Schedule.load(path: path)
        #expect(schedule.warnings.isEmpty)
        #expect(try schedule.validate(against: ParameterTable.resnetCIFAR(depth: 20)).isEmpty)
        let net = try ResNet(depth: 20, seed: 1)
        let scheduler = try CompressionScheduler(schedule: schedule, network: net, baseLearningRate: 0.01)
        for epoch in 0..<6 { scheduler.epochBegan(epoch) }
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
        let schedule = try Schedule.load(path: TestPaths.root.appendingPathComponent("Schedules/agp-channels.yaml").path)
        #expect(try schedule.validate(against: ParameterTable.resnetCIFAR(depth: 20)).isEmpty)
        let scheduler = try CompressionScheduler(schedule: schedule, network: try ResNet(depth: 20, seed: 1),
                                                 baseLearningRate: 0.01)
        for epoch in 0..<6 { scheduler.epochBegan(epoch) }
        scheduler.thin(filters: false, channels: true)
        let stages = scheduler.network.architecture.stages
        #expect(stages.map(\.width) == [16, 32, 64])
        #expect(stages.map(\.innerWidths) == [[8, 8, 8], [16, 16, 16], [32, 32, 32]])
        #expect(scheduler.network.architecture.macs() == 20_759_168)
    }
}
