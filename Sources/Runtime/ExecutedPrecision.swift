import Foundation

/// The precision a runtime actually computed a layer in, read from its profile, which is the
/// only place the OpenVINO C API reveals it: the CPU plugin's exec type ends in the kernel's
/// precision (`brgconv_avx512_I8`, `brgconv_avx512_FP32`, `jit_avx512_f32`). The C API has no
/// node list of the compiled model (the Python API's `runtimePrecision` runtime info agrees with
/// the suffix: u8 for every `_I8` convolution of an onnxruntime- or NNCF-quantised ResNet-20,
/// checked once on 2026.4.1). This is how a quantised model is proven to have reached the
/// deployed graph in int8: QDQ in the file only says the runtime *may* run int8 kernels.
public enum ExecutedPrecision {
    /// Runtime node types that do a layer's multiply-accumulates (OpenVINO CPU and native names).
    static let computeTypes: Set<String> = [
        "Convolution", "GroupConvolution", "Deconvolution", "FullyConnected", "FullyConnectedQuantizedLegacy",
        "FullyConnectedQuantized", "MatMul", "Conv", "Gemm",
    ]

    /// Exec-type suffix → OpenVINO element type name.
    static let suffixes: [String: String] = [
        "I8": "i8", "U8": "u8", "I4": "i4", "U4": "u4", "I16": "i16", "I32": "i32",
        "FP32": "f32", "F32": "f32", "BF16": "bf16", "FP16": "f16", "F16": "f16", "FP64": "f64", "F64": "f64",
    ]

    /// `brgconv_avx512_I8` → `i8`, `jit_avx512_f32` → `f32`; nil when the exec type names no
    /// precision (`undef` for nodes that did not run, the native backend's kernel names).
    public static func parse(execType: String) -> String? {
        guard let last = execType.split(separator: "_").last else { return nil }
        return suffixes[last.uppercased()]
    }

    /// Whether a precision is a floating-point one (a quantised layer running in it was not fused).
    public static func isFloat(_ precision: String) -> Bool { precision.hasPrefix("f") || precision == "bf16" }

    /// The precisions the executed compute nodes ran in, most frequent first (`i8`, `i8+f32`);
    /// nil when the profile names none.
    public static func summary(_ nodes: [NodeTiming]) -> String? {
        var counts = [String: Int]()
        var order = [String]()
        for node in nodes where node.status == .executed && computeTypes.contains(node.nodeType) {
            guard let precision = parse(execType: node.execType) else { continue }
            if counts[precision] == nil { order.append(precision) }
            counts[precision, default: 0] += 1
        }
        guard !order.isEmpty else { return nil }
        return order.sorted { (counts[$0]!, order.firstIndex(of: $1)!) > (counts[$1]!, order.firstIndex(of: $0)!) }
            .joined(separator: "+")
    }

    /// Compiles `model` once more with profiling, runs one inference and summarises the executed
    /// precision of its compute nodes (`shears bench` reports it beside the latency; the timed
    /// sessions run without profiling, which costs time). The native backend computes in f32.
    public static func probe(model: URL, backend: any InferenceBackend, settings: SessionSettings) throws -> String? {
        if backend is NativeBackend { return "f32" }
        var profiled = settings
        profiled.profiling = true
        profiled.mode = .latency
        profiled.requests = nil
        let session = try backend.load(model: model, settings: profiled)
        try session.setInput(BenchmarkRun.syntheticInput(count: profiled.inputShape.reduce(1, *)))
        try session.run()
        return summary(try session.nodeTimings())
    }

    /// One warning when layers that carry QuantizeLinear/DequantizeLinear (the model was meant to
    /// run them quantised) executed in a floating-point precision: the runtime did not fuse the
    /// pattern, so the model pays float latency (and the dequantisation on top).
    public static func warnings(_ profile: LayerProfile, model: String) -> [String] {
        let layers = profile.rows.filter { row in
            row.kind == .layer && row.facts?.quantization != nil
                && ["Conv", "Gemm", "MatMul"].contains(row.facts?.op ?? "")
        }
        let unfused = layers.filter { row in row.row.precision.map(isFloat) ?? false }
        guard !unfused.isEmpty else { return [] }
        let precisions = Set(unfused.compactMap(\.row.precision)).sorted().joined(separator: "/")
        let names = unfused.prefix(4).map(\.key).joined(separator: ", ") + (unfused.count > 4 ? ", ..." : "")
        return ["warning: \(model): \(unfused.count) of \(layers.count) quantized layers (QuantizeLinear/"
                + "DequantizeLinear on their inputs) execute in \(precisions): \(names); the runtime did not fuse "
                + "their QDQ into int8 kernels, so they cost float time (quantize activations as well as weights, "
                + "per-tensor or per-output-channel)"]
    }
}
