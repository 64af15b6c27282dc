import Datasets
import Foundation
import Kernels
import Network
import Pruning
import ShearsTestSupport
import Testing
import Training

/// Thinning removes exactly what masks made dead: the thinned network computes the masked
/// network's logits on real images, every member of a coupled group keeps the same channels,
/// and the thinned checkpoint reloads.
struct ThinningTests {
    /// Every kind of structure at once: inner filters, a residual stream by summed L1 and one by
    /// Leader, conv2 input channels, fc rows (the last stream), and fine-grained pruning.
    static let mixed = """
        pruners:
          inner:
            class: L1RankedStructureParameterPruner
            group_type: Filters
            desired_sparsity: 0.5
            weights: [layer1.0.conv1.weight, layer2.1.conv1.weight, layer3.2.conv1.weight]
          stream2:
            class: L1RankedStructureParameterPruner
            group_type: Filters
            desired_sparsity: 0.25
            weights: [layer2.0.conv2.weight, layer2.0.downsample.0.weight, layer2.2.conv2.weight]
          stream1:
            class: L1RankedStructureParameterPruner
            group_type: Filters
            desired_sparsity: 0.5
            group_dependency: Leader
            weights: [conv1.weight, layer1.1.conv2.weight]
          columns:
            class: L1RankedStructureParameterPruner
            group_type: Channels
            desired_sparsity: 0.5
            weights: [layer3.1.conv2.weight]
          rows:
            class: L1RankedStructureParameterPruner
            group_type: Rows
            desired_sparsity: 0.25
            weights: [fc.weight]
          fine:
            class: SparsityLevelParameterPruner
            levels: {layer3.0.conv2.weight: 0.6}
        policies:
          - pruner: {instance_name: inner}
            epochs: [0]
          - pruner: {instance_name: stream2}
            epochs: [0]
          - pruner: {instance_name: stream1}
            epochs: [0]
          - pruner: {instance_name: columns}
            epochs: [0]
          - pruner: {instance_name: rows}
            epochs: [0]
          - pruner: {instance_name: fine}
            epochs: [0]
        """

    static func prunedNetwork() throws -> (network: ResNet, scheduler: CompressionScheduler) {
        let net = try Tiny.network()
        let scheduler = try CompressionScheduler(schedule: try Tiny.schedule(mixed), network: net, baseLearningRate: 0.1)
        scheduler.epochBegan(0)
        return (net, scheduler)
    }

