import Foundation
import ShearsTestSupport
import Testing
import Benchmarks

/// tools/bench_report.py against JSON rendered by the Swift reports themselves, so the two sides
/// of `make bench` cannot drift apart: the headline ratios come out as computed by hand.
struct BenchReportScriptTests {
    @Test func rendersHeadlinesAndAppendsFragments() throws {
        let python = try #require(TestPaths.python, "the Python venv (.venv/bin/python) is missing; run 'make setup'")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        // Shears runs every GEMM shape at twice numpy's rate (numpy: 100 GFLOP/s everywhere).
        let gemm = KernelBenchmark.defaultGEMMShapes.map {
            KernelBenchmark.GEMMResult(shape: $0, seconds: $0.flops / 200e9, repeats: 7)
        }
        let conv = KernelBenchmark.resNet20ConvShapes().map {
            KernelBenchmark.ConvResult(shape: $0, forwardSeconds: $0.forwardFLOPs / 50e9,
                                       forwardBackwardSeconds: ($0.forwardFLOPs + $0.backwardFLOPs) / 25e9, repeats: 7)
        }
        let shapes = gemm.map(\.shape) + conv.map(\.shape.gemm)
        let numpy = #"{"gemm":["# + shapes.map { #"{"m":\#($0.m),"k":\#($0.k),"n":\#($0.n),"gflops":100}"# }
            .joined(separator: ",") + "]}"
        // 40 GFLOP/s of training against numpy's 100: a fraction of 0.40.
        let macs = 40_813_184
        let training = TrainingBenchmark.Report(
            architecture: "resnet20_cifar", batchSize: 128, warmupSteps: 3,
            stepSeconds: [6 * Double(macs) * 128 / 40e9], loopSeconds: 1, macsPerImage: macs, peakRSSBytes: 1 << 28)
        try KernelBenchmark.Report(gemm: gemm, conv: conv).json.write(to: dir.appendingPathComponent("s.json"),
                                                                       atomically: true, encoding: .utf8)
        try numpy.write(to: dir.appendingPathComponent("n.json"), atomically: true, encoding: .utf8)
        try training.json.write(to: dir.appendingPathComponent("t.json"), atomically: true, encoding: .utf8)
        let fragments = dir.appendingPathComponent("BENCHMARKS.d")
        try FileManager.default.createDirectory(at: fragments, withIntermediateDirectories: true)
        try "## Queue\n\nqueued\n".write(to: fragments.appendingPathComponent("02-queue.md"), atomically: true,
                                         encoding: .utf8)
        try "## Inference\n\nfast\n".write(to: fragments.appendingPathComponent("01-inference.md"), atomically: true,
                                           encoding: .utf8)

        let script = TestPaths.root.appendingPathComponent("tools/bench_report.py").path
        let r = try runProcess(python, [script, "--shears", dir.appendingPathComponent("s.json").path,
                                        "--numpy", dir.appendingPathComponent("n.json").path,
                                        "--training", dir.appendingPathComponent("t.json").path,
                                        "--fragments", fragments.path, "--cpu", "cpu", "--cores", "2",
                                        "--swift", "swift", "--date", "today", "--load", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        let text = r.stdout
        #expect(text.contains("**Geometric mean of the ratio over ResNet-20's four convolution shapes: 2.00x numpy**"))
        #expect(text.contains("| **fraction of numpy's ResNet-shape rate** (range over rounds) | **0.40** (0.40–0.40) |"))
        #expect(text.contains("| peak RSS (max over rounds) | 256 MB |"))
        // One convolution row per shape, each at half (forward) and a quarter (forward+backward) of numpy.
        let convRows = text.split(separator: "\n").filter { $0.hasPrefix("| conv ") }
        #expect(convRows.count == conv.count)
        #expect(convRows.allSatisfy { $0.hasSuffix("| 100.0 | 0.50 | 0.25 |") })
        let inference = try #require(text.range(of: "## Inference\n\nfast\n"))
        let queue = try #require(text.range(of: "## Queue\n\nqueued\n"))
        #expect(inference.lowerBound > text.range(of: "## Training throughput")!.lowerBound)
        #expect(inference.lowerBound < queue.lowerBound)
    }
}
