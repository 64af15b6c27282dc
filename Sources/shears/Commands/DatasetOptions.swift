import Datasets

/// `--data`, `--dataset` and `--labels`, shared by every command that reads images. Without
/// `--dataset` the data set is the model's (commands that take a checkpoint) or the one the
/// directory's files show (`train`); without `--data` the directory is the data set's standard
/// place under `data/`, where `make data` puts it.
enum DatasetOptions {
    static let options: [OptionSpec] = [
        .option("data", "dir", help: "Binary batches (default: data/cifar-10-batches-bin, or data/cifar-100-binary "
                + "for CIFAR-100)."),
        .option("dataset", "name", help: "cifar10 or cifar100 (default: the model's, else detected from the files)."),
        .option("labels", "set", help: "CIFAR-100 labels: fine (100 classes) or coarse (20 superclasses)."),
    ]

    /// Where each data set lives after `make data`.
    static func standardDirectory(_ dataset: Dataset) -> String {
        dataset.name == "cifar100" ? "data/cifar-100-binary" : "data/cifar-10-batches-bin"
    }

    /// The data set `--dataset`/`--labels` ask for (nil when neither is given).
    static func requested(_ args: ParsedArguments) throws -> Dataset? {
        let name = try args.choice("dataset", in: Dataset.names)
        let labels = try args.choice("labels", in: CIFAR100.Labels.allCases.map(\.rawValue))
        guard name != nil || labels != nil else { return nil }
        guard let dataset = Dataset(name: name ?? "cifar100", labels: labels) else {
            throw UsageError.conflict("'--labels \(labels!)' needs '--dataset cifar100'; CIFAR-10 has one label set")
        }
        return dataset
    }

    /// `--data`, else the standard directory of `dataset` (CIFAR-10's when unknown).
    static func directory(_ args: ParsedArguments, for dataset: Dataset?) -> String {
        args.string("data") ?? standardDirectory(dataset ?? .cifar10)
    }
}
