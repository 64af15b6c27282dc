import Foundation
import JSON
import Runtime
import Support

/// The BENCH stage in this process: the trial's ONNX and the baseline's, loaded on one backend
/// and measured interleaved (Bench's `BenchmarkRun`), then profiled interleaved for the
/// per-layer table (`LayerProfiler`). The ratio of the two medians is what the sweep
/// optimises; both come from the same seconds of the same machine, so load from other
/// processes moves them together.
public final class LocalTrialBencher: TrialBencher {
    public let backend: any InferenceBackend
    public let objective: SweepConfiguration.Objective
    /// Where the trial's ONNX bytes are written to be loaded (one file, reused).
    public let scratch: URL

    public init(backend: any InferenceBackend, objective: SweepConfiguration.Objective, scratch: URL) {
        self.backend = backend
        self.objective = objective
        self.scratch = scratch
    }

    /// The objective's backend: OpenVINO found the usual way (`--openvino-lib`,
    /// `$SHEARS_OPENVINO_LIB`, the venv), or the native backend on our own kernels.
    public convenience init(objective: SweepConfiguration.Objective, openVINOLibrary: String? = nil,
                            toolVersion: String = "shears", scratch: URL) throws {
        let backend: any InferenceBackend = objective.backend == "native"
            ? NativeBackend(version: toolVersion) : try OpenVINOBackend(libraryPath: openVINOLibrary)
        self.init(backend: backend, objective: objective, scratch: scratch)
    }

    public func bench(_ trained: TrainedTrial, baseline: URL) throws -> BenchedTrial {
        let started = Date()
        try FileManager.default.createDirectory(at: scratch.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(trained.onnx, to: scratch)
        let settings = SessionSettings(device: objective.device, threads: objective.threads, batch: 1)
        let plan = MeasurementPlan(warmup: objective.warmup, stop: .iterations(objective.iterations))
        let records = try BenchmarkRun.run(models: [baseline, scratch], backend: backend, settings: settings, plan: plan)
        let (base, trial) = (records[0], records[1])

        var rows: [BenchedTrial.LayerRow] = []
        var csv = ""
        if objective.profileIterations > 0 {
            var profiled = settings
            profiled.profiling = true
            let input = BenchmarkRun.syntheticInput(count: profiled.inputShape.reduce(1, *))
            let models = try [scratch, baseline].map { url -> (session: any InferenceSession, layers: [LayerFacts]) in
                let session = try backend.load(model: url, settings: profiled)
                try session.setInput(input)
                return (session, try LayerFacts.load(onnx: url, batch: 1))
            }
            let profiles = try LayerProfiler.profile(models, iterations: objective.profileIterations,
                                                     warmup: min(objective.warmup, 10))
            csv = LayerTable.csv(profiles[0], baseline: profiles[1])
            rows = Self.rows(profiles[0], baseline: profiles[1])
        }
        let runtime: JSONValue = [
            "backend": .string(trial.backend), "runtime_version": .string(trial.runtimeVersion),
            "device": .string(trial.device), "threads": trial.threads.map { JSONValue($0) } ?? .null,
            "batch": JSONValue(trial.batch), "model_sha256": .string(trial.modelSHA256),
            "baseline_sha256": .string(base.modelSHA256),
        ]
        return BenchedTrial(trial: trained.trial, latency: trial.statistics,
                            baselineLatency: base.statistics, runtime: runtime, layers: rows,
                            layersCSV: csv, benchSeconds: Date().timeIntervalSince(started))
    }

    /// Our layers in the trial's order, each with its baseline time; then layers only the
    /// baseline has. Runtime-inserted reorders are left to `layers.csv`.
    static func rows(_ profile: LayerProfile, baseline: LayerProfile) -> [BenchedTrial.LayerRow] {
        let layers = profile.rows.filter { $0.kind == .layer }
        let base = Dictionary(baseline.rows.filter { $0.kind == .layer }.map { ($0.key, $0) },
                              uniquingKeysWith: { first, _ in first })
        let keys = Set(layers.map(\.key))
        let op: (LayerTime) -> String = { $0.facts?.op ?? $0.row.nodeType }
        return layers.map { .init(layer: $0.key, op: op($0), ms: $0.medianMilliseconds,
                                  baselineMs: base[$0.key]?.medianMilliseconds) }
            + baseline.rows.filter { $0.kind == .layer && !keys.contains($0.key) }
                .map { .init(layer: $0.key, op: op($0), ms: nil, baselineMs: $0.medianMilliseconds) }
    }
}
