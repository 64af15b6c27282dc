import Foundation
import Kernels
import Support

/// One model's latency figure with everything needed to trust or reproduce it: the runtime and
/// its version, device, threads, batch, mode, and the SHA-256 of the exact model file.
public struct BenchmarkRecord: Equatable, Sendable {
    public var model: String
    public var modelSHA256: String
    public var backend: String
    public var runtimeVersion: String
    public var device: String
    /// Threads the runtime reported using; nil when it would not say (then the requested count).
    public var threads: Int?
    public var batch: Int
    public var mode: PerformanceMode
    public var requests: Int
    public var statistics: LatencyStatistics
    public var throughputFPS: Double
    /// This model's median over the first model's median, both measured in this run.
    public var ratioToFirst: Double
    /// The `INFERENCE_PRECISION_HINT` compiled with; nil when the runtime chose.
    public var precisionHint: String?
    /// What the compute nodes executed in (`i8`, `f32`, `i8+f32`), from one profiled inference
    /// (`ExecutedPrecision.probe`); nil when the runtime does not say.
    public var executedPrecision: String?

    public init(model: String, modelSHA256: String, backend: String, runtimeVersion: String, device: String,
                threads: Int?, batch: Int, mode: PerformanceMode, requests: Int, statistics: LatencyStatistics,
                throughputFPS: Double, ratioToFirst: Double, precisionHint: String? = nil,
                executedPrecision: String? = nil) {
        self.model = model
        self.modelSHA256 = modelSHA256
        self.backend = backend
        self.runtimeVersion = runtimeVersion
        self.device = device
        self.threads = threads
        self.batch = batch
        self.mode = mode
        self.requests = requests
        self.statistics = statistics
        self.throughputFPS = throughputFPS
        self.ratioToFirst = ratioToFirst
        self.precisionHint = precisionHint
        self.executedPrecision = executedPrecision
    }
}

/// Loads each model on one backend, measures them interleaved and returns one record each.
public enum BenchmarkRun {
    /// The seed of the input batch: fixed, because ReLU sparsity in the activations can change
    /// timings on some runtimes and a figure should not depend on which random input it saw.
    public static let inputSeed: UInt64 = 20_240_601

    public static func run(models: [URL], backend: any InferenceBackend, settings: SessionSettings,
                           plan: MeasurementPlan) throws -> [BenchmarkRecord] {
        guard !models.isEmpty else { throw BenchError.invalidPlan("no models to measure") }
        try plan.validate()
        let input = syntheticInput(count: settings.inputShape.reduce(1, *))
        var sessions: [any InferenceSession] = []
        for model in models {
            let session = try backend.load(model: model, settings: settings)
            try session.setInput(input)
            sessions.append(session)
        }
        let measurements = try LatencyBenchmark.measure(sessions, plan: plan)
        let firstMedian = measurements[0].statistics.median
        return try zip(models, zip(sessions, measurements)).map { model, pair in
            let (session, measurement) = pair
            let statistics = measurement.statistics
            return BenchmarkRecord(
                model: model.path, modelSHA256: try modelHash(model), backend: backend.name,
                runtimeVersion: backend.runtimeVersion, device: settings.device,
                threads: session.effectiveThreads ?? settings.threads, batch: settings.batch, mode: settings.mode,
                requests: session.requestCount, statistics: statistics, throughputFPS: measurement.throughputFPS,
                ratioToFirst: firstMedian > 0 ? statistics.median / firstMedian : 0,
                precisionHint: settings.precision,
                executedPrecision: try ExecutedPrecision.probe(model: model, backend: backend, settings: settings))
        }
    }

    /// Uniform values in [0, 1), like normalised-then-shifted pixels, from `inputSeed`.
    public static func syntheticInput(count: Int) -> [Float] {
        var random = SeededRandom(seed: inputSeed)
        return (0..<count).map { _ in random.uniform() }
    }

    static func modelHash(_ model: URL) throws -> String {
        do { return try SHA256.hex(ofFile: model) } catch {
            throw BenchError.modelNotReadable(path: model.path, reason: error.localizedDescription)
        }
    }
}
