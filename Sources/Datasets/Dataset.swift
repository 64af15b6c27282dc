/// Which data set (and, for CIFAR-100, which label set) a directory holds and a model was
/// trained on. One value decides the files read, the label byte used, the class count (and so
/// the classifier head) and what a checkpoint records, so a model trained on one data set is
/// refused on the other instead of producing meaningless accuracy.
public enum Dataset: Equatable, Hashable, Sendable, CustomStringConvertible {
    case cifar10
    case cifar100(CIFAR100.Labels)

    /// The names `--dataset` accepts (and `data.dataset` stores).
    public static let names = ["cifar10", "cifar100"]

    /// `cifar10`, or `cifar100` with `labels` (`fine` or `coarse`); `labels` nil means the
    /// data set's default (fine for CIFAR-100). CIFAR-10 has one label set: `coarse` is refused.
    public init?(name: String, labels: String? = nil) {
        switch name {
        case "cifar10":
            guard labels == nil || labels == "fine" else { return nil }
            self = .cifar10
        case "cifar100":
            guard let set = CIFAR100.Labels(rawValue: labels ?? "fine") else { return nil }
            self = .cifar100(set)
        default:
            return nil
        }
    }

    /// `cifar10` or `cifar100`.
    public var name: String {
        switch self {
        case .cifar10: return "cifar10"
        case .cifar100: return "cifar100"
        }
    }

    /// `fine` or `coarse` (CIFAR-10's single label set counts as fine).
    public var labels: CIFAR100.Labels {
        if case .cifar100(let labels) = self { return labels }
        return .fine
    }

    /// Classifier outputs: 10, 100 (fine) or 20 (coarse).
    public var classCount: Int {
        switch self {
        case .cifar10: return CIFAR10.classCount
        case .cifar100(let labels): return labels.classCount
        }
    }

    /// For messages: "CIFAR-10 (10 classes)", "CIFAR-100 coarse labels (20 classes)".
    public var description: String {
        switch self {
        case .cifar10: return "CIFAR-10 (10 classes)"
        case .cifar100(let labels): return "CIFAR-100 \(labels.rawValue) labels (\(classCount) classes)"
        }
    }

    /// The five (or one) training files concatenated in order.
    public func loadTraining(directory: String) throws(DataError) -> LabeledImages {
        switch self {
        case .cifar10: return try CIFAR10.loadTraining(directory: directory)
        case .cifar100(let labels): return try CIFAR100.loadTraining(directory: directory, labels: labels)
        }
    }

    /// The test file.
    public func loadTest(directory: String) throws(DataError) -> LabeledImages {
        switch self {
        case .cifar10: return try CIFAR10.loadTest(directory: directory)
        case .cifar100(let labels): return try CIFAR100.loadTest(directory: directory, labels: labels)
        }
    }

    /// Class names in label order, from the data set's own names file.
    public func loadClassNames(directory: String) throws(DataError) -> [String] {
        switch self {
        case .cifar10: return try CIFAR10.loadClassNames(directory: directory)
        case .cifar100(let labels): return try CIFAR100.loadClassNames(directory: directory, labels: labels)
        }
    }

    // MARK: - Which data set a directory holds

    /// The data set whose files `directory` holds (`test_batch.bin` or `data_batch_1.bin`:
    /// CIFAR-10; `test.bin` or `train.bin`: CIFAR-100), nil when it holds neither or both.
    public static func detect(directory: String) -> Dataset? {
        let layouts = layouts(in: directory)
        return layouts.count == 1 ? layouts[0] : nil
    }

    /// Every data set with at least one of its files in `directory`.
    static func layouts(in directory: String) -> [Dataset] {
        let has = { (names: [String]) in names.contains { CIFAR10.fileExists(CIFAR10.join(directory, $0)) } }
        return (has([CIFAR10.testFile, CIFAR10.trainingFiles[0]]) ? [.cifar10] : [])
            + (has([CIFAR100.testFile, CIFAR100.trainingFile]) ? [.cifar100(.fine)] : [])
    }

    /// The data set to read from `directory`: `requested` (from `--dataset`/`--labels`) when given,
    /// else the one its files show. A directory laid out for the other data set is refused, naming
    /// both, and a directory that shows neither is refused listing what each needs.
    public static func resolve(directory: String, requested: Dataset?) throws(DataError) -> Dataset {
        let found = detect(directory: directory)
        if let requested {
            if let found, found.name != requested.name {
                throw .layoutMismatch(directory: directory, requested: requested, found: found)
            }
            return requested
        }
        guard let found else { throw .unknownLayout(directory: directory, both: layouts(in: directory).count == 2) }
        return found
    }

    // MARK: - Checkpoint form

    public static let nameKey = "data.dataset"
    public static let labelsKey = "data.labels"

    /// `data.dataset` (and `data.labels`) for CIFAR-100; nothing for CIFAR-10, whose absence
    /// is the record: checkpoints written before CIFAR-100 existed read as CIFAR-10, and a
    /// CIFAR-10 run writes the same bytes (and file SHA-256) it always did.
    public var metadata: [String: String] {
        switch self {
        case .cifar10: return [:]
        case .cifar100(let labels): return [Self.nameKey: name, Self.labelsKey: labels.rawValue]
        }
    }

    /// Reads the form `metadata` writes; an unknown name or label set is an error.
    public init(metadata: [String: String]) throws(DataError) {
        let name = metadata[Self.nameKey] ?? "cifar10"
        guard let dataset = Dataset(name: name, labels: metadata[Self.labelsKey]) else {
            throw .badDatasetMetadata(name: name, labels: metadata[Self.labelsKey])
        }
        self = dataset
    }
}
