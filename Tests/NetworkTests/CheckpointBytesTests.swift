import Foundation
import Network
import ShearsTestSupport
import Testing

/// Checkpoint files are part of reproducibility: the same network and metadata must give the
/// same bytes (and SHA-256) whoever writes the header. The bundled baseline is the oracle: it
/// was written by an earlier build, and reading then re-encoding it must reproduce it exactly.
struct CheckpointBytesTests {
    static let bundled = TestPaths.root.appendingPathComponent("Models/resnet20-cifar10-subset.safetensors")

    @Test func theBundledCheckpointReencodesByteForByte() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.bundled))
        let checkpoint = try Checkpoint(contentsOf: Self.bundled.path)
        #expect(try checkpoint.file.encoded() == bytes)
        #expect(try SafeTensors(decoding: bytes).encoded() == bytes)
    }

    @Test func theArchitectureMetadataIsCompactSortedJSON() throws {
        let network = try ResNet(architecture: .cifar(depth: 20, widths: [16, 24, 64]), seed: 0)
        let metadata = Checkpoint(network: network, normalization: .unit).file.metadata
        #expect(metadata[Checkpoint.architectureKey] == #"{"classes":10,"inputChannels":3,"stages":["#
            + #"{"innerWidths":[16,16,16],"stride":1,"width":16},{"innerWidths":[24,24,24],"stride":2,"width":24},"#
            + #"{"innerWidths":[64,64,64],"stride":2,"width":64}]}"#)
        #expect(metadata[Checkpoint.architectureNameKey] == "resnet20_cifar")
    }
}
