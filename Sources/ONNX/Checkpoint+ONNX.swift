import Datasets
import Network

extension Checkpoint {
    /// The checkpoint as an ONNX model whose doc string says how inputs must be normalised
    /// (normalisation stays outside the graph). `shears export`, `bench`, `layers` and the
    /// sweep's trials all export through here, so every ONNX file says the same thing.
    /// The data set goes into the doc string and `metadata_props` (`dataset`, `labels`, `classes`),
    /// so a deployed model still says which label order its logits follow; metadata naming no
    /// known data set leaves it out (the commands that read data refuse such a checkpoint).
    public func onnxModel(foldBatchNorm: Bool = false, producerVersion: String) throws(ONNXError) -> ModelProto {
        let description = onnxDescription(producerVersion: producerVersion)
        return try exportONNX(network, foldBatchNorm: foldBatchNorm, producerVersion: producerVersion,
                              docString: description.docString, metadataProps: description.metadataProps)
    }

    /// The doc string and `metadata_props` every export of this checkpoint carries, float or QDQ.
    func onnxDescription(producerVersion: String) -> (docString: String, metadataProps: [StringStringEntryProto]) {
        let dataset = try? self.dataset
        return (onnxInputDocumentation(network, normalization, producerVersion: producerVersion, dataset: dataset),
                dataset.map(onnxMetadataProps) ?? [])
    }
}

/// `dataset`, `labels` and `classes` as ONNX `metadata_props` entries.
public func onnxMetadataProps(_ dataset: Dataset) -> [StringStringEntryProto] {
    [StringStringEntryProto(key: "dataset", value: dataset.name),
     StringStringEntryProto(key: "labels", value: dataset.labels.rawValue),
     StringStringEntryProto(key: "classes", value: "\(dataset.classCount)")]
}

/// The model's doc string: what the input must be, since normalisation stays outside the
/// graph (nil: a freshly initialised network, which was never trained on any statistics).
public func onnxInputDocumentation(_ network: ResNet, _ normalization: ChannelNormalization?,
                                   producerVersion: String, dataset: Dataset? = nil) -> String {
    let format = { (values: [Float]) in "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
    let input = normalization.map {
        "normalised per channel as (pixel / 255 - mean) / std with mean = \(format($0.mean)), "
            + "std = \(format($0.std))"
    } ?? "normalised per channel (untrained network: random weights, for latency measurements)"
    return "\(network.architecture.name) exported by shears \(producerVersion). input: NCHW float32 RGB, "
        + "\(input); output 'logits': unnormalised class scores"
        + (dataset.map { " in the label order of \($0)." } ?? ".")
}
