/// The errors of reading CIFAR-100 and of choosing a data set. Kept beside `DataError`'s
/// CIFAR-10 cases as separate cases so each message can say what that data set expects.
extension DataError {
    static func datasetDescription(_ error: DataError) -> String? {
        switch error {
        case let .missingCIFAR100File(path):
            return "\(path): no such file (expected the CIFAR-100 binary version: train.bin, test.bin, "
                + "fine_label_names.txt, coarse_label_names.txt)"
        case let .emptyRecordFile(path, recordSize):
            return "\(path): empty file (expected whole records of \(recordSize) bytes)"
        case let .labelOutOfRange(path, record, offset, label, value, classCount):
            return "\(path): record \(record) (byte offset \(offset)) has \(label) label \(value); "
                + "expected 0-\(classCount - 1)"
        case let .unknownLayout(directory, both):
            if both { return "\(directory): holds both CIFAR-10 and CIFAR-100 files; pass --dataset cifar10 or cifar100" }
            return "\(directory): holds neither CIFAR-10 (test_batch.bin, data_batch_1..5.bin) nor CIFAR-100 "
                + "(test.bin, train.bin) in the official binary layout; run 'make data' or pass --data <dir>"
        case let .layoutMismatch(directory, requested, found):
            return "\(directory) holds \(found.name) files but --dataset \(requested.name) was given"
        case let .datasetMismatch(model, trained, directory, requested):
            return "\(model) was trained on \(trained), but the data asked for is \(requested) (\(directory)); "
                + "evaluate it on the data set it was trained on"
        case let .badDatasetMetadata(name, labels):
            return "dataset metadata '\(name)'" + (labels.map { " with labels '\($0)'" } ?? "")
                + " is not valid; expected data.dataset cifar10 or cifar100 (labels fine or coarse)"
        default:
            return nil
        }
    }
}
