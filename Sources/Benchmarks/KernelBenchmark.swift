import Foundation
import JSON
import Kernels
import Support

/// Throughput of the compute kernels every training step and every inference goes
/// through, in the units the literature uses (GFLOP/s = 2·M·N·K / t), on the shapes
/// ResNet-20 actually produces, so `make bench` can set them beside numpy/OpenBLAS
/// measured in the same run (tools/bench.sh → BENCHMARKS.md).
public struct KernelBenchmark: Sendable {
    /// One GEMM problem: row-major `C[M×N] = A[M×K] · B[K×N]`, no transposes.
    public struct GEMMShape: Sendable, Equatable {
        public var m: Int, k: Int, n: Int
        /// Human-readable: `sgemm 16×144×131072 (layer1 conv, batch 128)`.
        public var title: String

        public init(m: Int, k: Int, n: Int, title: String) {
            self.m = m
            self.k = k
            self.n = n
            self.title = title
        }

        public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    /// Squares, then ResNet-20's batch-128 im2col GEMMs: A is the K×CRS weight matrix,
    /// B the CRS×(N·P·Q) column matrix.
    public static let defaultGEMMShapes: [GEMMShape] = [
        GEMMShape(m: 256, k: 256, n: 256, title: "sgemm 256×256×256 (square)"),
        GEMMShape(m: 512, k: 512, n: 512, title: "sgemm 512×512×512 (square)"),
        GEMMShape(m: 1024, k: 1024, n: 1024, title: "sgemm 1024×1024×1024 (square)"),
        GEMMShape(m: 16, k: 27, n: 131_072, title: "sgemm 16×27×131072 (conv1 3→16, 32×32, batch 128)"),
        GEMMShape(m: 16, k: 144, n: 131_072, title: "sgemm 16×144×131072 (layer1 conv 16→16, 32×32, batch 128)"),
        GEMMShape(m: 32, k: 288, n: 32_768, title: "sgemm 32×288×32768 (layer2 conv 32→32, 16×16, batch 128)"),
        GEMMShape(m: 64, k: 576, n: 8_192, title: "sgemm 64×576×8192 (layer3 conv 64→64, 8×8, batch 128)"),
    ]

    public var gemmShapes: [GEMMShape] = KernelBenchmark.defaultGEMMShapes
    /// Convolution layers timed forward and forward + backward (`KernelBenchmark+Conv.swift`).
    public var convShapes: [ConvShape] = KernelBenchmark.resNet20ConvShapes()
    /// Timed runs per shape continue until both bounds are met; the median is reported.
    public var minRepeats = 7
    public var minSeconds = 0.5

    public init() {}

    /// One measured shape.
    public struct GEMMResult: Sendable {
        public var shape: GEMMShape
        /// Median wall time of one call, in seconds.
        public var seconds: Double
        public var repeats: Int
        public var gflops: Double { shape.flops / seconds / 1e9 }

        public init(shape: GEMMShape, seconds: Double, repeats: Int) {
            self.shape = shape
            self.seconds = seconds
            self.repeats = repeats
        }
    }

    /// Everything `shears bench kernels` prints.
    public struct Report: Sendable {
        public var gemm: [GEMMResult]
        public var conv: [ConvResult]

        public init(gemm: [GEMMResult], conv: [ConvResult] = []) {
            self.gemm = gemm
            self.conv = conv
        }

        /// One line: `{"gemm":[{"m":..,"k":..,"n":..,"gflops":..,"title":".."},...],"conv":[{...},...]}`.
        /// A conv row holds its geometry, `count` (layers of that shape), the equivalent im2col
        /// GEMM `{"m","k","n"}` (the numpy reference shape), and median `forward_ms`,
        /// `forward_gflops`, `forward_backward_ms`, `forward_backward_gflops`. GFLOP/s and
        /// milliseconds are rounded to two and three decimals.
        public var json: String {
            let rows: [JSONValue] = gemm.map { result in
                .object([
                    ("m", JSONValue(result.shape.m)), ("k", JSONValue(result.shape.k)),
                    ("n", JSONValue(result.shape.n)),
                    ("gflops", JSONValue(result.gflops, decimals: 2)),
                    ("title", JSONValue(result.shape.title)),
                ])
            }
            let convRows: [JSONValue] = conv.map { result in
                let s = result.shape, equivalent = s.gemm
                return .object([
                    ("title", JSONValue(s.title)), ("layers", JSONValue(s.layers)), ("count", JSONValue(s.count)),
                    ("n", JSONValue(s.batch)), ("c", JSONValue(s.inChannels)), ("h", JSONValue(s.height)),
                    ("w", JSONValue(s.width)), ("k", JSONValue(s.outChannels)), ("r", JSONValue(s.kernel)),
                    ("s", JSONValue(s.kernel)), ("stride", JSONValue(s.stride)), ("padding", JSONValue(s.padding)),
                    ("input_gradient", JSONValue(s.needsInputGradient)), ("macs", JSONValue(s.geometry.macs)),
                    ("gemm", .object([("m", JSONValue(equivalent.m)), ("k", JSONValue(equivalent.k)),
                                      ("n", JSONValue(equivalent.n))])),
                    ("forward_ms", JSONValue(result.forwardSeconds * 1e3, decimals: 3)),
                    ("forward_gflops", JSONValue(result.forwardGFLOPs, decimals: 2)),
                    ("forward_backward_ms", JSONValue(result.forwardBackwardSeconds * 1e3, decimals: 3)),
                    ("forward_backward_gflops", JSONValue(result.forwardBackwardGFLOPs, decimals: 2)),
                ])
            }
            return JSONValue.object([("gemm", .array(rows)), ("conv", .array(convRows))]).compact
        }

