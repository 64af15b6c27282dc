import JSON
import Queue
import ShearsTestSupport
import Testing
import Tuning

/// The sweep's stage messages survive the queue with their bytes as attachments.
struct TrialMessagesTests {
    let trained = TrainedTrial(trial: 4, seed: 1 << 63 + 5, valTop1: 0.71, testTop1: 0.7, parameterCount: 120_000,
                               macs: 9_000_000, checkpoint: randomBytes(3000, seed: 1), onnx: randomBytes(2000, seed: 2),
                               trainSeconds: 12.5, details: ["sparsity": 0.4])

    @Test func aTrainedTrialRoundTripsWithItsModelsAsAttachments() throws {
        let message = TrialMessages.trainResult(trained)
        #expect(message.header["onnx"] == nil && message.header["checkpoint"] == nil)
        #expect(message.attachment("onnx") == trained.onnx)
        let decoded = try QueueMessage(decoding: message.encoded())
        #expect(try TrialMessages.trainedTrial(from: decoded, id: "s/4") == trained)
        #expect(throws: QueueError.badJob("s/4", "the train result has no checkpoint or ONNX attachment")) {
            try TrialMessages.trainedTrial(from: QueueMessage(message.header), id: "s/4")
        }
    }

    @Test func aBenchJobCarriesBothModelsAndTheObjective() throws {
        let objective = SweepConfiguration.Objective(backend: "native", device: "GPU", threads: nil, iterations: 30,
                                                     warmup: 3, profileIterations: 0, statistic: .min)
        let baseline = randomBytes(2500, seed: 3)
        let job = try QueueMessage(decoding: TrialMessages.benchJob(trained, baselineONNX: baseline, objective: objective)
            .encoded())
        let parts = try TrialMessages.benchParts(from: job, id: "s/4")
        #expect(parts.baselineONNX == baseline)
        #expect(parts.objective == objective)
        #expect(parts.trained.onnx == trained.onnx)
        #expect(parts.trained.checkpoint == [])  // benchmarking does not need the weights
        #expect(parts.trained.valTop1 == trained.valTop1 && parts.trained.seed == trained.seed)
    }
}
