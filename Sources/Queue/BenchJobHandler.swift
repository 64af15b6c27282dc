import Bench
import Foundation
import Tuning

/// `shears agent bench`: a BENCH job through the local bencher (`LocalTrialBencher`: trial and
/// baseline measured interleaved, then the per-layer profile). The sweep's objective says how
/// long to measure; the agent's `device`/`threads`, when given, say where, since the agent
/// knows its hardware. Models are written to `scratch` to be loaded.
public struct BenchJobHandler: JobHandler {
    public let backend: any InferenceBackend
    public var device: String?
    public var threads: Int?
    public let scratch: URL

    public init(backend: any InferenceBackend, device: String? = nil, threads: Int? = nil, scratch: URL) {
        self.backend = backend
        self.device = device
        self.threads = threads
        self.scratch = scratch
    }

    public func handle(_ job: ReliableQueue.Job, log: @escaping @Sendable (String) -> Void) throws -> JobOutcome {
        var (trained, baselineONNX, objective) = try TrialMessages.benchParts(from: job.message, id: job.id)
        if let device { objective.device = device }
        if let threads { objective.threads = threads }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let baseline = scratch.appendingPathComponent("baseline.onnx")
        try Data(baselineONNX).write(to: baseline, options: .atomic)
        log("\(job.id): measuring \(objective.iterations) inferences on \(objective.device)"
            + (objective.threads.map { ", threads: \($0)" } ?? ""))
        let bencher = LocalTrialBencher(backend: backend, objective: objective,
                                        scratch: scratch.appendingPathComponent("trial.onnx"))
        let benched = try bencher.bench(trained, baseline: baseline)
        log("\(job.id): " + String(format: "median %.3f ms, baseline %.3f ms", benched.latency.median,
                                    benched.baselineLatency.median))
        return JobOutcome(result: TrialMessages.benchResult(benched))
    }
}
