
/// Everything that can go wrong while loading a runtime, compiling a model or measuring it.
/// All wording lives in `description`, so the CLI prints the same text the tests assert.
public enum BenchError: Error, CustomStringConvertible, Equatable {
    /// The OpenVINO C library is nowhere on the search path (explicit flag, environment, venv).
    case openVINONotFound(searched: [String])
    /// A library file was named (flag or `$SHEARS_OPENVINO_LIB`) but `dlopen` refused it.
    case openVINOLoadFailed(path: String, reason: String)
    /// A library file that another user could have written (or swapped): (path, which part and why).
    case openVINOUntrusted(path: String, reason: String)
    /// The library loaded but lacks a function we call (a runtime too old or not OpenVINO at all).
    case missingSymbol(name: String, library: String)
    /// An OpenVINO call returned a status other than OK; `message` is OpenVINO's own last error text.
    case openVINOCall(function: String, status: OpenVINOStatus, message: String)
    /// The model file does not exist or cannot be read (checked before OpenVINO sees it).
    case modelNotReadable(path: String, reason: String)
    /// The model has a shape the classifier benchmark cannot drive (it expects one NCHW input).
    case unsupportedModel(path: String, reason: String)
    /// The caller handed an input of the wrong size for the compiled batch.
    case inputSizeMismatch(expected: Int, got: Int)
    /// Per-layer timings were asked of a session compiled without profiling.
    case profilingDisabled
    /// A measurement option is out of range (zero iterations, negative time, no models).
    case invalidPlan(String)
    /// A setting the chosen backend cannot honour (the native backend runs f32 on the CPU only).
    case unsupportedSetting(backend: String, setting: String, value: String, supported: String)

    /// The remedy printed after every "cannot find/load OpenVINO" error.
    public static let installHint =
        "hint: install OpenVINO with 'make setup' (pip install openvino==2026.4.1 into .venv) "
        + "or pass --openvino-lib /path/to/libopenvino_c.so"

    public var description: String {
        switch self {
        case .openVINONotFound(let searched):
            let places = searched.isEmpty ? "" : " (searched: \(searched.joined(separator: ", ")))"
            return "OpenVINO C library libopenvino_c.so not found\(places)\n\(Self.installHint)"
        case .openVINOLoadFailed(let path, let reason):
            return "cannot load OpenVINO C library '\(path)': \(reason)\n\(Self.installHint)"
        case .openVINOUntrusted(let path, let reason):
            return "refusing to load OpenVINO C library '\(path)': \(reason)\n"
                + "hint: another user could have planted or replaced it; use a library only you (or root) can write"
        case .missingSymbol(let name, let library):
            return "OpenVINO library '\(library)' has no function '\(name)'; "
                + "it is too old or not libopenvino_c\n\(Self.installHint)"
        case .openVINOCall(let function, let status, let message):
            let detail = message.isEmpty ? status.summary : message
            return "OpenVINO \(function) failed with \(status.name) (\(status.rawValue)): \(detail)"
        case .modelNotReadable(let path, let reason):
            return "cannot read model '\(path)': \(reason)"
        case .unsupportedModel(let path, let reason):
            return "unsupported model '\(path)': \(reason)"
        case .inputSizeMismatch(let expected, let got):
            return "input has \(got) values; the compiled model expects \(expected)"
        case .profilingDisabled:
            return "per-layer timings need a session compiled with profiling (PERF_COUNT) enabled"
        case .invalidPlan(let reason):
            return "invalid measurement plan: \(reason)"
        case .unsupportedSetting(let backend, let setting, let value, let supported):
            return "the \(backend) backend does not support \(setting) \(value); supported: \(supported)"
        }
    }
}

extension BenchError {
    /// True when the user can fix it by changing the command line or installing something
    /// (the CLI exits 2); false when a job failed inside the runtime (exit 1).
    public var isBadInput: Bool {
        switch self {
        case .openVINONotFound, .openVINOLoadFailed, .openVINOUntrusted, .missingSymbol, .modelNotReadable, .unsupportedModel,
             .inputSizeMismatch, .invalidPlan, .unsupportedSetting:
            return true
        case .openVINOCall(let function, _, let message):
            // A malformed model file, or a device name no plugin registered (`--device FOO`).
            return function == "ov_core_read_model"
                || (function.hasPrefix("ov_core_compile_model") && message.contains("is not registered"))
        case .profilingDisabled:
            return false
        }
    }
}
