import Foundation
import Kernels
import KernelsAVX512
import Support

/// A `NativeProgram` with its buffers: every activation, the im2col column buffer and the
/// input are allocated once at load, so a timed `run()` allocates nothing of its own and
/// does exactly the kernels' work.
final class NativeSession: InferenceSession {
    let settings: SessionSettings
    let outputShape: [Int]
    let effectiveThreads: Int?
    let requestCount = 1
    private let program: NativeProgram
    private let buffers: [UnsafeMutablePointer<Float>]
    private let columns: UnsafeMutablePointer<Float>
    /// Zero-padded copy of a convolution's input image (AVX-512 path).
    private let padded: UnsafeMutablePointer<Float>
    /// Per step, the convolution weight packed for `PackedConvolution` (AVX-512 CPUs), else nil.
    private let packedWeights: [[Float]?]
    /// Nanoseconds of each step in the last `run()` (profiling only).
    private var stepNanoseconds: [UInt64]

    init(program: NativeProgram, settings: SessionSettings, useAVX512: Bool) {
        self.program = program
        self.settings = settings
        outputShape = program.outputShape
        effectiveThreads = min(settings.threads ?? Int.max, ProcessInfo.processInfo.activeProcessorCount)
        buffers = program.bufferSizes.map { count in
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            p.initialize(repeating: 0, count: max(count, 1))
            return p
        }
        var columnCount = 1, paddedCount = 1
        var packed: [[Float]?] = []
        for step in program.steps {
            guard case let .conv(g, weight, _, pointwise) = step.operation else {
                packed.append(nil)
                continue
            }
            if useAVX512 {
                packed.append(PackedConvolution.packWeights(weight, outChannels: g.outChannels, depth: g.patchSize))
                columnCount = max(columnCount, PackedConvolution.packedColumnCount(g))
                paddedCount = max(paddedCount, PackedConvolution.paddedImageCount(g))
            } else {
                packed.append(nil)
                if !pointwise { columnCount = max(columnCount, g.patchSize * g.outHeight * g.outWidth) }
            }
        }
        packedWeights = packed
        columns = .allocate(capacity: columnCount)
        columns.initialize(repeating: 0, count: columnCount)
        padded = .allocate(capacity: paddedCount)
        padded.initialize(repeating: 0, count: paddedCount)
        stepNanoseconds = [UInt64](repeating: 0, count: program.steps.count)
    }

    deinit {
        buffers.forEach { $0.deallocate() }
        columns.deallocate()
        padded.deallocate()
    }

    func setInput(_ values: [Float]) throws {
        guard values.count == program.bufferSizes[0] else {
            throw BenchError.inputSizeMismatch(expected: program.bufferSizes[0], got: values.count)
        }
        values.withUnsafeBufferPointer { buffers[0].update(from: $0.baseAddress!, count: values.count) }
    }

    func run() throws {
        withKernelThreads(settings.threads) {
            if settings.profiling {
                for index in program.steps.indices {
                    let start = MonotonicClock.nanoseconds()
                    execute(index)
                    stepNanoseconds[index] = MonotonicClock.nanoseconds() &- start
                }
            } else {
                for index in program.steps.indices { execute(index) }
            }
        }
    }

    func output() throws -> [Float] {
        let count = outputShape.reduce(1, *)
        return Array(UnsafeBufferPointer(start: buffers[program.outputBuffer], count: count))
    }

    /// One request: the pipelined mode degenerates to back-to-back runs.
    func runPipelined(count: Int, latencies: inout [Double]) throws {
        for _ in 0..<count {
            let start = MonotonicClock.nanoseconds()
            try run()
            latencies.append(MonotonicClock.milliseconds(since: start))
        }
    }

    /// One executed entry per step (named after the node it hosts), then a NOT_RUN entry for
    /// each node fused into it, in the shape of OpenVINO's profile.
    func nodeTimings() throws -> [NodeTiming] {
        guard settings.profiling else { throw BenchError.profilingDisabled }
        var timings: [NodeTiming] = []
        for (index, step) in program.steps.enumerated() {
            let nanoseconds = stepNanoseconds[index]
            var kernel = step.kernel
            if packedWeights[index] != nil, case let .conv(g, _, _, _) = step.operation {
                let single = Conv2DGeometry(inputShape: [1, g.inChannels, g.height, g.width],
                                            weightShape: g.weightShape, stride: g.stride, padding: g.padding)
                kernel = PackedConvolution.readsImageDirectly(single) ? "avx512_implicit" : "avx512_im2col"
            }
            timings.append(NodeTiming(name: step.name, nodeType: step.opType, execType: kernel,
                                      status: .executed, realTimeMicroseconds: Int64((nanoseconds + 500) / 1000)))
            for fused in step.fused {
                timings.append(NodeTiming(name: fused.name, nodeType: fused.opType, execType: "fused",
                                          status: .notRun, realTimeMicroseconds: 0))
            }
        }
        return timings
    }

    // MARK: - Steps

    private func execute(_ index: Int) {
        let step = program.steps[index]
        let x = buffers[step.inputs[0]], y = buffers[step.output]
        let residual = step.residual.map { UnsafePointer(buffers[$0]) }
        switch step.operation {
        case let .conv(g, _, bias, _) where packedWeights[index] != nil:
            NativeKernels.packedConvolution(g, batch: settings.batch, input: x, packedWeights: packedWeights[index]!,
                                            bias: bias, columns: columns, padded: padded, residual: residual,
                                            relu: step.relu, output: y)
        case let .conv(g, weight, bias, pointwise):
            NativeKernels.convolution(g, batch: settings.batch, input: x, weight: weight, bias: bias,
                                      pointwise: pointwise, columns: columns, residual: residual,
                                      relu: step.relu, output: y)
        case let .affine(scale, shift, plane):
            NativeKernels.channelAffine(x, y, batch: settings.batch, channels: scale.count, plane: plane, scale: scale,
                                        shift: shift, residual: residual, relu: step.relu)
        case .add:
            NativeKernels.add(x, buffers[step.inputs[1]], y, count: step.outputCount, relu: step.relu)
        case .relu:
            NativeKernels.relu(x, y, count: step.outputCount)
        case let .globalAveragePool(channels, plane):
            NativeKernels.globalAveragePool(x, y, planes: settings.batch * channels, plane: plane)
            if step.relu { NativeKernels.relu(y, y, count: step.outputCount) }
        case let .gemm(weight, bias, inFeatures, outFeatures):
            NativeKernels.fullyConnected(x, y, batch: settings.batch, weight: weight, bias: bias, inFeatures: inFeatures,
                                         outFeatures: outFeatures)
            if step.relu { NativeKernels.relu(y, y, count: step.outputCount) }
        }
    }
}
