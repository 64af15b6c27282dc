
/// Everything that can go wrong between a CIFAR-10 directory on disk and a batch.
/// Every message names the file (as the user spelled the directory) and, for bad
/// contents, the byte offset, so a damaged download can be located with `xxd`.
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// The file does not exist (`path` is the full path that was tried).
    case missingFile(path: String)
    /// The file exists but could not be read (permissions, a directory, I/O error).
    case unreadable(path: String, reason: String)
    /// The file has no bytes at all.
    case emptyFile(path: String)
    /// The size is not a whole number of records; the last record is incomplete.
    case truncated(path: String, size: Int, recordSize: Int)
    /// A record's label byte is not a CIFAR-10 class index.
    case badLabel(path: String, record: Int, offset: Int, value: UInt8)
    /// `batches.meta.txt` does not list exactly the expected number of class names.
    case badClassNames(path: String, found: Int, expected: Int)
    /// A validation split that would leave no training images.
    case validationTooLarge(requested: Int, available: Int)
    /// Normalisation metadata (from a checkpoint) that cannot be parsed.
    case badNormalization(key: String, value: String)
    /// A training file with fewer (or more) whole records than the first one: a copy cut at a
    /// record boundary, which would shrink the set and move the validation split onto
    /// images a model was trained on.
    case unevenTrainingFiles(path: String, records: Int, reference: String, expected: Int)

    public var description: String {
        switch self {
        case let .missingFile(path):
            return "\(path): no such file (expected the CIFAR-10 binary version: "
                + "data_batch_1..5.bin, test_batch.bin, batches.meta.txt)"
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .emptyFile(path):
            return "\(path): empty file (expected whole records of \(CIFAR10.recordSize) bytes)"
        case let .truncated(path, size, recordSize):
            let whole = size / recordSize
            let rest = size % recordSize
            return "\(path): truncated: \(size) bytes is \(whole) whole records of \(recordSize) bytes "
                + "plus \(rest) bytes; the incomplete record starts at byte offset \(whole * recordSize)"
        case let .badLabel(path, record, offset, value):
            return "\(path): record \(record) (byte offset \(offset)) has label \(value); "
                + "CIFAR-10 labels are 0-9"
        case let .badClassNames(path, found, expected):
            return "\(path): expected \(expected) class names, one per line, found \(found)"
        case let .validationTooLarge(requested, available):
            return "validation split of \(requested) images leaves no training images "
                + "(\(available) available); use a value below \(available)"
        case let .unevenTrainingFiles(path, records, reference, expected):
            return "\(path): holds \(records) records but \(reference) holds \(expected); the training files hold "
                + "the same number each, so this copy is truncated or mixed (re-copy the dataset)"
        case let .badNormalization(key, value):
            return "normalisation metadata '\(key)' is '\(value)'; expected 3 comma-separated numbers"
                + (key.hasSuffix("std") ? ", all positive" : "")
        }
    }
}
