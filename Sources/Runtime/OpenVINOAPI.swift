#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few entry points of OpenVINO's C API (`openvino/c/*.h`) that Shears calls, resolved
/// once with `dlsym` so the tool builds and runs on machines without OpenVINO.
///
/// Declaration rules, checked against the 2026.4 headers:
/// - opaque handles (`ov_core_t*`, `ov_model_t*`, ...) are `OpaquePointer`;
/// - C structs are only ever passed by pointer, as raw pointers to memory laid out like the
///   header's struct (`ov_version_t`, `ov_shape_t`, `ov_partial_shape_t`,
///   `ov_profiling_info_list_t`; see `OpenVINOLayouts`). A Swift struct is not accepted in a
///   `@convention(c)` type, and no by-value struct argument is needed: input data is written
///   into the request's own input tensor instead of `ov_tensor_create(type, shape, ...)`, which
///   also avoids `ov_element_type_e`, whose numbering changed (2022.3 had `UNDEFINED = 0`);
/// - `ov_status_e` is a C enum with negative values, hence `Int32`.
struct OpenVINOAPI: @unchecked Sendable {
    typealias Status = Int32
    typealias Handle = OpaquePointer
    typealias OutHandle = UnsafeMutablePointer<OpaquePointer?>
    typealias CString = UnsafePointer<CChar>
    typealias OutCString = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    /// `ov_core_compile_model(core, model, device, property_args_size, compiled_model, ...)` is
    /// variadic, and Swift cannot call a C variadic function through a pointer. It is called
    /// through this fixed-arity type instead: the varargs are all `const char*` key/value pairs,
    /// `property_args_size` tells the callee how many to read, and unused trailing slots are nil.
    /// This is valid where variadic and fixed pointer arguments travel the same way: x86-64
    /// System V (registers then 8-byte stack slots; %al is only an upper bound on vector
    /// registers, which modern GCC/Clang prologues test against zero) and Linux/AAPCS64
    /// arm64. It is NOT valid on Apple arm64 (varargs always on the stack) or Windows x64, which
    /// is why the non-variadic `ov_core_compile_model_props` is preferred whenever the library
    /// exports it (2025.x and later); the variadic route serves older runtimes such as the
    /// 2022.3 LTS that MYRIAD needs.
    typealias CompileModelVariadic = @convention(c) (
        Handle, Handle, CString, Int, OutHandle,
        CString?, CString?, CString?, CString?, CString?, CString?,
        CString?, CString?, CString?, CString?, CString?, CString?
    ) -> Status
    /// How many key/value pairs `CompileModelVariadic` can carry.
    static let variadicPropertyPairs = 6

    let path: String
    let getOpenVINOVersion: @convention(c) (UnsafeMutableRawPointer) -> Status
    let versionFree: @convention(c) (UnsafeMutableRawPointer) -> Void
    let coreCreate: @convention(c) (OutHandle) -> Status
    let coreFree: @convention(c) (Handle) -> Void
    let coreReadModel: @convention(c) (Handle, CString, CString?, OutHandle) -> Status
    let modelFree: @convention(c) (Handle) -> Void
    let modelInputsSize: @convention(c) (Handle, UnsafeMutablePointer<Int>) -> Status
    let partialShapeCreateStatic: @convention(c) (Int64, UnsafePointer<Int64>, UnsafeMutableRawPointer) -> Status
    let partialShapeFree: @convention(c) (UnsafeMutableRawPointer) -> Void
    let modelReshapeByPortIndexes: @convention(c) (Handle, UnsafePointer<Int>, UnsafeRawPointer, Int) -> Status
    let compileModelProps: (@convention(c) (Handle, Handle, CString, Int, UnsafeRawPointer?, OutHandle) -> Status)?
    let compileModelVariadic: CompileModelVariadic
    let compiledModelFree: @convention(c) (Handle) -> Void
    let compiledModelCreateInferRequest: @convention(c) (Handle, OutHandle) -> Status
    let compiledModelGetProperty: @convention(c) (Handle, CString, OutCString) -> Status
    let inferRequestFree: @convention(c) (Handle) -> Void
    let inferRequestGetInputTensor: @convention(c) (Handle, OutHandle) -> Status
    let inferRequestGetOutputTensor: @convention(c) (Handle, OutHandle) -> Status
    let inferRequestInfer: @convention(c) (Handle) -> Status
    let inferRequestStartAsync: @convention(c) (Handle) -> Status
    let inferRequestWait: @convention(c) (Handle) -> Status
    let inferRequestGetProfilingInfo: @convention(c) (Handle, UnsafeMutableRawPointer) -> Status
    let profilingInfoListFree: @convention(c) (UnsafeMutableRawPointer) -> Void
    let tensorGetShape: @convention(c) (Handle, UnsafeMutableRawPointer) -> Status
    let shapeFree: @convention(c) (UnsafeMutableRawPointer) -> Status
    let tensorGetSize: @convention(c) (Handle, UnsafeMutablePointer<Int>) -> Status
    let tensorGetByteSize: @convention(c) (Handle, UnsafeMutablePointer<Int>) -> Status
    let tensorData: @convention(c) (Handle, UnsafeMutablePointer<UnsafeMutableRawPointer?>) -> Status
    let tensorFree: @convention(c) (Handle) -> Void
    let free: @convention(c) (CString?) -> Void
    /// Optional: absent from some older runtimes; errors then fall back to the status table.
    let getLastErrMsg: (@convention(c) () -> CString?)?

