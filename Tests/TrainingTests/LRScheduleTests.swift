import Testing
import Training

struct LRScheduleTests {
    static func lr(_ s: LRSchedule, _ epoch: Double, total: Int = 100) -> Float {
        s.learningRate(base: 0.1, epoch: epoch, totalEpochs: total)
    }

    static func close(_ a: Float, _ b: Float) -> Bool { abs(a - b) <= 1e-6 * max(1, abs(b)) }

    @Test func step() {
        let s = LRSchedule.step(size: 30, gamma: 0.1)
        #expect([0, 29, 29.9, 30, 59, 60].map { Self.lr(s, $0) }.elementsEqual([0.1, 0.1, 0.1, 0.01, 0.01, 0.001], by: Self.close))
    }

    @Test func multiStep() {
        let s = LRSchedule.multiStep(milestones: [2, 5], gamma: 0.5)
        #expect([0, 1, 2, 4, 5, 99].map { Self.lr(s, $0) }.elementsEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.025], by: Self.close))
    }

    @Test func exponential() {
        let s = LRSchedule.exponential(gamma: 0.9)
        #expect([0, 1, 2, 0.5].map { Self.lr(s, $0) }.elementsEqual([0.1, 0.09, 0.081, 0.1 * Float(0.9).squareRoot()], by: Self.close))
    }

    @Test func cosine() {
        let s = LRSchedule.cosine(period: 10, minimum: 0.001)
        #expect([0, 5, 10, 12].map { Self.lr(s, $0) }.elementsEqual([0.1, 0.0505, 0.001, 0.001], by: Self.close))
        // Open-ended: anneals over the whole run.
        #expect(Self.close(Self.lr(.cosine(period: nil, minimum: 0), 50, total: 100), 0.05))
        #expect(Self.close(Self.lr(.cosine(period: nil, minimum: 0), 25, total: 100), 0.1 * (1 + Float(0.5).squareRoot()) / 2))
    }

    /// Two warm-up epochs from 10% of the rate, then cosine over the remaining ten.
    @Test func warmupThenCosine() {
        let s = LRSchedule.warmup(epochs: 2, startFactor: 0.1, then: .cosine(period: nil, minimum: 0))
        #expect([0, 0.5, 1, 2, 7, 12].map { Self.lr(s, $0, total: 12) }
            .elementsEqual([0.01, 0.0325, 0.055, 0.1, 0.05, 0], by: Self.close))
    }

    @Test func perIterationEvaluation() {
        let config = TrainingConfiguration(epochs: 12, learningRate: 0.1,
                                           schedule: .warmup(epochs: 2, startFactor: 0.1, then: .constant),
                                           schedulePerIteration: true)
        #expect(Self.close(config.learningRate(epoch: 0, batch: 20, batches: 40), 0.0325))
        var perEpoch = config
        perEpoch.schedulePerIteration = false
        #expect(Self.close(perEpoch.learningRate(epoch: 0, batch: 20, batches: 40), 0.01))
    }

    @Test(arguments: ["constant", "step:30:0.1", "multistep:100,150:0.1", "exp:0.95", "cosine", "cosine:58",
                      "cosine:58:0.001", "cosine::0.001", "warmup:2:0.1+cosine", "warmup:5:0.25+step:10:0.5"])
    func textFormRoundTrips(_ text: String) throws {
        #expect(try LRSchedule(parsing: text).description == text)
    }

    @Test func warmupStartFactorDefaultsToATenth() throws {
        #expect(try LRSchedule(parsing: "warmup:3+constant") == .warmup(epochs: 3, startFactor: 0.1, then: .constant))
    }

    @Test(arguments: ["", "cosin", "step:0:0.1", "step:10", "multistep:5,2:0.1", "exp:-1", "warmup:2+", "warmup:0+cosine",
                      "cosine:x"])
    func malformedSchedulesAreRejected(_ text: String) {
        #expect(throws: TrainingError.badSchedule(text: text)) { try LRSchedule(parsing: text) }
    }

    @Test func scheduleErrorListsTheForms() {
        #expect(TrainingError.badSchedule(text: "cosin").description
            == "cannot parse learning-rate schedule 'cosin'; expected one of constant, step:SIZE:GAMMA, "
            + "multistep:M1,M2,...:GAMMA, exp:GAMMA, cosine[:PERIOD][:MIN], "
            + "optionally preceded by warmup:EPOCHS[:START_FACTOR]+ (e.g. warmup:2:0.1+cosine)")
    }
}
