import Datasets
import Foundation
import Kernels
import Network
import ShearsTestSupport
import Testing
import Training

struct CheckpointTests {
    static let architecture = try! ResNetArchitecture.cifar(depth: 20, widths: [4, 8, 8])
    static let normalization = ChannelNormalization(mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.3])

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("shears-ck-\(UUID().uuidString)-\(name)").path
    }

    static func bits(_ network: ResNet) -> [String: [UInt32]] {
        Dictionary(uniqueKeysWithValues: network.namedTensors.map { ($0.name, $0.value.data.map(\.bitPattern)) })
    }

    @Test func roundTripKeepsTensorsNormalisationMetadataAndOptimiserState() throws {
        let network = try ResNet(architecture: Self.architecture, seed: 4)
        network.batchNorms[2].runningMean.data[1] = 0.75
        let momentum = SafeTensors.Entry(name: "optimizer.momentum.fc.bias", tensor: Tensor(shape: [10], repeating: 0.5))
        let path = Self.temporary("a.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Checkpoint(network: network, normalization: Self.normalization, metadata: ["result.test.top1": "0.5"],
                       optimizerTensors: [momentum]).write(to: path)
        let back = try Checkpoint(contentsOf: path)
        #expect(back.network.architecture == Self.architecture)
        #expect(Self.bits(back.network) == Self.bits(network))
        #expect(back.normalization == Self.normalization)
        #expect(back.metadata == ["result.test.top1": "0.5"])
        #expect(back.optimizerTensors == [momentum])
        #expect(!back.isResumable)
    }

    @Test func aThinnedArchitectureReloads() throws {
        var thin = Self.architecture
        thin.stages[1].innerWidths[0] = 3
        let network = try ResNet(architecture: thin, seed: 1)
        let back = try Checkpoint(file: Checkpoint(network: network, normalization: .unit).file, path: "t")
        #expect(back.network.architecture == thin && Self.bits(back.network) == Self.bits(network))
    }

    @Test func errorsNameTheFileAndTheProblem() throws {
        #expect(throws: CheckpointError.notACheckpoint(path: "x.st", missing: "architecture")) {
            try Checkpoint(file: SafeTensors(), path: "x.st")
        }
        #expect(CheckpointError.notACheckpoint(path: "x.st", missing: "architecture").description
            == "x.st: not a shears checkpoint: its metadata lacks 'architecture'")
        var file = Checkpoint(network: try ResNet(architecture: Self.architecture, seed: 1), normalization: .unit).file
        file.entries.removeAll { $0.name == "fc.bias" }
        do {
            _ = try Checkpoint(file: file, path: "y.st")
            Issue.record("accepted a checkpoint without fc.bias")
        } catch {
            #expect(error.description == "y.st: invalid checkpoint: missing tensor 'fc.bias'")
        }
    }
}

/// `shears train`'s job end to end on a generated CIFAR directory with a narrow ResNet-20:
/// it writes a final checkpoint with results, and an interrupted job resumed from its
/// checkpoint file ends with the same weights bit for bit.
struct TrainingJobTests {
    static func job(_ fixture: CIFARFixture, out: String, resume: String? = nil) -> TrainingJob {
        TrainingJob(architecture: CheckpointTests.architecture, dataDirectory: fixture.directory, validationCount: 4,
                    configuration: TrainingConfiguration(epochs: 2, batchSize: 4, learningRate: 0.05,
                                                         schedule: .warmup(epochs: 1, startFactor: 0.1, then: .cosine(period: nil, minimum: 0)),
                                                         schedulePerIteration: true, seed: 9),
                    optimizer: SGD(momentum: 0.9, weightDecay: 5e-4, nesterov: true), output: out, resume: resume)
    }

    @Test func interruptedJobResumesToTheSameWeights() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        try fixture.writeComplete(perFile: 4)
        let straightPath = fixture.path("straight.safetensors"), resumedPath = fixture.path("resumed.safetensors")

        let straight = try Self.job(fixture, out: straightPath).run(progress: .silent, note: { _ in }, stopRequested: { false })
        #expect(straight.outcome == .completed && straight.epochs.count == 2)
        #expect(straight.test?.images == 4 && straight.validation?.images == 4)
        let final = try Checkpoint(contentsOf: straightPath)
        #expect(!final.isResumable && final.optimizerTensors.isEmpty)
        #expect(final.metadata["result.test.images"] == "4" && final.metadata["data.val_split"] == "4")
        #expect(final.metadata["training.lr_schedule"] == "warmup:1:0.1+cosine")

        var checks = 0
        var notes: [String] = []
        let first = try Self.job(fixture, out: resumedPath)
            .run(progress: .silent, note: { notes.append($0) }, stopRequested: { checks += 1; return checks > 7 })
        #expect(first.outcome == .interrupted && first.test == nil)
        #expect(notes.last == "saved a resumable checkpoint to \(resumedPath) (epoch 2, batch 2); continue with: "
            + "shears train --resume \(resumedPath) --out \(resumedPath)")
        let saved = try Checkpoint(contentsOf: resumedPath)
        #expect(saved.isResumable && !saved.optimizerTensors.isEmpty)

        let second = try Self.job(fixture, out: resumedPath, resume: resumedPath)
            .run(progress: .silent, note: { _ in }, stopRequested: { false })
        #expect(second.outcome == .completed)
        let resumed = try Checkpoint(contentsOf: resumedPath)
        #expect(CheckpointTests.bits(resumed.network) == CheckpointTests.bits(final.network))
        #expect(resumed.metadata["result.test.top1"] == final.metadata["result.test.top1"])
    }

    /// A checkpoint that cannot be written stops the run after that epoch's save, not at the end.
    @Test func anUnwritableOutputStopsAfterTheFirstEpoch() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        try fixture.writeComplete(perFile: 4)
        let path = fixture.path("missing-dir/m.safetensors")
        var epochsStarted = 0
        var batchesChecked = 0
        do {
            _ = try Self.job(fixture, out: path).run(progress: .silent, note: { _ in },
                                                     stopRequested: { batchesChecked += 1; return false })
            Issue.record("training with an unwritable --out finished without an error")
        } catch {
            #expect("\(error)" == "\(path): cannot write: No such file or directory")
            epochsStarted = batchesChecked
        }
        // 16 training images at batch 4: the loop asks 5 times per epoch (before each of the 4
        // batches and once more at the epoch's end), so the whole 2-epoch run would ask 10 times.
        #expect(epochsStarted == 5, "the run went on after the failed save (\(batchesChecked) checks)")
    }

    @Test func resumingAFinishedModelIsAnError() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        try fixture.writeComplete(perFile: 2)
        let path = fixture.path("m.safetensors")
        try Checkpoint(network: try ResNet(architecture: CheckpointTests.architecture, seed: 1), normalization: .unit)
            .write(to: path)
        #expect(throws: TrainingError.notResumable(path: path)) {
            try Self.job(fixture, out: path, resume: path).run(progress: .silent, note: { _ in })
        }
    }
}
