import Foundation
import Kernels
import Network
import Pruning
import ShearsTestSupport
import Testing

/// Pruners as Distiller runs them: AGP targets per step, exact mask counts, L1 ranking of
/// filters (with their BN and the next layer's input channels), Leader groups.
struct PrunerTests {
    @Test func agpFineGrainedMaskFollowsTheRampExactlyAtEveryStep() throws {
        let net = try Tiny.network()
        let schedule = try Tiny.schedule("""
            pruners:
              fine:
                class: AutomatedGradualPruner
                initial_sparsity: 0.05
                final_sparsity: 0.80
                weights: [layer3.1.conv2.weight]
            policies:
              - pruner: {instance_name: fine}
                starting_epoch: 0
                ending_epoch: 7
                frequency: 2
            """)
        let scheduler = try CompressionScheduler(schedule: schedule, network: net, baseLearningRate: 0.1)
        let p = net.parameter(named: "layer3.1.conv2.weight")!
        let n = p.value.count  // 8·8·3·3 = 576
        // Distiller: span = ((7 - 0 - 1) / 2) * 2 = 6; s(t) = 0.8 + (0.05 - 0.8)(1 - t/6)^3 at t = 0, 2, 4, 6.
        let expected: [Int: Double] = [0: 0.05, 2: 0.8 - 0.75 * pow(2.0 / 3, 3), 4: 0.8 - 0.75 * pow(1.0 / 3, 3), 6: 0.8]
        var previousZeros = Set<Int>()
        for epoch in 0..<8 {
            scheduler.epochBegan(epoch)
            let zeros = Set(p.value.data.indices.filter { p.value.data[$0] == 0 })
            let target = expected.filter { $0.key <= epoch }.max { $0.key < $1.key }!.value
            #expect(zeros.count == Int((target * Double(n)).rounded(.down)), "epoch \(epoch)")
            #expect(zeros.isSuperset(of: previousZeros), "a pruned weight stays pruned (epoch \(epoch))")
            previousZeros = zeros
        }
        // The pruned weights are the smallest in magnitude of the original tensor.
        #expect(scheduler.masks.sparsity(of: p.name) == Double(Int(0.8 * Double(n))) / Double(n))
    }

    /// The tiny network with layer2.1.conv1 (inner width 8) rescaled so filter k's mean |w| is
    /// proportional to scale[k]: in order of magnitude the filters are 5, 1, 6, 3, 2, 0, 7, 4.
    static func rankedFilterBlock() throws -> (ResNet, BasicBlock) {
        let net = try Tiny.network()
        let block = net.stages[1][1]
        let scale: [Float] = [4, 0.5, 3, 2.5, 7, 0.1, 0.9, 5]
        let size = block.conv1.weight.value.count / 8
        for k in 0..<8 { for i in 0..<size { block.conv1.weight.value.data[k * size + i] *= scale[k] / 0.1 } }
        return (net, block)
    }

    /// One-shot L1 filter pruning of 40% of layer2.1.conv1 at epoch 0.
    static func filterSchedule(roundTo: Int?) throws -> Schedule {
        try Tiny.schedule("""
            pruners:
              filters:
                class: L1RankedStructureParameterPruner
                group_type: Filters
                desired_sparsity: 0.4\(roundTo.map { "\n    round_to: \($0)" } ?? "")
                weights: [module.layer2.1.conv1.weight]
            policies:
              - pruner: {instance_name: filters}
                epochs: [0]
            """)
    }

    @Test func l1FilterRankingPrunesTheSmallestFiltersWithTheirBatchNormAndConsumers() throws {
        let (net, block) = try Self.rankedFilterBlock()
        let schedule = try Self.filterSchedule(roundTo: nil)
        let scheduler = try CompressionScheduler(schedule: schedule, network: net, baseLearningRate: 0.1)
        let magnitudes = MagnitudeRanking.meanL1(block.conv1.weight.value, dimension: 0)
        let smallest = Set(magnitudes.indices.sorted { magnitudes[$0] < magnitudes[$1] }.prefix(3))
        #expect(smallest == [1, 5, 6])
        scheduler.epochBegan(0)
        // ⌊0.4 · 8⌋ = 3 filters, their γ and β, and conv2's matching input channels.
        let w = block.conv1.weight.value
        #expect((0..<8).filter { w.sliceIsZero($0, dimension: 0) } == [1, 5, 6])
        #expect((0..<8).filter { block.bn1.weight.value.data[$0] == 0 && block.bn1.bias.value.data[$0] == 0 } == [1, 5, 6])
        #expect((0..<8).filter { block.conv2.weight.value.sliceIsZero($0, dimension: 1) } == [1, 5, 6])
        // Nothing else is touched.
        #expect(net.stages[1][0].conv1.weight.value.data.allSatisfy { $0 != 0 })
        #expect((0..<8).allSatisfy { !block.conv2.weight.value.sliceIsZero($0, dimension: 0) })
    }