    /// Resolves every symbol from an open `dlopen` handle; a missing required one is an error
    /// naming it, so a wrong or ancient library fails at load time, not mid-benchmark.
    init(handle: UnsafeMutableRawPointer, path: String) throws {
        // The generic parameter is inferred from the property being assigned.
        func required<T>(_ name: String) throws -> T {
            guard let symbol = dlsym(handle, name) else { throw BenchError.missingSymbol(name: name, library: path) }
            return unsafeBitCast(symbol, to: T.self)
        }
        func optional<T>(_ name: String) -> T? {
            dlsym(handle, name).map { unsafeBitCast($0, to: T.self) }
        }
        self.path = path
        getOpenVINOVersion = try required("ov_get_openvino_version")
        versionFree = try required("ov_version_free")
        coreCreate = try required("ov_core_create")
        coreFree = try required("ov_core_free")
        coreReadModel = try required("ov_core_read_model")
        modelFree = try required("ov_model_free")
        modelInputsSize = try required("ov_model_inputs_size")
        partialShapeCreateStatic = try required("ov_partial_shape_create_static")
        partialShapeFree = try required("ov_partial_shape_free")
        modelReshapeByPortIndexes = try required("ov_model_reshape_by_port_indexes")
        compileModelProps = optional("ov_core_compile_model_props")
        compileModelVariadic = try required("ov_core_compile_model")
        compiledModelFree = try required("ov_compiled_model_free")
        compiledModelCreateInferRequest = try required("ov_compiled_model_create_infer_request")
        compiledModelGetProperty = try required("ov_compiled_model_get_property")
        inferRequestFree = try required("ov_infer_request_free")
        inferRequestGetInputTensor = try required("ov_infer_request_get_input_tensor")
        inferRequestGetOutputTensor = try required("ov_infer_request_get_output_tensor")
        inferRequestInfer = try required("ov_infer_request_infer")
        inferRequestStartAsync = try required("ov_infer_request_start_async")
        inferRequestWait = try required("ov_infer_request_wait")
        inferRequestGetProfilingInfo = try required("ov_infer_request_get_profiling_info")
        profilingInfoListFree = try required("ov_profiling_info_list_free")
        tensorGetShape = try required("ov_tensor_get_shape")
        shapeFree = try required("ov_shape_free")
        tensorGetSize = try required("ov_tensor_get_size")
        tensorGetByteSize = try required("ov_tensor_get_byte_size")
        tensorData = try required("ov_tensor_data")
        tensorFree = try required("ov_tensor_free")
        free = try required("ov_free")
        getLastErrMsg = optional("ov_get_last_err_msg")
    }

    /// Turns a status into a thrown error carrying OpenVINO's own message. The message buffer
    /// from `ov_get_last_err_msg` is a fresh copy the caller must `ov_free`.
    func check(_ status: Status, _ function: String) throws {
        guard status != 0 else { return }
        var message = ""
        if let getLastErrMsg, let text = getLastErrMsg() {
            message = String(cString: text).trimmingTrailingWhitespace()
            free(text)
        }
        throw BenchError.openVINOCall(function: function, status: OpenVINOStatus(rawValue: status), message: message)
    }
}

extension String {
    /// OpenVINO messages end in newlines; an error line should not.
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
