import Foundation
import Network
import Runtime
import Training

/// `shears bench MODEL...`: latency of ONNX models (or checkpoints, exported on the fly) on
/// OpenVINO or the native backend, measured interleaved in one process, with each model's
/// median as a ratio to the first. The `bench` group (Bench.swift)
/// runs this when its first argument is not a subcommand name (`kernels`, `optimizer`).
enum BenchModels {
    static let discussion = """
        Warm-up, then '--iterations' timed inferences per model (or '--time' seconds), the models \
        taking turns so machine drift hits all alike. Reports median, mean, min, max, p90, p99, \
        standard deviation and throughput, with the runtime version, device, threads and each \
        model's SHA-256. Pin '--threads' when comparing figures.
        """
    static let arguments = [ArgumentSpec(name: "model",
                                         help: "ONNX files or checkpoints (.safetensors, exported on the fly); "
                                             + "the first is the reference for ratios.",
                                         isRepeated: true)]
    static let options: [OptionSpec] = [
        .option("backend", "name", help: "Inference backend: openvino, or native (Shears' own kernels).",
                default: "openvino"),
        .option("device", "name", help: "OpenVINO device: CPU, GPU, NPU, AUTO.", default: "CPU"),
        .option("threads", "n", help: "Inference threads (default: the runtime's choice)."),
        .option("iterations", "k", help: "Timed inferences per model (default 200)."),
        .option("time", "s", help: "Measure for this many seconds instead of a count."),
        .option("warmup", "n", help: "Untimed inferences per model first.", default: "10"),
        .option("batch", "b", help: "Images per inference.", default: "1"),
        .option("mode", "mode", help: "latency (one request) or throughput (several in flight).", default: "latency"),
        .option("requests", "n", help: "Requests in flight in throughput mode (default: the runtime's optimum)."),
        .option("precision", "type", help: "Inference precision: f32, bf16, f16, or default (the runtime's choice).",
                default: "f32"),
        .option("openvino-lib", "path", help: "libopenvino_c.so (default: $SHEARS_OPENVINO_LIB, then .venv)."),
        .flag("fold-bn", help: "Fold batch-norm into convolutions when exporting a checkpoint."),
        .flag("json", help: "Print a JSON array with one record per model."),
    ]

    static let run: @Sendable (ParsedArguments) throws -> Void = { args in
        let settings = try sessionSettings(args, profiling: false)
        var plan = MeasurementPlan(warmup: try positive(args, "warmup", allowZero: true) ?? 10)
        if args.string("iterations") != nil, args.string("time") != nil {
            throw UsageError.conflict("Use either '--iterations <k>' or '--time <s>', not both")
        }
        if let seconds = try args.double("time") {
            guard seconds > 0 else { throw UsageError.invalidValue("\(seconds)", "--time <s>", "a positive number") }
            plan.stop = .seconds(seconds)
        } else {
            plan.stop = .iterations(try positive(args, "iterations") ?? 200)
        }
        var records = try ModelFiles.withONNX(args.positionals, foldBatchNorm: args.flag("fold-bn")) { models in
            try reportingBenchErrors {
                try BenchmarkRun.run(models: models, backend: try backend(args), settings: settings, plan: plan)
            }
        }
        for index in records.indices { records[index].model = args.positionals[index] }
        print(args.flag("json") ? BenchmarkRecord.json(records) : BenchmarkRecord.table(records), terminator:
                args.flag("json") ? "\n" : "")
    }

    // MARK: - Shared with `shears layers`

    static func sessionSettings(_ args: ParsedArguments, profiling: Bool) throws -> SessionSettings {
        let mode = try args.choice("mode", in: PerformanceMode.allCases.map(\.rawValue)).flatMap(PerformanceMode.init)
        let precision = try args.choice("precision", in: ["f32", "bf16", "f16", "default"]) ?? "f32"
        return SessionSettings(device: args.string("device") ?? "CPU", threads: try positive(args, "threads"),
                               batch: try args.int("batch", in: 1...TrainingLimits.batchSize.upperBound) ?? 1, mode: mode ?? .latency,
                               requests: try positive(args, "requests"), profiling: profiling,
                               precision: precision == "default" ? nil : precision)
    }

    static func backend(_ args: ParsedArguments) throws -> any InferenceBackend {
        if try args.choice("backend", in: ["openvino", "native"]) == "native" {
            return NativeBackend(version: "shears \(Shears.version)")
        }
        return try OpenVINOBackend(libraryPath: args.string("openvino-lib"))
    }

    static func positive(_ args: ParsedArguments, _ name: String, allowZero: Bool = false) throws -> Int? {
        guard let value = try args.int(name) else { return nil }
        guard value > 0 || (allowZero && value == 0) else {
            throw UsageError.invalidValue("\(value)", args.specs[name]!.synopsis,
                                          allowZero ? "a non-negative integer" : "a positive integer")
        }
        return value
    }

    /// Bench errors print as `Error: ...`; a missing runtime or bad model exits 2, a runtime
    /// failure 1.
    static func reportingBenchErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as BenchError {
            Terminal.error(error.description)
            throw ExitStatus(code: error.isBadInput ? 2 : 1)
        }
    }
}