        /// Aligned plain-text tables for terminals.
        public var text: String {
            let width = max(gemm.map(\.shape.title.count).max() ?? 0, conv.map(\.shape.title.count).max() ?? 0)
            func padded(_ title: String) -> String { title.padding(toLength: width, withPad: " ", startingAt: 0) }
            var out = padded("shape") + "    GFLOP/s   median ms\n"
            for result in gemm {
                out += padded(result.shape.title) + String(format: "  %9.1f  %10.3f\n", result.gflops, result.seconds * 1e3)
            }
            if !conv.isEmpty {
                out += "\n" + padded("convolution") + "    fwd GFLOP/s    fwd ms   fwd+bwd GFLOP/s   fwd+bwd ms\n"
                for result in conv {
                    out += padded(result.shape.title)
                        + String(format: "  %13.1f  %8.3f  %16.1f  %11.3f\n", result.forwardGFLOPs,
                                 result.forwardSeconds * 1e3, result.forwardBackwardGFLOPs,
                                 result.forwardBackwardSeconds * 1e3)
                }
            }
            return out
        }
    }

    /// Measures every GEMM shape, then every convolution shape; `progress` receives one line per
    /// finished shape.
    public func run(progress: (String) -> Void = { _ in }) -> Report {
        var results: [GEMMResult] = []
        for shape in gemmShapes {
            let result = measure(shape)
            results.append(result)
            progress(String(format: "%@: %.1f GFLOP/s", result.shape.title, result.gflops))
        }
        var convResults: [ConvResult] = []
        for shape in convShapes {
            let result = measure(shape)
            convResults.append(result)
            progress(String(format: "%@: forward %.1f GFLOP/s, forward+backward %.1f GFLOP/s", result.shape.title,
                            result.forwardGFLOPs, result.forwardBackwardGFLOPs))
        }
        return Report(gemm: results, conv: convResults)
    }

    /// Median time of `gemm` on random operands after one untimed warm-up call (page faults,
    /// thread-pool start-up). C is overwritten (`beta = 0`) so runs are independent.
    public func measure(_ shape: GEMMShape) -> GEMMResult {
        var random = SeededRandom(seed: 42)
        let a = (0..<shape.m * shape.k).map { _ in random.uniform() - 0.5 }
        let b = (0..<shape.k * shape.n).map { _ in random.uniform() - 0.5 }
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        var timing = (median: 0.0, repeats: 0)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let (pa, pb, pc) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                    timing = timeMedian {
                        gemm(transA: false, transB: false, m: shape.m, n: shape.n, k: shape.k,
                             a: pa, lda: shape.k, b: pb, ldb: shape.n, c: pc, ldc: shape.n)
                    }
                    blackHole(pc[shape.m * shape.n / 2])
                }
            }
        }
        return GEMMResult(shape: shape, seconds: timing.median, repeats: timing.repeats)
    }

    /// Calls `body` once untimed, then times calls until there are at least `minRepeats` of
    /// them and `minSeconds` have passed; returns the median call time in seconds.
    func timeMedian(_ body: () -> Void) -> (median: Double, repeats: Int) {
        body()
        var times: [Double] = []
        let start = MonotonicClock.nanoseconds()
        while times.count < minRepeats || MonotonicClock.milliseconds(since: start) / 1000 < minSeconds {
            let callStart = MonotonicClock.nanoseconds()
            body()
            times.append(MonotonicClock.milliseconds(since: callStart) / 1000)
        }
        times.sort()
        return (times[times.count / 2], times.count)
    }
}
