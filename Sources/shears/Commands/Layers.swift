import Foundation
import Runtime

extension Command {
    /// `shears layers MODEL [--baseline MODEL]`: where the time goes, layer by layer.
    static let layers = Command(
        name: "layers",
        abstract: "Show per-layer latency from the runtime's profiling, optionally against a baseline.",
        discussion: """
            Compiles with PERF_COUNT, runs '--iterations' profiled inferences (models interleaved) \
            and prints each layer's median time and share, with op, output shape, MACs, parameters \
            and weight sparsity from the ONNX file. OpenVINO's fused nodes are credited to our \
            layers (the 'fused' column lists BN/ReLU/Add folded in); reorders and conversions the \
            runtime inserts are listed separately. With '--baseline', shows both and the speed-up. \
            '--backend native' times Shears' own kernels step by step (BN, ReLU and Add fused into \
            the convolutions). A checkpoint is exported on the fly, as 'shears export' writes it.
            The 'precision' column is what each kernel executed in (OpenVINO's exec type: i8 for an \
            int8 kernel, f32, bf16); QuantizeLinear/DequantizeLinear nodes of a quantised model are \
            credited to the layer they quantise. A layer that carries QDQ but executed in a float \
            precision gets a warning: the runtime did not fuse it into an int8 kernel.
            """,
        arguments: [ArgumentSpec(name: "model", help: "ONNX file or checkpoint (.safetensors) to profile.")],
        options: [
            .option("baseline", "model", help: "ONNX file or checkpoint to compare against (e.g. the unpruned network)."),
            .option("device", "name", help: "OpenVINO device: CPU, GPU, NPU, AUTO.", default: "CPU"),
            .option("threads", "n", help: "Inference threads (default: the runtime's choice)."),
            .option("iterations", "k", help: "Profiled inferences per model.", default: "100"),
            .option("warmup", "n", help: "Untimed inferences per model first.", default: "10"),
            .option("batch", "b", help: "Images per inference.", default: "1"),
            .option("backend", "name", help: "Inference backend: openvino, or native (Shears' own kernels).",
                    default: "openvino"),
            .option("precision", "type", help: "Inference precision hint: f32, bf16, f16, or default (the device's "
                    + "choice). Default: f32 on CPU, the device's choice elsewhere (GPU, NPU)."),
            .option("openvino-lib", "path", help: "libopenvino_c.so (default: $SHEARS_OPENVINO_LIB, then .venv)."),
            .flag("fold-bn", help: "Fold batch-norm into convolutions when exporting a checkpoint."),
            .flag("csv", help: "Print CSV instead of a text table."),
        ],
        run: { args in
            let settings = try BenchModels.sessionSettings(args, profiling: true)
            let iterations = try BenchModels.positive(args, "iterations")!
            let warmup = try BenchModels.positive(args, "warmup", allowZero: true)!
            let paths = [args.positionals[0]] + (args.string("baseline").map { [$0] } ?? [])
            let profiles = try ModelFiles.withONNX(paths, foldBatchNorm: args.flag("fold-bn")) { urls in
                try BenchModels.reportingBenchErrors {
                    let backend = try BenchModels.backend(args)
                    let models = try urls.map { url -> (session: any InferenceSession, layers: [LayerFacts]) in
                        (try backend.load(model: url, settings: settings),
                         try LayerFacts.load(onnx: url, batch: settings.batch))
                    }
                    let input = BenchmarkRun.syntheticInput(count: settings.inputShape.reduce(1, *))
                    try models.forEach { try $0.session.setInput(input) }
                    return try LayerProfiler.profile(models, iterations: iterations, warmup: warmup)
                }
            }
            let csv = args.flag("csv")
            if profiles.count == 2 {
                print(csv ? LayerTable.csv(profiles[0], baseline: profiles[1])
                          : LayerTable.text(profiles[0], baseline: profiles[1]), terminator: "")
            } else {
                print(csv ? LayerTable.csv(profiles[0]) : LayerTable.text(profiles[0]), terminator: "")
            }
            for (profile, path) in zip(profiles, paths) {
                for warning in ExecutedPrecision.warnings(profile, model: path) { Terminal.note(warning) }
            }
        })
}
