import Foundation

/// How a model should be compiled and driven; the same settings mean the same thing for every
/// backend, so `shears bench --backend openvino|native` compare like with like.
public struct SessionSettings: Equatable, Sendable {
    /// `CPU` by default; OpenVINO also knows `GPU`, `NPU`, `AUTO`, and (2022.3 LTS) `MYRIAD`.
    public var device: String
    /// Inference threads (`INFERENCE_NUM_THREADS`); nil lets the runtime choose. Pin it when
    /// comparing figures: thread count changes latency more than most pruning does.
    public var threads: Int?
    public var batch: Int
    /// Shape of one sample (CIFAR: 3×32×32); the input is `[batch] + sampleShape`, NCHW.
    public var sampleShape: [Int]
    public var mode: PerformanceMode
    /// Executor streams (`NUM_STREAMS`); nil lets the performance hint decide.
    public var streams: Int?
    /// Infer requests kept in flight in throughput mode; nil takes the runtime's optimum.
    public var requests: Int?
    /// Collect per-node timings (`PERF_COUNT`). Off for latency figures: profiling costs time.
    public var profiling: Bool
    /// Arithmetic precision (`INFERENCE_PRECISION_HINT`). f32 by default: on CPUs with
    /// AVX512-BF16 or AMX (this machine) OpenVINO otherwise silently runs bf16, which moves
    /// logits by ~1e-3 and makes a pruned model's measured accuracy differ from ours.
    /// nil leaves the runtime's own default.
    public var precision: String?

    public init(device: String = "CPU", threads: Int? = nil, batch: Int = 1, sampleShape: [Int] = [3, 32, 32],
                mode: PerformanceMode = .latency, streams: Int? = nil, requests: Int? = nil,
                profiling: Bool = false, precision: String? = "f32") {
        self.device = device
        self.threads = threads
        self.batch = batch
        self.sampleShape = sampleShape
        self.mode = mode
        self.streams = streams
        self.requests = requests
        self.profiling = profiling
        self.precision = precision
    }

    /// The full input shape, batch first.
    public var inputShape: [Int] { [batch] + sampleShape }

    /// The precision hint a device gets unless the user names one: f32 on the CPU (see
    /// `precision`); nil elsewhere, so a GPU, NPU or MYRIAD runs in its own precision (f16 on most)
    /// and the layer table reports what it executed instead of failing or being slowed by f32.
    public static func defaultPrecision(device: String) -> String? {
        device.uppercased() == "CPU" ? "f32" : nil
    }
}

/// The two regimes benchmark_app measures: one request at a time (latency) or many in flight.
public enum PerformanceMode: String, CaseIterable, Sendable {
    case latency
    case throughput

    /// The value of OpenVINO's `PERFORMANCE_HINT`.
    public var openVINOHint: String { rawValue.uppercased() }
}

/// An inference runtime that turns a model file into something we can time. OpenVINO is the
/// first; a native backend on our own kernels conforms the same way, so benchmarks, layer
/// tables and the sweep never ask which one they hold.
public protocol InferenceBackend: AnyObject {
    /// Short name used on the command line and in records (`openvino`, `native`).
    var name: String { get }
    /// The runtime's version string, recorded beside every figure.
    var runtimeVersion: String { get }
    /// Reads and compiles `model` (an `.onnx` file) for `settings`.
    func load(model: URL, settings: SessionSettings) throws -> any InferenceSession
}

/// A compiled model with its infer requests and one bound input. Timing loops call `run()`
/// on data already in place, as benchmark_app does, so copies never enter the figures.
public protocol InferenceSession: AnyObject {
    var settings: SessionSettings { get }
    /// Shape of the logits, e.g. `[batch, 10]`.
    var outputShape: [Int] { get }
    /// Threads the runtime actually uses (read back after compilation), or nil if it won't say.
    var effectiveThreads: Int? { get }
    /// Infer requests the session drives in throughput mode (1 in latency mode).
    var requestCount: Int { get }

    /// Copies `values` (`settings.inputShape`, NCHW float32) into every request's input.
    func setInput(_ values: [Float]) throws
    /// One synchronous inference on the bound input.
    func run() throws
    /// The logits of the last `run()`.
    func output() throws -> [Float]
    /// Runs `count` inferences keeping every request busy; appends each one's latency in ms.
    func runPipelined(count: Int, latencies: inout [Double]) throws
    /// The per-node profile of the last `run()`; needs `settings.profiling`.
    func nodeTimings() throws -> [NodeTiming]
}

extension InferenceSession {
    /// Convenience for checks: set the input, run once, read the logits.
    public func infer(_ input: [Float]) throws -> [Float] {
        try setInput(input)
        try run()
        return try output()
    }
}
