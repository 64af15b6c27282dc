import Foundation
import Testing
import Datasets
import ShearsTestSupport

struct CIFAR10ReaderTests {
    @Test func decodesPlanesAndLabelsInFileOrder() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeComplete(perFile: 3)
        let data = try CIFAR10Dataset(directory: fx.directory)
        #expect(data.train.count == 15)
        #expect(data.test.count == 3)
        #expect(data.train.labels == [0, 1, 2, 1, 2, 3, 2, 3, 4, 3, 4, 5, 4, 5, 6])
        #expect(data.test.labels == [9, 8, 7])
        #expect(data.classNames == ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                                    "ship", "truck"])
        // Image 7 (second file, second record): R plane first, then G, then B, each row-major.
        let image = data.train.image(7)
        for (c, y, x) in [(0, 0, 0), (0, 0, 31), (0, 31, 0), (1, 5, 9), (2, 31, 31)] {
            #expect(image[c * 1024 + y * 32 + x] == CIFARFixture.pixel(7, c, y, x), "c\(c) y\(y) x\(x)")
        }
    }

    @Test func truncatedFileNamesSizeRecordsAndOffset() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeComplete(perFile: 1)
        try fx.write("data_batch_2.bin", [UInt8](repeating: 3, count: 3_125_000))
        let error = dataError { try CIFAR10.loadTraining(directory: fx.directory) }
        #expect(error?.description == "\(fx.directory)/data_batch_2.bin: truncated: 3125000 bytes is 1016 whole "
            + "records of 3073 bytes plus 2832 bytes; the incomplete record starts at byte offset 3122168")
    }

    @Test func oversizedFileIsRejectedAtTheExtraBytes() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.write("test_batch.bin", CIFARFixture.record(label: 1, image: 0) + CIFARFixture.record(label: 2, image: 1)
            + [7, 7, 7])
        let error = dataError { try CIFAR10.loadTest(directory: fx.directory + "/") }
        #expect(error?.description == "\(fx.directory)/test_batch.bin: truncated: 6149 bytes is 2 whole records "
            + "of 3073 bytes plus 3 bytes; the incomplete record starts at byte offset 6146")
    }

    @Test func shortFileOfLessThanOneRecord() throws {
        let error = dataError { try CIFAR10.decode([1, 2, 3], path: "x/test_batch.bin") }
        #expect(error?.description == "x/test_batch.bin: truncated: 3 bytes is 0 whole records of 3073 bytes "
            + "plus 3 bytes; the incomplete record starts at byte offset 0")
    }

    @Test func missingFileSaysWhatIsExpected() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeComplete(perFile: 1)
        try FileManager.default.removeItem(atPath: fx.path("data_batch_4.bin"))
        let error = dataError { try CIFAR10Dataset(directory: fx.directory) }
        #expect(error == .missingFile(path: fx.path("data_batch_4.bin")))
        #expect(error?.description == "\(fx.directory)/data_batch_4.bin: no such file (expected the CIFAR-10 "
            + "binary version: data_batch_1..5.bin, test_batch.bin, batches.meta.txt)")
    }

    @Test func emptyFile() throws {
        let error = dataError { try CIFAR10.decode([], path: "d/data_batch_1.bin") }
        #expect(error?.description == "d/data_batch_1.bin: empty file (expected whole records of 3073 bytes)")
    }

    @Test func labelAboveNineNamesRecordOffsetAndValue() throws {
        let bytes = CIFARFixture.record(label: 4, image: 0) + CIFARFixture.record(label: 9, image: 1)
            + CIFARFixture.record(label: 10, image: 2)
        let error = dataError { try CIFAR10.decode(bytes, path: "d/data_batch_3.bin") }
        #expect(error?.description == "d/data_batch_3.bin: record 2 (byte offset 6146) has label 10; "
            + "CIFAR-10 labels are 0-9")
    }

    @Test func classNamesMustBeTen() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.write("batches.meta.txt", Array("cat\ndog\n".utf8))
        let error = dataError { try CIFAR10.loadClassNames(directory: fx.directory) }
        #expect(error?.description == "\(fx.directory)/batches.meta.txt: expected 10 class names, one per line, "
            + "found 2")
    }

    @Test func directoryInPlaceOfFile() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try FileManager.default.createDirectory(atPath: fx.path("test_batch.bin"), withIntermediateDirectories: true)
        let error = dataError { try CIFAR10.loadTest(directory: fx.directory) }
        #expect(error?.description == "\(fx.directory)/test_batch.bin: cannot read: is a directory")
    }

    /// The bundled subset: 1017 records in each of the six files, all classes present.
    @Test func bundledSubset() throws {
        guard let dir = TestPaths.cifar else {
            Issue.record("CIFAR-10 subset not found at data/cifar-10-batches-bin; run make setup")
            return
        }
        let data = try CIFAR10Dataset(directory: dir.path)
        #expect(data.train.count == 5 * 1017)
        #expect(data.test.count == 1017)
        #expect(data.classNames.first == "airplane" && data.classNames.last == "truck")
        for (name, set, lo, hi) in [("train", data.train, 400, 620), ("test", data.test, 70, 140)] {
            let histogram = set.labelHistogram()
            #expect(histogram.reduce(0, +) == set.count)
            #expect(histogram.allSatisfy { $0 >= lo && $0 <= hi }, "\(name) histogram \(histogram)")
        }
        // Statistics close to full CIFAR-10's well-known values.
        let norm = ChannelNormalization(computedFrom: data.train)
        let check = closeness(norm.mean + norm.std, [0.4914, 0.4822, 0.4465, 0.2470, 0.2435, 0.2616], tol: 0.02,
                              label: "mean+std")
        #expect(check.ok, "\(check.message)")
    }
}
