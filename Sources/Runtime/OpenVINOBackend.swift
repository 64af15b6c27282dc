import Foundation

/// OpenVINO through its C API: one `ov_core_t` per backend, one compiled model per session.
/// It does what benchmark_app does: read the ONNX, fix the batch with a static reshape,
/// compile with `PERFORMANCE_HINT`/`INFERENCE_NUM_THREADS`/`PERF_COUNT`, and time infer
/// requests whose input is already in place.
public final class OpenVINOBackend: InferenceBackend {
    /// How compile-time properties reach `ov_core_compile_model*`.
    public enum PropertyPassing: String, Sendable {
        /// `ov_core_compile_model_props` with an `ov_property_t` array: no ABI assumptions.
        case propertyArray
        /// `ov_core_compile_model` called through a fixed-arity pointer (see `OpenVINOAPI`),
        /// the only route on runtimes before 2025 such as the 2022.3 LTS.
        case variadic
    }

    public let name = "openvino"
    public let library: OpenVINOLibrary
    public let runtimeVersion: String
    /// Defaults to `propertyArray` when the library has it; settable so both routes are tested.
    public var propertyPassing: PropertyPassing
    let core: OpaquePointer
    var api: OpenVINOAPI { library.api }

    public init(library: OpenVINOLibrary) throws {
        self.library = library
        runtimeVersion = try library.version()
        #if os(Windows) || (os(macOS) && arch(arm64))
        propertyPassing = .propertyArray
        #else
        propertyPassing = library.api.compileModelProps == nil ? .variadic : .propertyArray
        #endif
        var core: OpaquePointer?
        try library.api.check(library.api.coreCreate(&core), "ov_core_create")
        guard let core else {
            throw BenchError.openVINOCall(function: "ov_core_create", status: .ok, message: "returned no core")
        }
        self.core = core
    }

    /// Loads the library with the usual search order and creates a core.
    public convenience init(libraryPath: String? = nil) throws {
        try self.init(library: OpenVINOLibrary.load(explicitPath: libraryPath))
    }

    deinit { api.coreFree(core) }

    public func load(model: URL, settings: SessionSettings) throws -> any InferenceSession {
        try ModelPreflight.check(model)
        return try OpenVINOSession(backend: self, model: model, settings: settings)
    }

    // MARK: - Steps used by the session

    /// `ov_core_read_model`, then a static reshape of the single input to `shape`.
    func readModel(_ model: URL, inputShape shape: [Int]) throws -> OpaquePointer {
        var handle: OpaquePointer?
        try api.check(api.coreReadModel(core, model.path, nil, &handle), "ov_core_read_model")
        guard let handle else {
            throw BenchError.openVINOCall(function: "ov_core_read_model", status: .ok, message: "returned no model")
        }
        do {
            var inputs = 0
            try api.check(api.modelInputsSize(handle, &inputs), "ov_model_inputs_size")
            guard inputs == 1 else {
                throw BenchError.unsupportedModel(path: model.path, reason: "expected 1 input, found \(inputs)")
            }
            let partial = UnsafeMutableRawPointer.allocate(byteCount: OpenVINOLayouts.partialShapeSize, alignment: 8)
            defer { partial.deallocate() }
            let dims = shape.map(Int64.init)
            try api.check(api.partialShapeCreateStatic(Int64(dims.count), dims, partial),
                          "ov_partial_shape_create_static")
            defer { api.partialShapeFree(partial) }
            var port = 0
            try api.check(api.modelReshapeByPortIndexes(handle, &port, partial, 1), "ov_model_reshape_by_port_indexes")
            return handle
        } catch {
            api.modelFree(handle)
            throw error
        }
    }

    /// Compiles for `settings.device` with the properties benchmark_app would set.
    func compile(_ model: OpaquePointer, settings: SessionSettings) throws -> OpaquePointer {
        var properties: [(String, String)] = [
            ("PERFORMANCE_HINT", settings.mode.openVINOHint),
            ("PERF_COUNT", settings.profiling ? "YES" : "NO"),
        ]
        if let threads = settings.threads { properties.append(("INFERENCE_NUM_THREADS", String(threads))) }
        if let precision = settings.precision { properties.append(("INFERENCE_PRECISION_HINT", precision)) }
        if let streams = settings.streams { properties.append(("NUM_STREAMS", String(streams))) }
        if settings.mode == .throughput, let requests = settings.requests {
            properties.append(("PERFORMANCE_HINT_NUM_REQUESTS", String(requests)))
        }
        // strdup'd copies stay valid for the whole call, whichever route passes them.
        let strings = properties.flatMap { [strdup($0.0)!, strdup($0.1)!] }
        defer { strings.forEach { Foundation.free($0) } }
        var compiled: OpaquePointer?
        switch propertyPassing {
        case .propertyArray:
            guard let compileProps = api.compileModelProps else {
                throw BenchError.missingSymbol(name: "ov_core_compile_model_props", library: library.path)
            }
            let array = UnsafeMutableRawPointer.allocate(
                byteCount: OpenVINOLayouts.propertySize * properties.count, alignment: 8)
            defer { array.deallocate() }
            for (index, string) in strings.enumerated() {
                array.storeBytes(of: UnsafeRawPointer(string), toByteOffset: index * 8, as: UnsafeRawPointer.self)
            }
            try api.check(compileProps(core, model, settings.device, properties.count, array, &compiled),
                          "ov_core_compile_model_props")
        case .variadic:
            precondition(properties.count <= OpenVINOAPI.variadicPropertyPairs, "too many compile properties")
            var slots = strings.map { Optional(UnsafePointer($0)) }
            slots += Array(repeating: nil, count: 2 * OpenVINOAPI.variadicPropertyPairs - slots.count)
            try api.check(api.compileModelVariadic(core, model, settings.device, strings.count, &compiled,
                                                   slots[0], slots[1], slots[2], slots[3], slots[4], slots[5],
                                                   slots[6], slots[7], slots[8], slots[9], slots[10], slots[11]),
                          "ov_core_compile_model")
        }
        guard let compiled else {
            throw BenchError.openVINOCall(function: "ov_core_compile_model", status: .ok, message: "returned nothing")
        }
        return compiled
    }

    /// A compiled-model property as text, or nil when the device does not report it.
    func property(_ compiled: OpaquePointer, _ key: String) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard api.compiledModelGetProperty(compiled, key, &value) == 0, let value else { return nil }
        defer { api.free(value) }
        return String(cString: value)
    }
}
