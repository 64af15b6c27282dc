import Network
import Quantization

extension Checkpoint {
    /// What a runtime should receive for this checkpoint: the INT8 QDQ graph of a quantised
    /// checkpoint (`exportQDQ`; `foldBatchNorm` is implied), else `onnxModel`; both carry the same
    /// doc string and data-set metadata. `path` names the file in errors.
    public func deploymentModel(foldBatchNorm: Bool = false, producerVersion: String, path: String) throws -> ModelProto {
        guard let quantized = try quantizedModel(path: path) else {
            return try onnxModel(foldBatchNorm: foldBatchNorm, producerVersion: producerVersion)
        }
        guard quantized.settings.isDeployable else { throw QuantizationError.notDeployable(path: path) }
        let description = onnxDescription(producerVersion: producerVersion)
        var model = try exportQDQ(quantized, producerVersion: producerVersion, docString: description.docString)
        model.metadataProps = description.metadataProps
        return model
    }
}
