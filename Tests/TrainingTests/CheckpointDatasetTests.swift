import Datasets
import Foundation
import Network
import ShearsTestSupport
import Testing
import Training

/// Which data set a checkpoint belongs to, and the check every data-reading command makes.
struct CheckpointDatasetTests {
    @Test func theBundledBaselineWithoutTheKeyIsCIFAR10() throws {
        let path = TestPaths.root.appendingPathComponent("Models/resnet20-cifar10-subset.safetensors").path
        let checkpoint = try Checkpoint(contentsOf: path)
        #expect(checkpoint.metadata[Dataset.nameKey] == nil)
        #expect(try checkpoint.dataset == .cifar10)
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeComplete(perFile: 1)
        #expect(try checkpoint.dataset(for: fx.directory, path: path) == .cifar10)
    }

    @Test func aHeadThatDoesNotMatchTheRecordedDataSetIsRefused() throws {
        let network = try ResNet(architecture: .cifar(depth: 20, widths: [4, 4, 4], classes: 10), seed: 1)
        let checkpoint = Checkpoint(network: network, normalization: .unit, metadata: Dataset.cifar100(.coarse).metadata)
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeCIFAR100()
        #expect(throws: DataError.datasetMismatch(model: "m.safetensors (10-class head)", trained: .cifar100(.coarse),
                                                  directory: fx.directory, requested: .cifar100(.coarse))) {
            try checkpoint.dataset(for: fx.directory, path: "m.safetensors")
        }
    }

    @Test func theRecordedDataSetSurvivesWriteAndRead() throws {
        let network = try ResNet(architecture: .cifar(depth: 20, widths: [4, 4, 4], classes: 20), seed: 1)
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try Checkpoint(network: network, normalization: .unit, metadata: Dataset.cifar100(.coarse).metadata)
            .write(to: fx.path("m.safetensors"))
        let read = try Checkpoint(contentsOf: fx.path("m.safetensors"))
        #expect(try read.dataset == .cifar100(.coarse))
        try fx.writeComplete(perFile: 1)  // CIFAR-10 files in the same directory: ambiguous, but the model decides
        try FileManager.default.removeItem(atPath: fx.path("test_batch.bin"))
        for f in 1...5 { try FileManager.default.removeItem(atPath: fx.path("data_batch_\(f).bin")) }
        try fx.writeCIFAR100()
        #expect(try read.dataset(for: fx.directory, path: "m") == .cifar100(.coarse))
    }
}
