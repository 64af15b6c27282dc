import Network
import Quantization

extension Checkpoint {
    /// What a runtime should receive for this checkpoint: the INT8 QDQ graph of a quantised
    /// checkpoint (`exportQDQ`; `foldBatchNorm` is implied), else `onnxModel`. `path` names
    /// the file in errors.
    public func deploymentModel(foldBatchNorm: Bool = false, producerVersion: String, path: String) throws -> ModelProto {
        guard let quantized = try quantizedModel(path: path) else {
            return try onnxModel(foldBatchNorm: foldBatchNorm, producerVersion: producerVersion)
        }
        guard quantized.settings.isDeployable else { throw QuantizationError.notDeployable(path: path) }
        return try exportQDQ(quantized, producerVersion: producerVersion,
                             docString: onnxInputDocumentation(network, normalization, producerVersion: producerVersion))
    }
}
