import Foundation
import ShearsTestSupport
import Testing

/// `shears bench training`/`bench kernels`: bad values exit 2 with the usage line, before any work.
struct BenchCommandTests {
    @Test func trainingRejectsZeroSteps() throws {
        let r = try runProcess(TestPaths.shearsBinary, ["bench", "training", "--steps", "0"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            Error: The value '0' is invalid for '--steps <n>': expected a positive integer
            Usage: shears bench training [--arch <name>] [--batch-size <n>] [--warmup <n>] [--steps <n>] [--seed <n>] [--json]
              See 'shears bench training --help' for more information.

            """)
    }

    @Test func trainingRejectsAnUnknownArchitecture() throws {
        let r = try runProcess(TestPaths.shearsBinary, ["bench", "training", "--arch", "resnet21"])
        #expect(r.status == 2)
        #expect(r.stderr == "Error: unknown architecture 'resnet21'; supported: resnet20, resnet32, resnet44, resnet56\n")
    }

    @Test func benchListsTheTrainingSubcommand() throws {
        let r = try runProcess(TestPaths.shearsBinary, ["bench", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("  training "))
    }

    /// The whole `bench kernels --json` contract as tools/bench.sh consumes it: every GEMM shape and
    /// all eight ResNet-20 convolution shapes (21 layers), each with its keys. One call per shape.
    @Test func kernelsJSONHasEveryGEMMAndConvolutionRow() throws {
        let r = try runProcess(TestPaths.shearsBinary, ["bench", "kernels", "--json", "--repeats", "1", "--seconds", "0"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let gemm = try #require(report["gemm"] as? [[String: Any]])
        let conv = try #require(report["conv"] as? [[String: Any]])
        #expect(gemm.count == 7)
        #expect(gemm.allSatisfy { Set($0.keys) == ["m", "k", "n", "gflops", "title"] })
        #expect(conv.count == 8)
        #expect(conv.reduce(0) { $0 + ($1["count"] as? Int ?? 0) } == 21)
        let keys: Set<String> = ["title", "layers", "count", "n", "c", "h", "w", "k", "r", "s", "stride", "padding",
                                 "input_gradient", "macs", "gemm", "forward_ms", "forward_gflops",
                                 "forward_backward_ms", "forward_backward_gflops"]
        #expect(conv.allSatisfy { Set($0.keys) == keys })
        #expect(conv.allSatisfy { ($0["forward_backward_ms"] as? Double ?? 0) > 0 })
    }
}
