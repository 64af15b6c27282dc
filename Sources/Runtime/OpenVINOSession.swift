import Foundation
import Support

/// A compiled model and its infer requests. Each request's input tensor is the runtime's own
/// (`ov_infer_request_get_input_tensor`), written in place once, so a timed `run()` is exactly
/// one `ov_infer_request_infer` call.
final class OpenVINOSession: InferenceSession {
    let settings: SessionSettings
    let outputShape: [Int]
    let effectiveThreads: Int?
    private let backend: OpenVINOBackend
    private let compiled: OpaquePointer
    private let requests: [OpaquePointer]
    private let inputTensors: [OpaquePointer]
    private let inputData: [UnsafeMutablePointer<Float>]
    private var api: OpenVINOAPI { backend.api }

    var requestCount: Int { requests.count }

    init(backend: OpenVINOBackend, model: URL, settings: SessionSettings) throws {
        self.backend = backend
        self.settings = settings
        let api = backend.api
        let modelHandle = try backend.readModel(model, inputShape: settings.inputShape)
        defer { api.modelFree(modelHandle) }
        let compiled = try backend.compile(modelHandle, settings: settings)

        var count = 1
        if settings.mode == .throughput {
            count = settings.requests
                ?? backend.property(compiled, "OPTIMAL_NUMBER_OF_INFER_REQUESTS").flatMap { Int($0) } ?? 1
        }
        var requests: [OpaquePointer] = []
        var tensors: [OpaquePointer] = []
        var data: [UnsafeMutablePointer<Float>] = []
        func releasePartial() {
            tensors.forEach { api.tensorFree($0) }
            requests.forEach { api.inferRequestFree($0) }
            api.compiledModelFree(compiled)
        }
        do {
            let expected = settings.inputShape.reduce(1, *)
            for _ in 0..<max(1, count) {
                var request: OpaquePointer?
                try api.check(api.compiledModelCreateInferRequest(compiled, &request),
                              "ov_compiled_model_create_infer_request")
                requests.append(request!)
                var tensor: OpaquePointer?
                try api.check(api.inferRequestGetInputTensor(request!, &tensor), "ov_infer_request_get_input_tensor")
                tensors.append(tensor!)
                data.append(try Self.floatData(api, tensor!, expected: expected, role: "input", model: model))
            }
            outputShape = try Self.shape(api, request: requests[0])
        } catch {
            releasePartial()
            throw error
        }
        self.compiled = compiled
        self.effectiveThreads = backend.property(compiled, "INFERENCE_NUM_THREADS").flatMap { Int($0) }
        self.requests = requests
        self.inputTensors = tensors
        self.inputData = data
    }

    deinit {
        inputTensors.forEach { api.tensorFree($0) }
        requests.forEach { api.inferRequestFree($0) }
        api.compiledModelFree(compiled)
    }

