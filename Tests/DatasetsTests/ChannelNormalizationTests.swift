import Testing
import Datasets
import ShearsTestSupport

struct ChannelNormalizationTests {
    /// Two images with known per-channel values give a hand-computed mean and std.
    @Test func meanAndStdByHand() {
        var pixels = [UInt8]()
        for image in 0..<2 {
            for c in 0..<3 {
                // Channel 0: all 0 in image 0, all 255 in image 1 → mean 0.5, std 0.5.
                // Channel 1: constant 51 → mean 0.2, std floor 1e-6.
                // Channel 2: half 0, half 102 in every image → mean 0.2, std 0.2.
                for k in 0..<1024 {
                    switch c {
                    case 0: pixels.append(image == 0 ? 0 : 255)
                    case 1: pixels.append(51)
                    default: pixels.append(k % 2 == 0 ? 0 : 102)
                    }
                }
            }
        }
        let n = ChannelNormalization(computedFrom: LabeledImages(pixels: pixels, labels: [0, 1]))
        #expect(n.mean == [0.5, 0.2, 0.2])
        #expect(n.std == [0.5, 1e-6, 0.2])
        let table = n.lookupTable
        #expect(table[0 * 256 + 255] == 1)
        #expect(table[0 * 256 + 0] == -1)
        #expect(table[2 * 256 + 102] == 1)
    }

    @Test func metadataRoundTripsExactly() throws {
        let n = ChannelNormalization(mean: [0.49139968, 0.48215827, 0.44653124], std: [0.24703233, 0.24348505, 0.26158768])
        #expect(n.metadata["normalization.mean"] == "0.49139968,0.48215827,0.44653124")
        #expect(try ChannelNormalization(metadata: n.metadata) == n)
    }

    @Test func malformedMetadataIsNamed() {
        let error = dataError { try ChannelNormalization(metadata: ["normalization.mean": "0.5,0.5,0.5",
                                                                    "normalization.std": "0.2,0,0.2"]) }
        #expect(error?.description == "normalisation metadata 'normalization.std' is '0.2,0,0.2'; "
            + "expected 3 comma-separated numbers, all positive")
        let missing = dataError { try ChannelNormalization(metadata: [:]) }
        #expect(missing?.description == "normalisation metadata 'normalization.mean' is ''; "
            + "expected 3 comma-separated numbers")
    }
}
