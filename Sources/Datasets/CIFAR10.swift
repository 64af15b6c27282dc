import Foundation

/// The official CIFAR-10 binary layout (https://www.cs.toronto.edu/~kriz/cifar.html):
/// each file is a run of 3073-byte records, one label byte then 3072 pixel bytes
/// (R, G, B planes of 32×32). Any whole number of records is accepted, so the bundled
/// 1017-record subset and the full 10000-record files read the same way.
public enum CIFAR10 {
    public static let recordSize = 1 + LabeledImages.imageBytes
    public static let classCount = 10
    public static let trainingFiles = (1...5).map { "data_batch_\($0).bin" }
    public static let testFile = "test_batch.bin"
    public static let metaFile = "batches.meta.txt"

    /// Decodes one batch file's bytes; `path` only names the file in errors.
    /// - Complexity: O(size); one pass, one allocation per output array.
    public static func decode(_ bytes: [UInt8], path: String) throws(DataError) -> LabeledImages {
        if bytes.isEmpty { throw .emptyFile(path: path) }
        guard bytes.count % recordSize == 0 else {
            throw .truncated(path: path, size: bytes.count, recordSize: recordSize)
        }
        let n = bytes.count / recordSize
        var labels = [UInt8](repeating: 0, count: n)
        var pixels = [UInt8](repeating: 0, count: n * LabeledImages.imageBytes)
        let imageBytes = LabeledImages.imageBytes
        for r in 0..<n {
            let label = bytes[r * recordSize]
            guard Int(label) < classCount else {
                throw .badLabel(path: path, record: r, offset: r * recordSize, value: label)
            }
            labels[r] = label
        }
        bytes.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for r in 0..<n {
                    dst.baseAddress!.advanced(by: r * imageBytes)
                        .update(from: src.baseAddress!.advanced(by: r * recordSize + 1), count: imageBytes)
                }
            }
        }
        return LabeledImages(pixels: pixels, labels: labels)
    }

    /// Reads and decodes one batch file.
    public static func readBatch(path: String) throws(DataError) -> LabeledImages {
        try decode(readFile(path), path: path)
    }

    /// The five training files concatenated in order (data_batch_1 first); they must hold the
    /// same number of records each (a truncated copy is refused, not silently shorter).
    public static func loadTraining(directory: String) throws(DataError) -> LabeledImages {
        var all = LabeledImages.empty
        var first: (path: String, count: Int)?
        for name in trainingFiles {
            let path = join(directory, name), batch = try readBatch(path: path)
            if let first, batch.count != first.count {
                throw .unevenTrainingFiles(path: path, records: batch.count, reference: first.path, expected: first.count)
            }
            first = first ?? (path, batch.count)
            all = all + batch
        }
        return all
    }

    /// The test file, which the tool only ever evaluates on (tuning uses the validation split).
    public static func loadTest(directory: String) throws(DataError) -> LabeledImages {
        try readBatch(path: join(directory, testFile))
    }

    /// Class names from `batches.meta.txt`, one per line (blank lines, which the official
    /// file ends with, are ignored).
    public static func loadClassNames(directory: String) throws(DataError) -> [String] {
        let path = join(directory, metaFile)
        let text = String(decoding: try readFile(path), as: UTF8.self)
        let names = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard names.count == classCount else {
            throw .badClassNames(path: path, found: names.count, expected: classCount)
        }
        return names
    }

    /// `directory/name`, without doubling a trailing slash, so errors show the path as typed.
    public static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
    }

    static func readFile(_ path: String) throws(DataError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missingFile(path: path)
        }
        if isDirectory.boolValue { throw .unreadable(path: path, reason: "is a directory") }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}

/// The whole dataset as one value: what `shears train` and `shears eval` load.
public struct CIFAR10Dataset: Sendable {
    public var train: LabeledImages
    public var test: LabeledImages
    public var classNames: [String]

    public init(train: LabeledImages, test: LabeledImages, classNames: [String]) {
        self.train = train
        self.test = test
        self.classNames = classNames
    }

    /// Loads every file of the binary layout from `directory`.
    public init(directory: String) throws(DataError) {
        self.init(train: try CIFAR10.loadTraining(directory: directory),
                  test: try CIFAR10.loadTest(directory: directory),
                  classNames: try CIFAR10.loadClassNames(directory: directory))
    }
}
