import Network
import Pruning
import ShearsTestSupport
import Testing

/// The checkpoint summary counts what is really there and says when zeros were left in place.
struct ModelSummaryTests {
    @Test func baselineResNet20HasDistillersFigures() throws {
        let summary = ModelSummary(network: try ResNet(depth: 20, seed: 1))
        #expect(summary.macs == 40_813_184)
        #expect(summary.weights == 270_896)
        #expect(summary.nonzeros == 270_896)
        #expect(summary.layers.count == 22)
        #expect(summary.warnings.isEmpty)
    }

    @Test func prunedButNotThinnedLayersAreWarnedAbout() throws {
        let (masked, _) = try ThinningTests.prunedNetwork()
        let summary = ModelSummary(network: masked)
        let layer = try #require(summary.layers.first { $0.name == "layer2.1.conv1.weight" })
        #expect((layer.zeroFilters, layer.filters, layer.zeroChannels, layer.channels) == (4, 8, 2, 8))
        #expect(layer.nonzeros == 4 * 6 * 9)
        #expect(summary.warnings.contains("warning: layer2.1.conv1.weight: 4 of 8 filters and 2 of 8 input channels are "
            + "all zero but still present (pruned, not thinned): they cost MACs and time until the network is thinned"))
        #expect(summary.macs == masked.architecture.macs(), "zeros still cost their MACs")
        let thinned = ModelSummary(network: masked.thinned().network)
        #expect(thinned.warnings.isEmpty)
        #expect(thinned.macs < summary.macs)
        #expect(thinned.nonzeros == summary.nonzeros, "thinning removes zeros only")
    }
}
