import Foundation
import Kernels
import ONNX

/// An ONNX graph compiled for Shears' own kernels: a straight list of steps over
/// preallocated buffers, with the work a runtime's graph compiler would do done once at load.
///
/// - BatchNormalization after a Conv whose output nothing else reads is folded into the
///   convolution's weights and bias (`foldBatchNorm`, in Double), exactly as `--fold-bn` exports.
/// - Relu and Add become the epilogue of the step producing their input: the convolution's
///   output is written once and then finished in one pass `y = max(y + bias + residual, 0)`.
///   For `Add(a, b)` the operand computed *last* hosts the sum (in a downsampling block that
///   is the shortcut convolution, which runs after the block's second convolution).
/// - Flatten of an NCHW `[N, C, 1, 1]` value is a view: its output shares the input's buffer.
///
/// Fused nodes stay visible: each step lists them, and the session reports them as NOT_RUN
/// entries after their host, the way OpenVINO's profile does, so `LayerAttribution` credits
/// them to the host row without guessing.
struct NativeProgram {
    /// The computation of one step; buffers are indices into the session's buffer list.
    enum Operation {
        /// `weight` `[K, C·R·S]` (BN folded in), `bias` `[K]`; `pointwise` is a 1×1 stride-1
        /// unpadded convolution, whose im2col matrix is the input itself.
        case conv(geometry: Conv2DGeometry, weight: [Float], bias: [Float], pointwise: Bool)
        /// Standalone BatchNormalization: `y = x·scale[c] + shift[c]` over `[N, C, plane]`.
        case affine(scale: [Float], shift: [Float], plane: Int)
        /// Element-wise sum of `inputs[0]` and `inputs[1]`.
        case add
        /// `max(x, 0)` on its own (when no producer could host it).
        case relu
        /// `[N, C, plane] → [N, C]`.
        case globalAveragePool(channels: Int, plane: Int)
        /// `y[N, out] = x[N, in] · Wᵀ + b`, W stored `[out, in]`.
        case gemm(weight: [Float], bias: [Float], inFeatures: Int, outFeatures: Int)
    }

    struct Step {
        /// The ONNX node this step executes (the host of everything in `fused`).
        var name: String
        var opType: String
        /// What ran, for the layer table's exec column.
        var kernel: String
        var operation: Operation
        var inputs: [Int]
        var output: Int
        /// A buffer added to the output before the activation (a fused Add).
        var residual: Int?
        var relu = false
        /// Nodes merged into this step, with their ops, in graph order.
        var fused: [(name: String, opType: String)] = []
        /// Number of floats the step writes (the whole batch).
        var outputCount: Int
    }

    static let supportedOperators = ["Conv", "BatchNormalization", "Relu", "Add", "GlobalAveragePool", "Flatten",
                                     "Gemm"]

    var steps: [Step] = []
    /// Floats per buffer; buffer 0 is the graph input.
    var bufferSizes: [Int] = []
    var outputBuffer = 0
    var outputShape: [Int] = []

