import Foundation

/// The official CIFAR-100 binary layout (https://www.cs.toronto.edu/~kriz/cifar.html,
/// `cifar-100-binary`): `train.bin` (50,000 records) and `test.bin` (10,000), each record a
/// coarse label byte (0-19), a fine label byte (0-99) and 3072 pixel bytes (R, G, B planes of
/// 32×32), with class names in `fine_label_names.txt` and `coarse_label_names.txt`. Any whole
/// number of records is accepted, as for CIFAR-10, so subsets read the same way.
public enum CIFAR100 {
    /// Which of the two label bytes a model is trained to predict.
    public enum Labels: String, CaseIterable, Sendable {
        /// The 100 classes (second byte).
        case fine
        /// The 20 superclasses (first byte).
        case coarse

        public var classCount: Int { self == .fine ? 100 : 20 }
        /// Position of this label's byte in a record.
        public var byteOffset: Int { self == .fine ? 1 : 0 }
        /// The names file of this label set.
        public var namesFile: String { self == .fine ? "fine_label_names.txt" : "coarse_label_names.txt" }
    }

    public static let recordSize = 2 + LabeledImages.imageBytes
    public static let trainingFile = "train.bin"
    public static let testFile = "test.bin"

    /// Decodes one file's bytes keeping the `labels` byte of each record; both label bytes are
    /// checked, so a damaged record is reported whichever set is used. `path` names the file.
    /// - Complexity: O(size); one pass, one allocation per output array.
    public static func decode(_ bytes: [UInt8], path: String, labels: Labels) throws(DataError) -> LabeledImages {
        if bytes.isEmpty { throw .emptyRecordFile(path: path, recordSize: recordSize) }
        guard bytes.count % recordSize == 0 else {
            throw .truncated(path: path, size: bytes.count, recordSize: recordSize)
        }
        let n = bytes.count / recordSize, imageBytes = LabeledImages.imageBytes
        var kept = [UInt8](repeating: 0, count: n)
        for r in 0..<n {
            for set in [Labels.coarse, .fine] {
                let offset = r * recordSize + set.byteOffset, value = bytes[offset]
                guard Int(value) < set.classCount else {
                    throw .labelOutOfRange(path: path, record: r, offset: offset, label: "CIFAR-100 \(set.rawValue)",
                                           value: value, classCount: set.classCount)
                }
            }
            kept[r] = bytes[r * recordSize + labels.byteOffset]
        }
        var pixels = [UInt8](repeating: 0, count: n * imageBytes)
        bytes.withUnsafeBufferPointer { src in
            pixels.withUnsafeMutableBufferPointer { dst in
                for r in 0..<n {
                    dst.baseAddress!.advanced(by: r * imageBytes)
                        .update(from: src.baseAddress!.advanced(by: r * recordSize + 2), count: imageBytes)
                }
            }
        }
        return LabeledImages(pixels: pixels, labels: kept)
    }

    /// Reads and decodes one file.
    public static func read(path: String, labels: Labels) throws(DataError) -> LabeledImages {
        guard CIFAR10.fileExists(path) else { throw .missingCIFAR100File(path: path) }
        return try decode(CIFAR10.readFile(path), path: path, labels: labels)
    }

    public static func loadTraining(directory: String, labels: Labels) throws(DataError) -> LabeledImages {
        try read(path: CIFAR10.join(directory, trainingFile), labels: labels)
    }

    public static func loadTest(directory: String, labels: Labels) throws(DataError) -> LabeledImages {
        try read(path: CIFAR10.join(directory, testFile), labels: labels)
    }

    /// Class names of `labels`, one per line (blank lines ignored, as in CIFAR-10's file).
    public static func loadClassNames(directory: String, labels: Labels) throws(DataError) -> [String] {
        let path = CIFAR10.join(directory, labels.namesFile)
        guard CIFAR10.fileExists(path) else { throw .missingCIFAR100File(path: path) }
        let text = String(decoding: try CIFAR10.readFile(path), as: UTF8.self)
        let names = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard names.count == labels.classCount else {
            throw .badClassNames(path: path, found: names.count, expected: labels.classCount)
        }
        return names
    }
}
