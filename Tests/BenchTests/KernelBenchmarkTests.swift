import Bench
import Testing

struct KernelBenchmarkTests {
    /// tools/bench.sh parses this exact layout; key order and rounding are part of the contract.
    @Test func reportRendersTheDocumentedJSON() {
        let shape = KernelBenchmark.GEMMShape(m: 16, k: 144, n: 131_072, title: "sgemm \"quoted\" 16×144")
        let report = KernelBenchmark.Report(gemm: [
            .init(shape: shape, seconds: shape.flops / 91.234_567e9, repeats: 7),
        ])
        #expect(report.json == #"{"gemm":[{"m":16,"k":144,"n":131072,"gflops":91.23,"title":"sgemm \"quoted\" 16×144"}],"conv":[]}"#)
    }

    @Test func defaultShapesAreTheSquaresAndResNetShapes() {
        let shapes = KernelBenchmark.defaultGEMMShapes.map { [$0.m, $0.k, $0.n] }
        #expect(shapes == [[256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [16, 27, 131_072],
                           [16, 144, 131_072], [32, 288, 32_768], [64, 576, 8192]])
    }

    /// A real (tiny) measurement: every shape reported once, with positive finite throughput.
    @Test func measuresEveryShape() {
        var bench = KernelBenchmark()
        bench.gemmShapes = [.init(m: 8, k: 9, n: 10, title: "tiny"), .init(m: 33, k: 17, n: 65, title: "odd")]
        bench.minRepeats = 3
        bench.minSeconds = 0
        var lines: [String] = []
        let report = bench.run { lines.append($0) }
        #expect(report.gemm.map(\.shape.title) == ["tiny", "odd"])
        #expect(report.gemm.allSatisfy { $0.gflops.isFinite && $0.gflops > 0 && $0.repeats >= 3 })
        #expect(lines.count == 2)
    }
}
