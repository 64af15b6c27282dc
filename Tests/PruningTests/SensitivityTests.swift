import Datasets
import Network
import Pruning
import ShearsTestSupport
import Testing

/// One group or weight at a time: level 0 changes nothing, higher levels remove MACs.
struct SensitivityTests {
    @Test func filterSensitivityPrunesOneGroupAtATime() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        try fixture.writeComplete(perFile: 4)
        let images = try CIFAR10.loadTraining(directory: fixture.directory)
        let net = try Tiny.network()
        let before = net.namedTensors.map(\.value)
        let analysis = SensitivityAnalysis(network: net, images: images, normalization: ChannelNormalization(computedFrom: images),
                                           granularity: .filters, levels: [0, 0.5])
        let rows = analysis.run()
        #expect(rows.count == 1 + 12 * 2, "baseline + (3 streams + 9 blocks) × 2 levels")
        #expect(net.namedTensors.map(\.value) == before, "the analysed network is left as it was")
        let baseline = rows[0]
        for row in rows where row.level == 0 {
            #expect(row.top1 == baseline.top1 && row.loss == baseline.loss && row.macs == baseline.macs, "\(row.target)")
        }
        // Half of layer1.0's 4 inner channels: conv1 loses 2·3·3·4 and conv2 2·4·9 weights per pixel of 32×32.
        let inner = try #require(rows.first { $0.target == "layer1.0 inner channels" && $0.level == 0.5 })
        #expect(inner.macs == baseline.macs - 2 * (4 * 9 + 4 * 9) * 1024)
        #expect(rows.table(levels: [0, 0.5]).hasPrefix("target"))
        #expect(rows.csv.hasPrefix("parameter,sparsity,top1,top5,loss,macs\nnone,0.0,"))
    }

    @Test func fineSensitivityPrunesOneWeightByMagnitudeWithoutChangingMACs() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        try fixture.writeComplete(perFile: 4)
        let images = try CIFAR10.loadTraining(directory: fixture.directory)
        let analysis = SensitivityAnalysis(network: try Tiny.network(), images: images,
                                           normalization: ChannelNormalization(computedFrom: images),
                                           granularity: .fine, levels: [0, 0.9])
        #expect(analysis.targets.count == 22, "every conv and fc weight")
        let rows = analysis.run()
        #expect(rows.count == 1 + 22 * 2)
        #expect(rows.allSatisfy { $0.macs == rows[0].macs }, "zeros do not remove MACs")
        #expect(rows.filter { $0.level == 0 }.allSatisfy { $0.loss == rows[0].loss })
        #expect(rows.contains { $0.level == 0.9 && $0.loss != rows[0].loss }, "90% of a weight changes the loss")
    }
}