    /// (sparsity, structures, round_to) → pruned: the kept count goes to the nearest multiple
    /// (halves up), never below one multiple, and a unit narrower than the multiple stays whole.
    @Test(arguments: [(0.4, 8, 1, 3), (0.4, 8, 4, 4), (0.2, 8, 4, 0), (0.3, 32, 16, 16), (0.25, 32, 16, 0),
                      (0.9, 64, 16, 48), (0.6, 64, 16, 32), (0.5, 10, 16, 0), (0.7, 16, 8, 8)])
    func roundToKeepsAMultipleOfTheBlock(_ sparsity: Double, _ count: Int, _ multiple: Int, _ pruned: Int) {
        #expect(MagnitudeRanking.prunedCount(sparsity, of: count, keepingMultipleOf: multiple) == pruned)
    }

    @Test func roundToPrunesTheNextSmallestFiltersToReachTheMultiple() throws {
        let (net, block) = try Self.rankedFilterBlock()
        let schedule = try Self.filterSchedule(roundTo: 4)
        let scheduler = try CompressionScheduler(schedule: schedule, network: net, baseLearningRate: 0.1)
        scheduler.epochBegan(0)
        // ⌊0.4 · 8⌋ = 3 would keep 5; round_to 4 keeps 4, so filter 3 (the fourth smallest) goes too.
        #expect((0..<8).filter { block.conv1.weight.value.sliceIsZero($0, dimension: 0) } == [1, 3, 5, 6])
        _ = scheduler.thin(filters: true, channels: false)
        #expect(scheduler.network.stages[1][1].conv1.weight.value.shape[0] == 4)
    }

    @Test func leaderGroupTakesTheLeadersRankingForEveryMember() throws {
        let net = try Tiny.network()
        let schedule = try Tiny.schedule("""
            pruners:
              inner:
                class: L1RankedStructureParameterPruner
                group_type: Filters
                desired_sparsity: 0.5
                group_dependency: Leader
                weights: [layer3.2.conv1.weight, layer3.0.conv1.weight, layer3.1.conv1.weight]
            policies:
              - pruner: {instance_name: inner}
                epochs: [0]
            """)
        let leaderMagnitudes = MagnitudeRanking.meanL1(net.stages[2][2].conv1.weight.value, dimension: 0)
        let expected = leaderMagnitudes.indices.sorted { leaderMagnitudes[$0] < leaderMagnitudes[$1] }.prefix(4).sorted()
        let scheduler = try CompressionScheduler(schedule: schedule, network: net, baseLearningRate: 0.1)
        scheduler.epochBegan(0)
        for block in net.stages[2] {
            #expect((0..<8).filter { block.conv1.weight.value.sliceIsZero($0, dimension: 0) } == expected, "\(block.name)")
        }
    }

    @Test func twoStructurePrunersOnOneResidualStreamAreRefused() throws {
        let schedule = try Tiny.schedule("""
            pruners:
              a:
                class: L1RankedStructureParameterPruner
                group_type: Filters
                desired_sparsity: 0.5
                weights: [layer2.0.conv2.weight]
              b:
                class: L1RankedStructureParameterPruner
                group_type: Channels
                desired_sparsity: 0.5
                weights: [layer2.1.conv1.weight]
            policies:
              - pruner: {instance_name: a}
                epochs: [0]
              - pruner: {instance_name: b}
                epochs: [0]
            """)
        #expect(throws: PruningError.unitPrunedTwice(unit: "layer2 residual stream", first: "a", second: "b")) {
            try CompressionScheduler(schedule: schedule, network: try Tiny.network(), baseLearningRate: 0.1)
        }
        #expect(PruningError.unitPrunedTwice(unit: "layer2 residual stream", first: "a", second: "b").description
            == "pruners 'a' and 'b' both prune the layer2 residual stream; the channels of one dependency group can "
            + "only have one ranking: name all its weights in one pruner")
    }

    @Test func lrSchedulerPoliciesStepOncePerActiveEpoch() throws {
        let schedule = try Tiny.schedule("""
            lr_schedulers:
              steps:
                class: MultiStepLR
                milestones: [2, 4]
                gamma: 0.5
            policies:
              - lr_scheduler: {instance_name: steps}
                starting_epoch: 1
                ending_epoch: 10
                frequency: 1
            """)
        let scheduler = try CompressionScheduler(schedule: schedule, network: try Tiny.network(), baseLearningRate: 0.2)
        // Steps taken before epoch e: e - 1 (the policy starts at 1); milestones at 2 and 4 steps.
        #expect((0..<7).map { scheduler.learningRate(at: $0) } == [0.2, 0.2, 0.2, 0.1, 0.1, 0.05, 0.05])
    }
}
