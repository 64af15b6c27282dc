import Datasets
import Network

extension Checkpoint {
    /// The checkpoint as an ONNX model whose doc string says how inputs must be normalised
    /// (normalisation stays outside the graph). `shears export`, `bench`, `layers` and the
    /// sweep's trials all export through here, so every ONNX file says the same thing.
    public func onnxModel(foldBatchNorm: Bool = false, producerVersion: String) throws(ONNXError) -> ModelProto {
        try exportONNX(network, foldBatchNorm: foldBatchNorm, producerVersion: producerVersion,
                       docString: onnxInputDocumentation(network, normalization, producerVersion: producerVersion))
    }
}

/// The model's doc string: what the input must be, since normalisation stays outside the
/// graph (nil: a freshly initialised network, which was never trained on any statistics).
public func onnxInputDocumentation(_ network: ResNet, _ normalization: ChannelNormalization?,
                                   producerVersion: String) -> String {
    let format = { (values: [Float]) in "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
    let input = normalization.map {
        "normalised per channel as (pixel / 255 - mean) / std with mean = \(format($0.mean)), "
            + "std = \(format($0.std))"
    } ?? "normalised per channel (untrained network: random weights, for latency measurements)"
    return "\(network.architecture.name) exported by shears \(producerVersion). input: NCHW float32 RGB, "
        + "\(input); output 'logits': unnormalised class scores (CIFAR-10 class order)."
}
