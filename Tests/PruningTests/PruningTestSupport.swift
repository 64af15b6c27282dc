import Datasets
import Kernels
import Network
import Pruning
import ShearsTestSupport

/// Small networks and schedules for the pruner and thinning tests.
enum Tiny {
    /// ResNet-20's topology at widths 4/8/8 with random BN parameters and running statistics,
    /// so a channel's BN shift (β − γ·μ/σ) is not zero: masking only a filter would leave it.
    static func network(seed: UInt64 = 7) throws -> ResNet {
        let net = try ResNet(depth: 20, widths: [4, 8, 8], seed: seed)
        var r = TestRandom(seed: seed)
        for bn in net.batchNorms {
            let c = bn.channels
            bn.weight.value.data = r.floats(c).map { 1 + 0.5 * $0 }
            bn.bias.value.data = r.floats(c).map { 0.3 * $0 }
            bn.runningMean = Tensor(shape: [c], data: r.floats(c).map { 0.2 * $0 })
            bn.runningVar = Tensor(shape: [c], data: r.floats(c).map { 1 + 0.5 * abs($0) })
        }
        return net
    }

    static func schedule(_ text: String) throws -> Schedule { try Schedule(parsing: text, file: "test.yaml") }

    /// `count` real CIFAR-10 test images (the bundled subset), normalised by their own statistics.
    static func realImages(count: Int) throws -> Tensor? {
        guard let directory = TestPaths.cifar else { return nil }
        let images = try CIFAR10.loadTest(directory: directory.path).subset(Array(0..<count))
        return Batches(images, normalization: ChannelNormalization(computedFrom: images),
                       options: .evaluation(batchSize: count)).batch(0).images
    }
}
