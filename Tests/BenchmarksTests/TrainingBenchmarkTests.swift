import Network
import Testing
import Benchmarks

struct TrainingBenchmarkTests {
    /// tools/bench_report.py reads these keys; FLOPs are 6 per MAC of the architecture.
    @Test func reportRendersTheDocumentedJSON() {
        let report = TrainingBenchmark.Report(architecture: "resnet20_cifar", batchSize: 128, warmupSteps: 3,
                                              stepSeconds: [0.5, 0.4, 0.6], loopSeconds: 1.6,
                                              macsPerImage: 40_813_184, peakRSSBytes: 300 * 1_048_576)
        #expect(report.flopsPerImage == 244_879_104)
        #expect(report.json == #"{"arch":"resnet20_cifar","batch":128,"warmup":3,"steps":3,"#
            + #""step_ms":{"median":500,"min":400,"max":600},"images_per_second":256,"#
            + #""loop_images_per_second":240,"macs_per_image":40813184,"mflop_per_image":244.879,"#
            + #""gflops":62.69,"peak_rss_mb":300}"#)
    }

    /// A real run on a narrow ResNet-20: warm-up steps are left out of the timings, the MAC
    /// count is the network's, and memory is reported.
    @Test func timesTheRequestedStepsOfTheTrainingLoop() throws {
        let architecture = try ResNetArchitecture.cifar(depth: 20, widths: [4, 8, 8])
        var bench = TrainingBenchmark(architecture: architecture)
        (bench.batchSize, bench.warmupSteps, bench.steps) = (4, 2, 3)
        var lines: [String] = []
        let report = try bench.run { lines.append($0) }
        #expect(report.stepSeconds.count == 3)
        #expect(report.stepSeconds.allSatisfy { $0 > 0 })
        #expect(report.loopSeconds >= report.stepSeconds.reduce(0, +))
        #expect(report.macsPerImage == architecture.macs())
        #expect(report.peakRSSBytes > 1_048_576)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("step 1/5 (warm-up): ") && lines[2].hasPrefix("step 3/5: "))
    }
}
