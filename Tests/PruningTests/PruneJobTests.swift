import Datasets
import Foundation
import Network
import Pruning
import ShearsTestSupport
import Testing
import Training

/// `PruneJob`, the call `shears prune` and a sweep make: a tiny baseline on a tiny data set,
/// fine-tuned under a ramping schedule with mid-run thinning.
struct PruneJobTests {
    static let schedule = """
        pruners:
          inner:
            class: L1RankedStructureParameterPruner_AGP
            initial_sparsity: 0.25
            final_sparsity: 0.5
            group_type: Filters
            weights: [layer1.0.conv1.weight, layer2.0.conv1.weight, layer3.1.conv1.weight]
          stream:
            class: L1RankedStructureParameterPruner_AGP
            initial_sparsity: 0.125
            final_sparsity: 0.25
            group_type: Filters
            group_dependency: Leader
            weights: [layer3.0.downsample.0.weight, layer3.0.conv2.weight]
        lr_schedulers:
          lr:
            class: StepLR
            step_size: 1
            gamma: 0.5
        extensions:
          thin:
            class: FilterRemover
            thinning_func_str: remove_filters
            arch: resnet20_cifar
            dataset: cifar10
        policies:
          - pruner: {instance_name: inner}
            starting_epoch: 0
            ending_epoch: 3
            frequency: 1
          - pruner: {instance_name: stream}
            starting_epoch: 0
            ending_epoch: 3
            frequency: 1
          - extension: {instance_name: thin}
            epochs: [1]
          - lr_scheduler: {instance_name: lr}
            starting_epoch: 0
            ending_epoch: 3
            frequency: 1
        """

    /// A baseline checkpoint like `shears train` writes: 4 of the 20 training images held out.
    static func baseline() throws -> Checkpoint {
        Checkpoint(network: try Tiny.network(), normalization: ChannelNormalization(mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25]),
                   metadata: [TrainingJob.validationKey: "4", "training.seed": "1"])
    }

    @Test func prunesThinsEvaluatesAndWritesAReloadableCheckpointWithoutTouchingTheBaseline() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        try fixture.writeComplete(perFile: 4)
        let baseline = try Self.baseline()
        let before = baseline.network.namedTensors.map(\.value)
        let out = fixture.path("pruned.safetensors")
        let job = PruneJob(baseline: baseline, baselinePath: "base.safetensors", schedule: try Tiny.schedule(Self.schedule),
                           scheduleText: Self.schedule, dataDirectory: fixture.directory, epochs: 3, seed: 5,
                           batchSize: 8, learningRate: 0.05, output: out)
        var notes: [String] = []
        let result = try job.run(note: { notes.append($0) }, stopRequested: { false })
        #expect(result.outcome == .completed)
        #expect(baseline.network.namedTensors.map(\.value) == before, "the baseline is left as it was")
        // ⌊0.5·4⌋ of layer1.0 and ⌊0.5·8⌋ of layer2.0/layer3.1 inner channels, ⌊0.25·8⌋ of layer3's stream.
        #expect(result.network.architecture.stages.map(\.width) == [4, 8, 6])
        #expect(result.network.architecture.stages.map(\.innerWidths) == [[2, 4, 4], [4, 8, 8], [8, 4, 8]])
        #expect(result.macs < result.baseline.macs())
        #expect(try #require(result.thinningLogitDifference) <= 1e-4)
        #expect(result.validation?.images == 4 && result.test?.images == 4)
        #expect(result.epochs.map(\.learningRate) == [0.05, 0.025, 0.0125], "StepLR every epoch")
        #expect(notes.contains { $0.hasPrefix("thinned at epoch 1: ") })

        let saved = try Checkpoint(contentsOf: out)
        #expect(saved.network.architecture == result.network.architecture)
        #expect(saved.metadata[PruneJob.scheduleKey] == Self.schedule)
        #expect(saved.metadata[TrainingJob.validationKey] == "4" && saved.metadata[TrainingJob.validationSeedKey] == "1")
        // The saved model's validation images are the baseline's held-out images.
        let val = try saved.images(of: .val, dataDirectory: fixture.directory, path: out)
        let expected = try ValidationSplit(try CIFAR10.loadTraining(directory: fixture.directory), validationCount: 4, seed: 1)
        #expect(val == expected.validation)

        // Same seed, same bits.
        let again = try PruneJob(baseline: try Self.baseline(), baselinePath: "base.safetensors",
                                 schedule: try Tiny.schedule(Self.schedule), scheduleText: Self.schedule,
                                 dataDirectory: fixture.directory, epochs: 3, seed: 5, batchSize: 8,
                                 learningRate: 0.05).run(stopRequested: { false })
        #expect(again.network.namedTensors.map(\.value) == result.network.namedTensors.map(\.value))
    }

    @Test func aDifferentValidationSplitThanTheBaselinesIsRefused() throws {
        let job = PruneJob(baseline: try Self.baseline(), baselinePath: "base.safetensors",
                           schedule: try Tiny.schedule(Self.schedule), scheduleText: Self.schedule,
                           dataDirectory: "/nonexistent", epochs: 1, seed: 1, validationCount: 100)
        #expect(throws: PruningError.validationSplitMismatch(path: "base.safetensors", baseline: 4, requested: 100)) {
            try job.run(stopRequested: { false })
        }
    }

    @Test func aStopRequestEndsTheRunBetweenBatchesAndWritesNothing() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        try fixture.writeComplete(perFile: 4)
        let out = fixture.path("never.safetensors")
        var checks = 0
        let job = PruneJob(baseline: try Self.baseline(), baselinePath: "base.safetensors",
                           schedule: try Tiny.schedule(Self.schedule), scheduleText: Self.schedule,
                           dataDirectory: fixture.directory, epochs: 3, seed: 5, batchSize: 8, output: out)
        let result = try job.run(stopRequested: { checks += 1; return checks > 3 })
        #expect(result.outcome == .interrupted)
        #expect(result.test == nil && result.thinningLogitDifference == nil)
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