    @Test func thinnedLogitsEqualMaskedLogitsOnRealImages() throws {
        let images = try #require(try Tiny.realImages(count: 24), "the bundled CIFAR-10 subset (make setup)")
        let (masked, _) = try Self.prunedNetwork()
        let (thinned, plan) = masked.thinned()
        #expect(thinned.architecture == ResNetArchitecture(stages: [
            .init(width: 2, stride: 1, innerWidths: [2, 4, 4]),
            .init(width: 6, stride: 2, innerWidths: [8, 4, 8]),
            .init(width: 6, stride: 2, innerWidths: [8, 4, 4]),
        ]), "\(plan.describe(from: masked.architecture))")
        #expect(thinned.architecture.macs() < masked.architecture.macs() / 2)
        let a = masked.forward(images, training: false).data, b = thinned.forward(images, training: false).data
        let check = closeness(a, b, tol: 1e-4, label: "thinned vs masked logits")
        #expect(check.ok, "\(check.message)")
        #expect(a.contains { abs($0) > 0.1 }, "logits are not trivially zero")
        // Without the BN masks the shift β − γ·μ/σ of a zero filter would change the logits.
        let unthinnedSum = masked.forward(images, training: false).data.map(abs).reduce(0, +)
        #expect(unthinnedSum > 0)
    }

    @Test func everyMemberOfACoupledGroupKeepsTheSameChannels() throws {
        let (masked, scheduler) = try Self.prunedNetwork()
        let plan = masked.thinningPlan()
        plan._checkInvariants(architecture: masked.architecture)
        // The stream of layer2 was ranked by the named conv2s + downsample; all producers lost the same filters.
        let dead = (0..<8).filter { masked.stages[1][0].conv2.weight.value.sliceIsZero($0, dimension: 0) }
        #expect(dead.count == 2)
        for (conv, bn) in masked.streamProducers(stage: 1) {
            #expect((0..<8).filter { conv.weight.value.sliceIsZero($0, dimension: 0) } == dead, "\(conv.name)")
            #expect(dead.allSatisfy { bn.weight.value.data[$0] == 0 && bn.bias.value.data[$0] == 0 }, "\(bn.name)")
        }
        #expect(plan.stream[1] == (0..<8).filter { !dead.contains($0) })
        // Every tensor of the thinned network is the original cut by the plan's slices for it.
        let thinned = masked.thinned(by: plan)
        let slices = plan.slices(for: masked.architecture)
        let original = Dictionary(uniqueKeysWithValues: masked.namedTensors.map { ($0.name, $0.value) })
        for (name, value) in thinned.namedTensors {
            let s = try #require(slices[name], "\(name)")
            #expect(original[name]!.selecting(dim0: s.dim0, dim1: s.dim1) == value, "\(name)")
        }
        // Leader: layer1's stream keeps the stem's two largest filters by mean |w| before pruning.
        let stem = MagnitudeRanking.meanL1(try Tiny.network().conv1.weight.value, dimension: 0)
        #expect(plan.stream[0] == stem.indices.sorted { stem[$0] > stem[$1] }.prefix(2).sorted())
        // The masks survive thinning cut alike: the thinned network has no masked slice left.
        let thinnedScheduler = scheduler
        thinnedScheduler.thin()
        #expect(thinnedScheduler.network.architecture == thinned.architecture)
        thinnedScheduler.masks._checkInvariants(network: thinnedScheduler.network)
        #expect(thinnedScheduler.masks.units.values.allSatisfy { !$0.contains(false) })
        #expect(abs(thinnedScheduler.masks.sparsity(of: "layer3.0.conv2.weight") - 0.6) < 0.02)
    }

    @Test func thinnedCheckpointReloadsWithTheSameLogits() throws {
        let images = try #require(try Tiny.realImages(count: 8), "the bundled CIFAR-10 subset (make setup)")
        let (masked, _) = try Self.prunedNetwork()
        let thinned = masked.thinned().network
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shears-thin-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint(network: thinned, normalization: .unit).write(to: path)
        let reloaded = try Checkpoint(contentsOf: path).network
        #expect(reloaded.architecture == thinned.architecture)
        #expect(reloaded.forward(images, training: false) == thinned.forward(images, training: false))
    }

    @Test func masksStayAppliedAfterOptimiserStepsWeightsAndMomentum() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        try fixture.writeComplete(perFile: 4)
        let images = try CIFAR10.loadTraining(directory: fixture.directory)
        let net = try Tiny.network()
        let scheduler = try CompressionScheduler(schedule: try Tiny.schedule(Self.mixed), network: net, baseLearningRate: 0.05)
        let trainer = Trainer(model: net, optimizer: SGD(momentum: 0.9, weightDecay: 5e-4, nesterov: true),
                              configuration: TrainingConfiguration(epochs: 2, batchSize: 8, learningRate: 0.05, seed: 3),
                              training: images, normalization: ChannelNormalization(computedFrom: images))
        scheduler.attach(trainer)
        #expect(trainer.run(stopRequested: { false }) == .completed)
        var changed = false
        for p in net.parameters {
            guard let mask = scheduler.masks.combined[p.name] else { continue }
            let buffer = try #require(trainer.optimizer.momentumBuffers[p.name])
            for i in mask.indices where mask[i] == 0 {
                #expect(p.value.data[i] == 0 && buffer[i] == 0, "\(p.name)[\(i)]")
                if p.value.data[i] != 0 || buffer[i] != 0 { return }
            }
            changed = changed || mask.indices.contains { mask[$0] == 1 && buffer[$0] != 0 }
        }
        #expect(changed, "training moved the unmasked weights")
        // Thinning the optimiser keeps the surviving buffers' values.
        let shapes = Dictionary(uniqueKeysWithValues: net.parameters.map { ($0.name, $0.shape) })
        var optimizer = trainer.optimizer
        let before = optimizer.momentumBuffers["layer2.1.conv1.weight"]!
        let plan = scheduler.thin()
        optimizer.thin(by: plan, architecture: net.architecture, shapes: shapes)
        let s = plan.slices(for: net.architecture)["layer2.1.conv1.weight"]!
        #expect(optimizer.momentumBuffers["layer2.1.conv1.weight"]!
            == Tensor(shape: shapes["layer2.1.conv1.weight"]!, data: before).selecting(dim0: s.dim0, dim1: s.dim1).data)
    }
}
