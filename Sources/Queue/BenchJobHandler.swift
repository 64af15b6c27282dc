import Foundation
import Tuning
import Runtime
import Support

/// `shears agent bench`: a BENCH job through the local bencher (`LocalTrialBencher`: trial and
/// baseline measured interleaved, then the per-layer profile). The sweep's objective says which
/// backend and how long to measure; the agent's `device`/`threads`, when given, say where, since
/// the agent knows its hardware. Models are written to `scratch` to be loaded.
public final class BenchJobHandler: JobHandler {
    public var device: String?
    public var threads: Int?
    public let scratch: URL
    private let makeBackend: (String) throws -> any InferenceBackend
    /// Backends by name, loaded on first use (OpenVINO only when a sweep asks for it).
    private var backends: [String: any InferenceBackend] = [:]

    public init(device: String? = nil, threads: Int? = nil, scratch: URL,
                makeBackend: @escaping (String) throws -> any InferenceBackend) {
        self.device = device
        self.threads = threads
        self.scratch = scratch
        self.makeBackend = makeBackend
    }

    public func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
        var (trained, baselineONNX, objective) = try TrialMessages.benchParts(from: job.message, id: job.id)
        if let device { objective.device = device }
        if let threads { objective.threads = threads }
        let backend = try backends[objective.backend] ?? makeBackend(objective.backend)
        backends[objective.backend] = backend
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let baseline = scratch.appendingPathComponent("baseline.onnx")
        try AtomicFile.write(baselineONNX, to: baseline)
        log("\(job.id): measuring \(objective.iterations) inferences on \(objective.backend) \(objective.device)"
            + (objective.threads.map { ", threads: \($0)" } ?? ""))
        let bencher = LocalTrialBencher(backend: backend, objective: objective,
                                        scratch: scratch.appendingPathComponent("trial.onnx"))
        let benched = try bencher.bench(trained, baseline: baseline)
        log("\(job.id): " + String(format: "median %.3f ms (min %.3f), baseline %.3f ms (min %.3f)",
                                    benched.latency.median, benched.latency.min, benched.baselineLatency.median,
                                    benched.baselineLatency.min))
        return JobOutcome(result: TrialMessages.benchResult(benched))
    }
}
