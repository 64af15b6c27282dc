import Datasets
import JSON

extension SweepConfiguration {
    /// The optional `dataset:` (cifar10 | cifar100) and `labels:` (fine | coarse) keys: what the
    /// sweep's author expects the baseline to be trained on. Nil when neither is written (the
    /// baseline's own data set, which `PruneJob` still checks against `data`).
    static func readDataset(_ top: ConfigReader) throws -> Dataset? {
        let name = try top.optionalString("dataset"), labels = try top.optionalString("labels")
        guard name != nil || labels != nil else { return nil }
        if let name, !Dataset.names.contains(name) {
            throw top.error(.expected("cifar10 or cifar100", key: "dataset", found: "'\(name)'"),
                            at: top.value("dataset")!.location)
        }
        let labelSets = CIFAR100.Labels.allCases.map(\.rawValue)
        guard let dataset = Dataset(name: name ?? "cifar100", labels: labels) else {
            let found = labelSets.contains(labels!) ? "'\(labels!)' with dataset '\(name!)'" : "'\(labels!)'"
            throw top.error(.expected("fine or coarse (cifar100 only)", key: "labels", found: found),
                            at: top.value("labels")!.location)
        }
        return dataset
    }

    /// The baseline's data set as a trial reports it (`dataset`, `labels` in its details),
    /// refused (exit 2, naming both) when the sweep file asks for another one.
    func checkDataset(of baseline: TrainedTrial) throws -> Dataset? {
        guard let name = baseline.details["dataset"]?.string,
              let trained = Dataset(name: name, labels: baseline.details["labels"]?.string) else { return nil }
        if let dataset, dataset != trained {
            throw DataError.datasetMismatch(model: self.baseline, trained: trained, directory: data, requested: dataset)
        }
        return trained
    }
}

extension Dataset {
    /// `"dataset": "cifar100", "labels": "fine"`: how trials, the ledger header and replay name it.
    public var jsonFields: [(String, JSONValue)] { [("dataset", .string(name)), ("labels", .string(labels.rawValue))] }
}