    func setInput(_ values: [Float]) throws {
        let expected = settings.inputShape.reduce(1, *)
        guard values.count == expected else { throw BenchError.inputSizeMismatch(expected: expected, got: values.count) }
        for pointer in inputData {
            values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: expected) }
        }
    }

    func run() throws {
        try api.check(api.inferRequestInfer(requests[0]), "ov_infer_request_infer")
    }

    func output() throws -> [Float] {
        var tensor: OpaquePointer?
        try api.check(api.inferRequestGetOutputTensor(requests[0], &tensor), "ov_infer_request_get_output_tensor")
        defer { api.tensorFree(tensor!) }
        var count = 0
        try api.check(api.tensorGetSize(tensor!, &count), "ov_tensor_get_size")
        var byteSize = 0
        try api.check(api.tensorGetByteSize(tensor!, &byteSize), "ov_tensor_get_byte_size")
        var raw: UnsafeMutableRawPointer?
        try api.check(api.tensorData(tensor!, &raw), "ov_tensor_data")
        guard byteSize == 4 * count, let raw else {
            throw BenchError.unsupportedModel(path: "(compiled model)", reason: "output is not float32")
        }
        return Array(UnsafeBufferPointer(start: raw.assumingMemoryBound(to: Float.self), count: count))
    }

    /// Keeps all requests in flight and waits on them oldest first, restarting each as soon as
    /// it is collected. A request's latency is its start → the return of its wait: exact for the
    /// request that finishes first, an upper bound for one that finished while an older one was
    /// still being waited on. Throughput (completions over wall time) is unaffected. Rejected:
    /// completion callbacks (`ov_infer_request_set_callback`), exact but they run on OpenVINO's
    /// threads and would need a lock-free time slot shared with ours.
    func runPipelined(count: Int, latencies: inout [Double]) throws {
        guard count > 0 else { return }
        var started = [UInt64](repeating: 0, count: requests.count)
        var order: [Int] = []
        order.reserveCapacity(count)
        var launched = 0
        for index in 0..<min(requests.count, count) {
            started[index] = MonotonicClock.nanoseconds()
            try api.check(api.inferRequestStartAsync(requests[index]), "ov_infer_request_start_async")
            order.append(index)
            launched += 1
        }
        var head = 0
        while head < order.count {
            let index = order[head]
            head += 1
            try api.check(api.inferRequestWait(requests[index]), "ov_infer_request_wait")
            latencies.append(MonotonicClock.milliseconds(since: started[index]))
            if launched < count {
                started[index] = MonotonicClock.nanoseconds()
                try api.check(api.inferRequestStartAsync(requests[index]), "ov_infer_request_start_async")
                order.append(index)
                launched += 1
            }
        }
    }

    func nodeTimings() throws -> [NodeTiming] {
        guard settings.profiling else { throw BenchError.profilingDisabled }
        let list = UnsafeMutableRawPointer.allocate(byteCount: OpenVINOLayouts.profilingInfoListSize, alignment: 8)
        defer { list.deallocate() }
        list.initializeMemory(as: UInt8.self, repeating: 0, count: OpenVINOLayouts.profilingInfoListSize)
        try api.check(api.inferRequestGetProfilingInfo(requests[0], list), "ov_infer_request_get_profiling_info")
        defer { api.profilingInfoListFree(list) }
        return OpenVINOLayouts.profilingInfoList(at: list)
    }

    // MARK: - Tensor helpers

    private static func floatData(_ api: OpenVINOAPI, _ tensor: OpaquePointer, expected: Int, role: String,
                                  model: URL) throws -> UnsafeMutablePointer<Float> {
        var count = 0
        try api.check(api.tensorGetSize(tensor, &count), "ov_tensor_get_size")
        var byteSize = 0
        try api.check(api.tensorGetByteSize(tensor, &byteSize), "ov_tensor_get_byte_size")
        guard count == expected, byteSize == 4 * count else {
            throw BenchError.unsupportedModel(
                path: model.path, reason: "\(role) has \(count) elements of \(count == 0 ? 0 : byteSize / count) bytes; "
                    + "expected \(expected) float32 values")
        }
        var raw: UnsafeMutableRawPointer?
        try api.check(api.tensorData(tensor, &raw), "ov_tensor_data")
        return raw!.assumingMemoryBound(to: Float.self)
    }

    private static func shape(_ api: OpenVINOAPI, request: OpaquePointer) throws -> [Int] {
        var tensor: OpaquePointer?
        try api.check(api.inferRequestGetOutputTensor(request, &tensor), "ov_infer_request_get_output_tensor")
        defer { api.tensorFree(tensor!) }
        let shape = UnsafeMutableRawPointer.allocate(byteCount: OpenVINOLayouts.shapeSize, alignment: 8)
        defer { shape.deallocate() }
        shape.initializeMemory(as: UInt8.self, repeating: 0, count: OpenVINOLayouts.shapeSize)
        try api.check(api.tensorGetShape(tensor!, shape), "ov_tensor_get_shape")
        defer { _ = api.shapeFree(shape) }
        return OpenVINOLayouts.shape(at: shape)
    }
}
