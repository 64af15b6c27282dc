import Datasets
import Foundation
import Kernels
import Network
import Testing
import Training
import Support

/// Trains the toy model on generated data: checks the loop learns, is deterministic, and that
/// an interrupted run resumed from its checkpoint ends bit for bit where an uninterrupted one does.
struct TrainerTests {
    static let train = toyImages(count: 200, seed: 1)
    static let held = toyImages(count: 100, seed: 2)
    static let normalization = ChannelNormalization(computedFrom: train)

    static func configuration(seed: UInt64, epochs: Int = 4) -> TrainingConfiguration {
        TrainingConfiguration(epochs: epochs, batchSize: 32, learningRate: 0.001,
                              schedule: .warmup(epochs: 1, startFactor: 0.2, then: .cosine(period: nil, minimum: 0)),
                              schedulePerIteration: true, seed: seed, augmentation: .standard)
    }

    static func trainer(seed: UInt64, epochs: Int = 4) -> Trainer {
        Trainer(model: LinearSoftmax(seed: seed), optimizer: SGD(momentum: 0.9, weightDecay: 5e-4, nesterov: true),
                configuration: configuration(seed: seed, epochs: epochs), training: train, validation: held,
                normalization: normalization)
    }

    final class Recorder: TrainingHooks {
        var summaries: [EpochSummary] = []
        var events: [String] = []
        func epochBegan(_ epoch: Int) { events.append("begin \(epoch)") }
        func beforeOptimizerStep(epoch: Int, batch: Int, batches: Int) { if batch == 0 { events.append("step \(epoch)") } }
        func epochEnded(_ summary: EpochSummary) { summaries.append(summary); events.append("end \(summary.epoch)") }
    }

    static func weights(_ t: Trainer) -> [[UInt32]] { t.model.parameters.map { $0.value.data.map(\.bitPattern) } }

    @Test func lossFallsAndHeldOutAccuracyRises() {
        let t = Self.trainer(seed: 3)
        let before = evaluate(t.model, on: Self.held, normalization: Self.normalization)
        let recorder = Recorder()
        t.hooks = [recorder]
        #expect(t.run(stopRequested: { false }) == .completed)
        let losses = recorder.summaries.map(\.train.meanLoss)
        #expect(losses.count == 4)
        #expect(losses.last! < 0.6 * losses.first!, "training loss per epoch: \(losses)")
        #expect(zip(losses, losses.dropFirst()).allSatisfy { $1 < $0 }, "training loss per epoch: \(losses)")
        let after = evaluate(t.model, on: Self.held, normalization: Self.normalization)
        #expect(after.top1 > 0.6 && after.top1 > before.top1 + 0.3, "held-out top-1 \(before.top1) → \(after.top1)")
        #expect(after.meanLoss < before.meanLoss)
        #expect(recorder.summaries.last?.validation?.images == 100)
        #expect(recorder.events.prefix(4) == ["begin 0", "step 0", "end 0", "begin 1"])
        #expect(t.state.epoch == 4 && t.state.batch == 0)
    }

    @Test func untrainedZeroModelHasLossLnTen() {
        let model = LinearSoftmax(seed: 0)
        for p in model.parameters { p.value = Tensor(shape: p.shape) }
        let m = evaluate(model, on: Self.held, normalization: Self.normalization, batchSize: 7)
        #expect(abs(m.meanLoss - log(10.0)) < 1e-5 && m.images == 100)
        #expect(m.top1 == 0.1, "all-tied logits count only class 0 as right")
    }

    @Test func sameSeedSameWeightsBitForBit() {
        let a = Self.trainer(seed: 11, epochs: 2), b = Self.trainer(seed: 11, epochs: 2), c = Self.trainer(seed: 12, epochs: 2)
        for t in [a, b, c] { _ = t.run(stopRequested: { false }) }
        #expect(Self.weights(a) == Self.weights(b))
        #expect(Self.weights(a) != Self.weights(c))
    }

    /// Stop mid-epoch, write model + resume state to a safetensors file, read it back into a
    /// fresh model and trainer, finish: the weights equal an uninterrupted run's exactly.
    @Test func interruptedAndResumedRunMatchesUninterrupted() throws {
        let straight = Self.trainer(seed: 5, epochs: 3)
        _ = straight.run(stopRequested: { false })

        let first = Self.trainer(seed: 5, epochs: 3)
        var checks = 0
        #expect(first.run(stopRequested: { checks += 1; return checks > 10 }) == .interrupted)
        // 7 batches per epoch; one check before each epoch and each batch: the 11th is before batch 1 of epoch 1.
        #expect(first.state.epoch == 1 && first.state.batch == 1)
        let (metadata, extra) = first.resumeCheckpoint()
        let file = SafeTensors(entries: first.model.parameters.map { .init(name: $0.name, tensor: $0.value) } + extra,
                               metadata: metadata)
        let reread = try SafeTensors(decoding: try file.encoded())

        let model = LinearSoftmax(seed: 999)
        for p in model.parameters { p.value = try #require(reread[p.name]) }
        let resumed = try Trainer(resuming: reread, model: model, training: Self.train, validation: Self.held,
                                  normalization: Self.normalization)
        #expect(resumed.configuration == first.configuration && resumed.state == first.state)
        #expect(resumed.optimizer == first.optimizer)
        #expect(resumed.run(stopRequested: { false }) == .completed)
        #expect(Self.weights(resumed) == Self.weights(straight))
    }

    @Test func interruptFlagStopsTheLoop() {
        Interrupt.reset()
        Interrupt.request()
        defer { Interrupt.reset() }
        let t = Self.trainer(seed: 1)
        #expect(t.run() == .interrupted)
        #expect(t.state == TrainingState(epoch: 0, batch: 0, classCount: 10))
    }

    @Test func resumeStateErrorsNameTheKey() {
        #expect(throws: TrainingError.badResumeState(key: "training.state.epoch", value: nil)) {
            _ = try TrainingState.restore(from: SafeTensors(), parameters: [], classCount: 10)
        }
        var metadata = Self.trainer(seed: 1).resumeCheckpoint().metadata
        metadata["training.seed"] = "-3"
        #expect(throws: TrainingError.badResumeState(key: "training.seed", value: "-3")) {
            _ = try TrainingConfiguration(metadata: metadata)
        }
        #expect(TrainingError.badResumeState(key: "training.seed", value: "-3").description
            == "resume state 'training.seed' is '-3', which is not valid")
    }
}
