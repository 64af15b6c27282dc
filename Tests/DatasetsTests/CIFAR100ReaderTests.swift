import Datasets
import Foundation
import ShearsTestSupport
import Testing

/// The CIFAR-100 reader on generated files in the official layout, and choosing a data set
/// from `--dataset`/`--labels`, a directory's files, or checkpoint metadata.
struct CIFAR100ReaderTests {
    @Test(arguments: CIFAR100.Labels.allCases)
    func decodesTheChosenLabelByteAndThePixels(labels: CIFAR100.Labels) throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeCIFAR100(train: 6, test: 4)
        let dataset = Dataset.cifar100(labels)
        let train = try dataset.loadTraining(directory: fx.directory)
        let test = try dataset.loadTest(directory: fx.directory)
        let label = labels == .fine ? CIFARFixture.fineLabel : CIFARFixture.coarseLabel
        #expect(train.labels == (0..<6).map(label))
        #expect(test.labels == (1000..<1004).map(label))
        #expect(train.labels.allSatisfy { Int($0) < dataset.classCount })
        // Pixels start after both label bytes: R, G, B planes, row-major.
        let image = test.image(2)
        for (c, y, x) in [(0, 0, 0), (0, 31, 31), (1, 4, 7), (2, 31, 0)] {
            #expect(image[c * 1024 + y * 32 + x] == CIFARFixture.pixel(1002, c, y, x), "c\(c) y\(y) x\(x)")
        }
        let names = try dataset.loadClassNames(directory: fx.directory)
        #expect(names.count == (labels == .fine ? 100 : 20))
        #expect(names.last == (labels == .fine ? "fine99" : "coarse19"))
    }

    @Test func truncatedFileNamesSizeRecordsAndOffset() {
        let bytes = CIFARFixture.record100(coarse: 1, fine: 5, image: 0) + [1, 2, 3]
        let error = dataError { try CIFAR100.decode(bytes, path: "d/train.bin", labels: .fine) }
        #expect(error?.description == "d/train.bin: truncated: 3077 bytes is 1 whole records of 3074 bytes "
            + "plus 3 bytes; the incomplete record starts at byte offset 3074")
    }

    @Test func aCIFAR10FileReadAsCIFAR100IsTheWrongSize() {
        // 3074 CIFAR-10 records are a whole number of CIFAR-100 records; 2 are not.
        let bytes = CIFARFixture.record(label: 3, image: 0) + CIFARFixture.record(label: 4, image: 1)
        let error = dataError { try CIFAR100.decode(bytes, path: "d/test.bin", labels: .coarse) }
        #expect(error == .truncated(path: "d/test.bin", size: 6146, recordSize: 3074))
    }

    @Test func emptyFile() {
        let error = dataError { try CIFAR100.decode([], path: "d/test.bin", labels: .fine) }
        #expect(error?.description == "d/test.bin: empty file (expected whole records of 3074 bytes)")
    }

    @Test func fineLabelAbove99NamesRecordOffsetAndValue() {
        let bytes = CIFARFixture.record100(coarse: 19, fine: 99, image: 0) + CIFARFixture.record100(coarse: 3, fine: 100, image: 1)
        // Checked even when training on coarse labels: the record is damaged either way.
        let error = dataError { try CIFAR100.decode(bytes, path: "d/train.bin", labels: .coarse) }
        #expect(error?.description == "d/train.bin: record 1 (byte offset 3075) has CIFAR-100 fine label 100; "
            + "expected 0-99")
    }

    @Test func coarseLabelAbove19() {
        let bytes = CIFARFixture.record100(coarse: 20, fine: 0, image: 0)
        let error = dataError { try CIFAR100.decode(bytes, path: "d/test.bin", labels: .fine) }
        #expect(error?.description == "d/test.bin: record 0 (byte offset 0) has CIFAR-100 coarse label 20; "
            + "expected 0-19")
    }

    @Test func missingFileSaysWhatIsExpected() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.writeCIFAR100()
        try FileManager.default.removeItem(atPath: fx.path("coarse_label_names.txt"))
        let error = dataError { try Dataset.cifar100(.coarse).loadClassNames(directory: fx.directory) }
        #expect(error?.description == "\(fx.directory)/coarse_label_names.txt: no such file (expected the CIFAR-100 "
            + "binary version: train.bin, test.bin, fine_label_names.txt, coarse_label_names.txt)")
    }

    @Test func classNamesMustMatchTheLabelSet() throws {
        let fx = try CIFARFixture()
        defer { fx.remove() }
        try fx.write("fine_label_names.txt", Array("apple\npear\n".utf8))
        let error = dataError { try CIFAR100.loadClassNames(directory: fx.directory, labels: .fine) }
        #expect(error?.description == "\(fx.directory)/fine_label_names.txt: expected 100 class names, one per line, "
            + "found 2")
    }

    @Test func detectsTheLayoutFromTheFiles() throws {
        let ten = try CIFARFixture(), hundred = try CIFARFixture(), empty = try CIFARFixture()
        defer { ten.remove(); hundred.remove(); empty.remove() }
        try ten.writeComplete(perFile: 1)
        try hundred.writeCIFAR100()
        #expect(Dataset.detect(directory: ten.directory) == .cifar10)
        #expect(Dataset.detect(directory: hundred.directory) == .cifar100(.fine))
        #expect(Dataset.detect(directory: empty.directory) == nil)
        #expect(try Dataset.resolve(directory: hundred.directory, requested: .cifar100(.coarse)) == .cifar100(.coarse))
        // A directory that does not exist yet is taken at its word (the reader then names the file).
        #expect(try Dataset.resolve(directory: "/nonexistent", requested: .cifar100(.fine)) == .cifar100(.fine))

        let mismatch = dataError { try Dataset.resolve(directory: ten.directory, requested: .cifar100(.fine)) }
        #expect(mismatch?.description == "\(ten.directory) holds cifar10 files but --dataset cifar100 was given")
        let unknown = dataError { try Dataset.resolve(directory: empty.directory, requested: nil) }
        #expect(unknown?.description == "\(empty.directory): holds neither CIFAR-10 (test_batch.bin, "
            + "data_batch_1..5.bin) nor CIFAR-100 (test.bin, train.bin) in the official binary layout; "
            + "run 'make data' or pass --data <dir>")
        try hundred.writeComplete(perFile: 1)
        let both = dataError { try Dataset.resolve(directory: hundred.directory, requested: nil) }
        #expect(both == .unknownLayout(directory: hundred.directory, both: true))
    }

    @Test func namesAndLabelSets() {
        #expect(Dataset(name: "cifar10") == .cifar10)
        #expect(Dataset(name: "cifar10", labels: "coarse") == nil)
        #expect(Dataset(name: "cifar100") == .cifar100(.fine))
        #expect(Dataset(name: "cifar100", labels: "coarse")?.classCount == 20)
        #expect(Dataset(name: "cifar100", labels: "fine")?.classCount == 100)
        #expect(Dataset(name: "mnist") == nil)
        #expect(Dataset.cifar100(.coarse).description == "CIFAR-100 coarse labels (20 classes)")
    }

    @Test func metadataRoundTripsAndItsAbsenceMeansCIFAR10() throws {
        for dataset in [Dataset.cifar10, .cifar100(.fine), .cifar100(.coarse)] {
            #expect(try Dataset(metadata: dataset.metadata) == dataset)
        }
        #expect(Dataset.cifar10.metadata.isEmpty)
        #expect(Dataset.cifar100(.coarse).metadata == ["data.dataset": "cifar100", "data.labels": "coarse"])
        #expect(try Dataset(metadata: ["training.seed": "1"]) == .cifar10)
        let bad = dataError { try Dataset(metadata: ["data.dataset": "cifar1000"]) }
        #expect(bad?.description == "dataset metadata 'cifar1000' is not valid; expected data.dataset cifar10 or "
            + "cifar100 (labels fine or coarse)")
    }
}
