import Network
import Testing
import Benchmarks

struct KernelBenchmarkTests {
    /// tools/bench.sh parses this exact layout; key order and rounding are part of the contract.
    @Test func reportRendersTheDocumentedJSON() {
        let shape = KernelBenchmark.GEMMShape(m: 16, k: 144, n: 131_072, title: "sgemm \"quoted\" 16×144")
        let conv = KernelBenchmark.resNet20ConvShapes()[3]
        let report = KernelBenchmark.Report(
            gemm: [.init(shape: shape, seconds: shape.flops / 91.234_567e9, repeats: 7)],
            conv: [.init(shape: conv, forwardSeconds: 0.001_234_56, forwardBackwardSeconds: 0.004, repeats: 9)])
        #expect(report.json == #"{"gemm":[{"m":16,"k":144,"n":131072,"gflops":91.23,"title":"sgemm \"quoted\" 16×144"}],"#
            + #""conv":[{"title":"conv 16→32 1×1/2, 32×32→16×16, batch 128 (layer2.0.downsample.0, ×1)","#
            + #""layers":"layer2.0.downsample.0","count":1,"n":128,"c":16,"h":32,"w":32,"k":32,"r":1,"s":1,"#
            + #""stride":2,"padding":0,"input_gradient":true,"macs":16777216,"gemm":{"m":32,"k":16,"n":32768},"#
            + #""forward_ms":1.235,"forward_gflops":27.18,"forward_backward_ms":4,"forward_backward_gflops":25.17}]}"#)
    }

    /// The convolution table is ResNet-20's: its 21 convolutions, each shape with its count, and
    /// the same MACs as the network's cost table, so per-layer times add up to a training step.
    @Test func convShapesCoverEveryResNet20Convolution() throws {
        let costs = try ResNetArchitecture.cifar(depth: 20).layerCosts().filter { $0.op == "Conv" }
        var expected: [[Int]: Int] = [:]
        for cost in costs { expected[cost.weightShape + cost.outputShape, default: 0] += 1 }
        var measured: [[Int]: Int] = [:]
        let shapes = KernelBenchmark.resNet20ConvShapes(batch: 1)
        for shape in shapes {
            let g = shape.geometry
            measured[g.weightShape + [g.outChannels, g.outHeight, g.outWidth], default: 0] += shape.count
        }
        #expect(measured == expected)
        #expect(shapes.reduce(0) { $0 + $1.count } == 21)
        #expect(shapes.reduce(0) { $0 + $1.count * $1.geometry.macs } == costs.reduce(0) { $0 + $1.macs })
        // Only the stem skips dInput, as `ResNet.backward` does.
        #expect(shapes.map(\.needsInputGradient) == [false] + Array(repeating: true, count: 7))
        // The equivalent GEMMs include the four shapes of the GEMM table.
        let gemms = KernelBenchmark.resNet20ConvShapes().map { [$0.gemm.m, $0.gemm.k, $0.gemm.n] }
        for shape in KernelBenchmark.defaultGEMMShapes.dropFirst(3) {
            #expect(gemms.contains([shape.m, shape.k, shape.n]), "\(shape.title)")
        }
    }

    /// Three growing squares, then the im2col GEMMs (M = filters, K = C·R·S, N = batch·P·Q at
    /// batch 128) of ResNet-20's stem and of each stage's stride-1 3×3 convolution, derived from
    /// Network's cost table rather than restated.
    @Test func defaultShapesAreSquaresThenResNet20Stride1Convolutions() throws {
        let shapes = KernelBenchmark.defaultGEMMShapes.map { [$0.m, $0.k, $0.n] }
        let squares = shapes.prefix(3)
        #expect(squares.allSatisfy { $0[0] == $0[1] && $0[1] == $0[2] })
        #expect(squares.map { $0[0] } == squares.map { $0[0] }.sorted() && Set(squares.map { $0[0] }).count == 3)
        var resnet: [[Int]] = []
        for cost in try ResNetArchitecture.cifar(depth: 20).layerCosts() where cost.op == "Conv" {
            let (filters, channels, kernel) = (cost.weightShape[0], cost.weightShape[1], cost.weightShape[2])
            // The stem, and the 3×3 convolutions that keep their width (stride 1 inside a stage).
            guard cost.name == "conv1" || (kernel == 3 && filters == channels) else { continue }
            let gemm = [filters, channels * kernel * kernel, 128 * cost.outputShape[1] * cost.outputShape[2]]
            if !resnet.contains(gemm) { resnet.append(gemm) }
        }
        #expect(resnet.count == 4)
        #expect(Array(shapes.dropFirst(3)) == resnet)
    }

    /// A real (tiny) measurement: every shape reported once, with positive finite throughput.
    @Test func measuresEveryShape() {
        var bench = KernelBenchmark()
        bench.gemmShapes = [.init(m: 8, k: 9, n: 10, title: "tiny"), .init(m: 33, k: 17, n: 65, title: "odd")]
        bench.convShapes = [
            .init(layers: "stem", count: 1, batch: 2, inChannels: 3, outChannels: 4, height: 7, width: 5, kernel: 3,
                  stride: 1, padding: 1, needsInputGradient: false),
            .init(layers: "down", count: 2, batch: 3, inChannels: 4, outChannels: 8, height: 6, width: 6, kernel: 1,
                  stride: 2, padding: 0),
        ]
        bench.minRepeats = 3
        bench.minSeconds = 0
        var lines: [String] = []
        let report = bench.run { lines.append($0) }
        #expect(report.gemm.map(\.shape.title) == ["tiny", "odd"])
        #expect(report.gemm.allSatisfy { $0.gflops.isFinite && $0.gflops > 0 && $0.repeats >= 3 })
        #expect(report.conv.map(\.shape.layers) == ["stem", "down"])
        #expect(report.conv.allSatisfy {
            $0.forwardGFLOPs.isFinite && $0.forwardGFLOPs > 0 && $0.forwardBackwardGFLOPs.isFinite
                && $0.forwardBackwardSeconds > 0 && $0.repeats >= 3
        })
        #expect(lines.count == 4)
    }
}