    /// Compiles `model` for `batch` images; `path` names the file in errors.
    init(model: ModelProto, batch: Int, path: String) throws {
        func unsupported(_ reason: String) -> BenchError { .unsupportedModel(path: path, reason: reason) }
        let graph = model.graph
        if let node = graph.node.first(where: { !Self.supportedOperators.contains($0.opType) }) {
            throw unsupported("node '\(node.name)': operator '\(node.opType)' is not supported by the native "
                              + "backend; supported: \(Self.supportedOperators.joined(separator: ", "))")
        }
        let summary: ONNXSummary
        do { summary = try ONNXSummary(model: model, batch: batch) } catch {
            throw BenchError.modelNotReadable(path: path, reason: "\(error)")
        }
        var initializers: [String: TensorProto] = [:]
        for t in graph.initializer { initializers[t.name] = t }
        let inputs = graph.input.filter { initializers[$0.name] == nil }
        guard inputs.count == 1, let input = inputs.first else {
            throw unsupported("expected 1 input, found \(inputs.count)")
        }
        guard graph.output.count == 1 else { throw unsupported("expected 1 output, found \(graph.output.count)") }

        func tensor(_ name: String, of node: NodeProto) throws -> Tensor {
            guard let t = initializers[name] else {
                throw unsupported("node '\(node.name)': '\(name)' must be an initializer (constant weights)")
            }
            do { return try t.floatTensor() } catch { throw BenchError.modelNotReadable(path: path, reason: "\(error)") }
        }

        var consumers: [String: Int] = [graph.output[0].name: 1]
        for node in graph.node { for value in node.input { consumers[value, default: 0] += 1 } }

        // value name → buffer; buffer → index of the step writing it (nil for the graph input).
        var buffers: [String: Int] = [input.name: 0]
        var writer: [Int?] = [nil]
        var shapes: [String: [Int]] = [:]
        bufferSizes = [batch * 3 * 32 * 32]
        if case let dims? = input.type?.tensorType?.shape {
            shapes[input.name] = [batch] + dims.dropFirst().map { if case let .value(v) = $0 { Int(v) } else { 0 } }
            bufferSizes[0] = shapes[input.name]!.reduce(1, *)
        }

        func buffer(_ value: String, of node: NodeProto) throws -> Int {
            guard let b = buffers[value] else {
                throw unsupported("node '\(node.name)': input '\(value)' is not computed by the graph")
            }
            return b
        }
        /// The step that wrote `value`, if `value` may be finished in place by a fused epilogue:
        /// nothing else reads it, and the step has no activation yet (a BN or Add also needs
        /// no residual, since they apply before it). `last`: the step must be the latest one,
        /// so every other operand is already computed when it runs.
        func host(of value: String, relu: Bool = false, last: Bool = false) -> Int? {
            guard let b = buffers[value], let s = writer[b], consumers[value] == 1, !steps[s].relu,
                  relu || steps[s].residual == nil, !last || s == steps.count - 1 else { return nil }
            return s
        }
        func newBuffer(_ count: Int) -> Int {
            bufferSizes.append(count)
            writer.append(steps.count)
            return bufferSizes.count - 1
        }

        for (node, row) in zip(graph.node, summary.nodes) {
            guard let outputName = node.output.first else { throw unsupported("node '\(node.name)' has no output") }
            let outputCount = row.outputShape.reduce(1, *)
            shapes[outputName] = row.outputShape
            switch node.opType {
            case "Conv":
                let x = try buffer(node.input[0], of: node)
                let w = try tensor(node.input[1], of: node)
                let b = node.input.count > 2 && !node.input[2].isEmpty ? try tensor(node.input[2], of: node) : nil
                let strides = Self.ints(node, "strides") ?? [1, 1]
                let pads = Self.ints(node, "pads") ?? [0, 0, 0, 0]
                guard Self.ints(node, "group").map({ $0 == [1] }) ?? true,
                      (Self.ints(node, "dilations") ?? [1, 1]).allSatisfy({ $0 == 1 }),
                      strides.count == 2, strides[0] == strides[1], pads.count == 4, Set(pads).count == 1,
                      w.shape.count == 4
                else {
                    throw unsupported("node '\(node.name)': the native backend runs 2-D convolutions with "
                                      + "group 1, no dilation, equal strides and equal padding on all sides")
                }
                guard let inShape = shapes[node.input[0]] else { throw unsupported("node '\(node.name)': unknown input shape") }
                let g = Conv2DGeometry(inputShape: inShape, weightShape: w.shape, stride: strides[0], padding: pads[0])
                let pointwise = g.kernelHeight == 1 && g.kernelWidth == 1 && g.stride == 1 && g.padding == 0
                let output = newBuffer(outputCount)
                steps.append(Step(name: node.name, opType: "Conv", kernel: pointwise ? "gemm_1x1" : "im2col_gemm",
                                  operation: .conv(geometry: g, weight: w.data,
                                                   bias: b?.data ?? [Float](repeating: 0, count: g.outChannels),
                                                   pointwise: pointwise),
                                  inputs: [x], output: output, outputCount: outputCount))
                buffers[outputName] = output
            case "BatchNormalization":
                let epsilon: Float = if case let .float(e)? = node.attribute(named: "epsilon") { e } else { 1e-5 }
                let p = try (1...4).map { try tensor(node.input[$0], of: node) }
                if let s = host(of: node.input[0]),
                   case let .conv(g, weight, bias, pointwise) = steps[s].operation {
                    let folded = foldBatchNorm(convWeight: Tensor(shape: g.weightShape, data: weight),
                                               convBias: Tensor(shape: [g.outChannels], data: bias),
                                               scale: p[0], bias: p[1], mean: p[2], variance: p[3], epsilon: epsilon)
                    steps[s].operation = .conv(geometry: g, weight: folded.weight.data, bias: folded.bias.data,
                                               pointwise: pointwise)
                    steps[s].fused.append((node.name, node.opType))
                    buffers[outputName] = steps[s].output
                } else {
                    let x = try buffer(node.input[0], of: node)
                    let channels = row.outputShape.count > 1 ? row.outputShape[1] : 1
                    let identity = Tensor(shape: [channels, 1, 1, 1], repeating: 1)
                    let folded = foldBatchNorm(convWeight: identity, convBias: nil, scale: p[0], bias: p[1],
                                               mean: p[2], variance: p[3], epsilon: epsilon)
                    let output = newBuffer(outputCount)
                    steps.append(Step(name: node.name, opType: node.opType, kernel: "affine",
                                      operation: .affine(scale: folded.weight.data, shift: folded.bias.data,
                                                         plane: outputCount / max(batch * channels, 1)),
                                      inputs: [x], output: output, outputCount: outputCount))
                    buffers[outputName] = output
                }
            case "Relu":
                if let s = host(of: node.input[0], relu: true) {
                    steps[s].relu = true
                    steps[s].fused.append((node.name, node.opType))
                    buffers[outputName] = steps[s].output
                } else {
                    let x = try buffer(node.input[0], of: node)
                    let output = newBuffer(outputCount)
                    steps.append(Step(name: node.name, opType: node.opType, kernel: "relu", operation: .relu,
                                      inputs: [x], output: output, outputCount: outputCount))
                    buffers[outputName] = output
                }
            case "Add":
                let (a, b) = (node.input[0], node.input[1])
                guard shapes[a] == shapes[b] else {
                    throw unsupported("node '\(node.name)': the native backend adds tensors of equal shape only")
                }
                if let (s, other) = host(of: a, last: true).map({ ($0, b) }) ?? host(of: b, last: true).map({ ($0, a) }),
                   steps[s].operation.hostsResidual {
                    steps[s].residual = try buffer(other, of: node)
                    steps[s].fused.append((node.name, node.opType))
                    buffers[outputName] = steps[s].output
                } else {
                    let inputs = [try buffer(a, of: node), try buffer(b, of: node)]
                    let output = newBuffer(outputCount)
                    steps.append(Step(name: node.name, opType: node.opType, kernel: "add", operation: .add,
                                      inputs: inputs, output: output, outputCount: outputCount))
                    buffers[outputName] = output
                }
            case "GlobalAveragePool":
                let x = try buffer(node.input[0], of: node)
                guard let inShape = shapes[node.input[0]], inShape.count == 4 else {
                    throw unsupported("node '\(node.name)': GlobalAveragePool needs an NCHW input")
                }
                let output = newBuffer(outputCount)
                steps.append(Step(name: node.name, opType: node.opType, kernel: "mean",
                                  operation: .globalAveragePool(channels: inShape[1], plane: inShape[2] * inShape[3]),
                                  inputs: [x], output: output, outputCount: outputCount))
                buffers[outputName] = output
            case "Flatten":
                // Row-major [N, C, 1, 1] and [N, C] are the same bytes: a view, no step.
                let x = try buffer(node.input[0], of: node)
                guard (Self.ints(node, "axis") ?? [1]) == [1] else {
                    throw unsupported("node '\(node.name)': the native backend flattens with axis 1 only")
                }
                if let s = writer[x] { steps[s].fused.append((node.name, node.opType)) }
                buffers[outputName] = x
            case "Gemm":
                let x = try buffer(node.input[0], of: node)
                var w = try tensor(node.input[1], of: node)
                let alpha: Float = if case let .float(v)? = node.attribute(named: "alpha") { v } else { 1 }
                let beta: Float = if case let .float(v)? = node.attribute(named: "beta") { v } else { 1 }
                guard (Self.ints(node, "transA") ?? [0]) == [0], w.shape.count == 2 else {
                    throw unsupported("node '\(node.name)': the native backend runs Gemm with transA = 0")
                }
                if (Self.ints(node, "transB") ?? [0]) == [0] { w = Self.transposed(w) }  // store [out, in]
                let (outF, inF) = (w.shape[0], w.shape[1])
                var bias = [Float](repeating: 0, count: outF)
                if node.input.count > 2, !node.input[2].isEmpty {
                    let c = try tensor(node.input[2], of: node)
                    guard c.count == outF else {
                        throw unsupported("node '\(node.name)': Gemm bias must have \(outF) values, found \(c.count)")
                    }
                    bias = c.data.map { $0 * beta }
                }
                let output = newBuffer(outputCount)
                steps.append(Step(name: node.name, opType: node.opType, kernel: "gemm",
                                  operation: .gemm(weight: w.data.map { $0 * alpha }, bias: bias, inFeatures: inF,
                                                   outFeatures: outF),
                                  inputs: [x], output: output, outputCount: outputCount))
                buffers[outputName] = output
            default:
                preconditionFailure("operator '\(node.opType)' passed the supported-operator check")
            }
        }
        guard let out = buffers[graph.output[0].name], let shape = shapes[graph.output[0].name] else {
            throw unsupported("output '\(graph.output[0].name)' is not computed by the graph")
        }
        outputBuffer = out
        outputShape = shape
    }

    static func ints(_ node: NodeProto, _ name: String) -> [Int]? {
        switch node.attribute(named: name) {
        case .ints(let v)?: v.map(Int.init)
        case .int(let v)?: [Int(v)]
        default: nil
        }
    }

    static func transposed(_ t: Tensor) -> Tensor {
        let (rows, columns) = (t.shape[0], t.shape[1])
        var out = Tensor(shape: [columns, rows])
        for r in 0..<rows { for c in 0..<columns { out.data[c * rows + r] = t.data[r * columns + c] } }
        return out
    }
}

extension NativeProgram.Operation {
    /// Convolutions and standalone BN write a fresh buffer, so a residual can be added in
    /// their epilogue; an Add, Relu, pooling or Gemm step does not host one.
    var hostsResidual: Bool {
        switch self {
        case .conv, .affine: true
        default: false
        }
    }
}
