/// A request that arrives over a queue is data from whoever can write there: each field is
/// checked against what a sweep file could have produced before a trainer sees it. A batch
/// size of 0 divides by zero deep in the trainer; -5 "succeeds" with zero steps.
extension TrialRequest {
    /// Throws `TuningError.badMessage` naming the first field out of range.
    public func validate() throws {
        func bad(_ key: String, _ expected: String) -> TuningError {
            .badMessage("trial request", key: key, expected: expected)
        }
        guard trial >= TrialRequest.baselineID else { throw bad("trial", "a trial id (>= -1)") }
        guard (1...TrialRequest.maxEpochs).contains(fineTuneEpochs) else {
            throw bad("fine_tune_epochs", "an integer from 1 to \(TrialRequest.maxEpochs)")
        }
        if let validationSplit, validationSplit < 1 { throw bad("validation_split", "a positive integer") }
        guard fineTune.learningRate.isFinite, fineTune.learningRate > 0 else { throw bad("fine_tune.lr", "a positive number") }
        guard (1...TrialRequest.maxBatchSize).contains(fineTune.batchSize) else {
            throw bad("fine_tune.batch_size", "an integer from 1 to \(TrialRequest.maxBatchSize)")
        }
        guard fineTune.momentum.isFinite, fineTune.momentum >= 0 else {
            throw bad("fine_tune.momentum", "a non-negative number")
        }
        guard fineTune.weightDecay.isFinite, fineTune.weightDecay >= 0 else {
            throw bad("fine_tune.weight_decay", "a non-negative number")
        }
        guard !baseline.isEmpty else { throw bad("baseline", "a path") }
        guard !data.isEmpty else { throw bad("data", "a path") }
    }

    /// Bounds no sweep needs to exceed; a larger value is a mistake or an attack on memory.
    public static let maxEpochs = 10_000
    public static let maxBatchSize = 65_536
}

extension SweepConfiguration.Objective {
    /// The bench job's objective, checked like the sweep file's: a backend Shears has
    /// ("tensorrt" must not silently run OpenVINO), positive counts.
    public func validate() throws {
        func bad(_ key: String, _ expected: String) -> TuningError {
            .badMessage("bench job objective", key: key, expected: expected)
        }
        guard Self.supportedObjectives.contains(minimize) else {
            throw TuningError.unsupportedObjective(minimize, supported: Self.supportedObjectives)
        }
        guard Self.supportedBackends.contains(backend) else {
            throw TuningError.unsupportedBackend(backend, supported: Self.supportedBackends)
        }
        guard !device.isEmpty else { throw bad("device", "a device name") }
        if let threads, threads < 1 { throw bad("threads", "a positive integer") }
        guard iterations >= 1 else { throw bad("iterations", "a positive integer") }
        guard warmup >= 0 else { throw bad("warmup", "a non-negative integer") }
        guard profileIterations >= 0 else { throw bad("profile_iterations", "a non-negative integer") }
    }
}
