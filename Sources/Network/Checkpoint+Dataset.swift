import Datasets

extension Checkpoint {
    /// The data set the network was trained on (`data.dataset`/`data.labels`; absent: CIFAR-10,
    /// which every checkpoint written before CIFAR-100 support was).
    public var dataset: Dataset {
        get throws(DataError) { try Dataset(metadata: metadata) }
    }

    /// The data set to read from `directory` for this model: its own, after checking that the
    /// directory holds that data set and that `requested` (`--dataset`/`--labels`, when given)
    /// names it too. A mismatch is refused naming both, because a CIFAR-10 head evaluated on
    /// CIFAR-100 images would print an accuracy that means nothing. `path` names the model.
    public func dataset(for directory: String, requested: Dataset? = nil, path: String) throws(DataError) -> Dataset {
        let trained = try dataset
        if let requested, requested != trained {
            throw .datasetMismatch(model: path, trained: trained, directory: directory, requested: requested)
        }
        if let found = Dataset.detect(directory: directory), found.name != trained.name {
            throw .datasetMismatch(model: path, trained: trained, directory: directory, requested: found)
        }
        guard network.architecture.classes == trained.classCount else {
            throw .datasetMismatch(model: path + " (\(network.architecture.classes)-class head)", trained: trained,
                                   directory: directory, requested: trained)
        }
        return trained
    }
}
