import Foundation
import JSON
import Kernels

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
    }

    /// Everything `shears bench kernels` prints.
    public struct Report: Sendable {
        public var gemm: [GEMMResult]

        /// `{"gemm":[{"m":..,"k":..,"n":..,"gflops":..,"title":".."},...],"conv":[]}` on one line;
        /// GFLOP/s rounded to two decimals. `conv` stays empty until convolution timings join.
        public var json: String {
            let rows: [JSONValue] = gemm.map { result in
                .object([
                    ("m", JSONValue(result.shape.m)), ("k", JSONValue(result.shape.k)),
                    ("n", JSONValue(result.shape.n)),
                    ("gflops", JSONValue((result.gflops * 100).rounded() / 100)),
                    ("title", JSONValue(result.shape.title)),
                ])
            }
            return JSONValue.object([("gemm", .array(rows)), ("conv", .array([]))]).compact
        }

        /// An aligned plain-text table for terminals.
        public var text: String {
            let width = gemm.map(\.shape.title.count).max() ?? 0
            var out = "shape".padding(toLength: width, withPad: " ", startingAt: 0) + "    GFLOP/s   median ms\n"
            for result in gemm {
                let title = result.shape.title.padding(toLength: width, withPad: " ", startingAt: 0)
                out += title + String(format: "  %9.1f  %10.3f\n", result.gflops, result.seconds * 1e3)
            }
            return out
        }
    }

    /// Measures every shape in turn; `progress` receives one line per finished shape.
    public func run(progress: (String) -> Void = { _ in }) -> Report {
        var results: [GEMMResult] = []
        for shape in gemmShapes {
            let result = measure(shape)
            results.append(result)
            progress(String(format: "%@: %.1f GFLOP/s", result.shape.title, result.gflops))
        }
        return Report(gemm: results)
    }

    /// Median time of `gemm` on random operands after one untimed warm-up call (page faults,
    /// thread-pool start-up). C is overwritten (`beta = 0`) so runs are independent.
    public func measure(_ shape: GEMMShape) -> GEMMResult {
        var random = SeededRandom(seed: 42)
        let a = (0..<shape.m * shape.k).map { _ in random.uniform() - 0.5 }
        let b = (0..<shape.k * shape.n).map { _ in random.uniform() - 0.5 }
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        var times: [Double] = []
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    let (pa, pb, pc) = (a.baseAddress!, b.baseAddress!, c.baseAddress!)
                    let call = {
                        gemm(transA: false, transB: false, m: shape.m, n: shape.n, k: shape.k,
                             a: pa, lda: shape.k, b: pb, ldb: shape.n, c: pc, ldc: shape.n)
                    }
                    call()
                    let clock = ContinuousClock()
                    let start = clock.now
                    while times.count < minRepeats || (clock.now - start).seconds < minSeconds {
                        times.append(clock.measure(call).seconds)
                    }
                    blackHole(pc[shape.m * shape.n / 2])
                }
            }
        }
        times.sort()
        return GEMMResult(shape: shape, seconds: times[times.count / 2], repeats: times.count)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
