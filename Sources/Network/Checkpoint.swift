import Datasets
import JSON
import Kernels

/// A network on disk: one safetensors file holding every tensor by its Distiller name (BN
/// running statistics included) and metadata with the architecture as JSON (actual per-layer
/// channel counts, so a thinned network reloads), the input normalisation the network was
/// trained with, and free-form provenance (configuration, seed, results). A checkpoint saved
/// mid-run also carries `Trainer.resumeCheckpoint()`'s state and optimiser tensors.
public struct Checkpoint {
    public static let architectureKey = "architecture"
    public static let architectureNameKey = "architecture.name"
    /// Tensor-name prefix of optimiser state, which is not part of the network.
    public static let optimizerPrefix = "optimizer."
    /// Tensor-name prefix of quantisation parameters (activation scales and zero points),
    /// which are not part of the float network either.
    public static let quantizationPrefix = "quant."

    public var network: ResNet
    public var normalization: ChannelNormalization
    /// Everything else in `__metadata__` (`training.*`, `data.*`, `result.*`, …).
    public var metadata: [String: String]
    /// Optimiser tensors (`optimizer.momentum.<name>`) of a resumable checkpoint.
    public var optimizerTensors: [SafeTensors.Entry]
    /// Quantisation parameters (`quant.<point>.scale`, …) of a quantised model.
    public var quantizationTensors: [SafeTensors.Entry]

    public init(network: ResNet, normalization: ChannelNormalization, metadata: [String: String] = [:],
                optimizerTensors: [SafeTensors.Entry] = [], quantizationTensors: [SafeTensors.Entry] = []) {
        self.network = network
        self.normalization = normalization
        self.metadata = metadata
        self.optimizerTensors = optimizerTensors
        self.quantizationTensors = quantizationTensors
    }

    /// Whether the file can continue a training run (`shears train --resume`).
    public var isResumable: Bool { metadata["training.state.epoch"] != nil }

    /// The file's content: network tensors in `state_dict()` order, then optimiser tensors.
    public var file: SafeTensors {
        let architecture = network.architecture.json.compact
        var all = metadata.merging(normalization.metadata) { $1 }
        all[Self.architectureKey] = architecture
        all[Self.architectureNameKey] = network.architecture.name
        return SafeTensors(entries: network.namedTensors.map { SafeTensors.Entry(name: $0.name, tensor: $0.value) }
                               + optimizerTensors + quantizationTensors,
                           metadata: all)
    }

    /// Writes atomically (temporary file, fsync, rename).
    public func write(to path: String) throws(SafeTensorsError) {
        try file.write(to: path)
    }

    /// Reads a checkpoint and rebuilds its network from the stored architecture.
    public init(contentsOf path: String) throws {
        try self.init(file: try SafeTensors(contentsOf: path), path: path)
    }

    /// Rebuilds from a parsed file; `path` names the file in errors.
    public init(file: SafeTensors, path: String) throws(CheckpointError) {
        var metadata = file.metadata
        guard let json = metadata.removeValue(forKey: Self.architectureKey) else {
            throw .notACheckpoint(path: path, missing: Self.architectureKey)
        }
        metadata[Self.architectureNameKey] = nil
        try Self.validate(metadata: metadata, path: path)
        try Self.validateFinite(file.entries, path: path)
        let network: ResNet
        do {
            guard let architecture = ResNetArchitecture(json: try JSONValue.parse(json)) else {
                throw CheckpointError.invalidCheckpoint(path: path, detail: "architecture metadata is not valid JSON: \(json)")
            }
            do { try architecture.validate() } catch {
                throw CheckpointError.invalidCheckpoint(path: path, detail: "metadata '\(Self.architectureKey)': \(error)")
            }
            network = try ResNet(architecture: architecture, seed: 0)
            var tensors: [String: Tensor] = [:]
            for entry in file.entries where !entry.name.hasPrefix(Self.optimizerPrefix)
                && !entry.name.hasPrefix(Self.quantizationPrefix) { tensors[entry.name] = entry.tensor }
            try network.load(namedTensors: tensors)
        } catch let error as CheckpointError {
            throw error
        } catch let error as NetworkError {
            throw .invalidCheckpoint(path: path, detail: error.description)
        } catch {
            throw .invalidCheckpoint(path: path, detail: "architecture metadata is not valid JSON: \(json)")
        }
        let normalization: ChannelNormalization
        do {
            normalization = try ChannelNormalization(metadata: metadata)
        } catch {
            throw .invalidCheckpoint(path: path, detail: error.description)
        }
        metadata[ChannelNormalization.meanKey] = nil
        metadata[ChannelNormalization.stdKey] = nil
        self.init(network: network, normalization: normalization, metadata: metadata,
                  optimizerTensors: file.entries.filter { $0.name.hasPrefix(Self.optimizerPrefix) },
                  quantizationTensors: file.entries.filter { $0.name.hasPrefix(Self.quantizationPrefix) })
    }
}
