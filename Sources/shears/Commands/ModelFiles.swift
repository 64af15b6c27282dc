import Data
import Foundation
import Network
import ONNX
import Training

/// MODEL arguments of `shears bench` and `shears layers`: an `.onnx` file is used as it is; a
/// checkpoint (`.safetensors`) is exported on the fly into a temporary directory that is
/// removed afterwards, exactly as `shears export` would write it.
enum ModelFiles {
    /// Whether a MODEL argument names a checkpoint rather than an ONNX file.
    static func isCheckpoint(_ path: String) -> Bool { path.hasSuffix(".safetensors") }

    /// Calls `body` with one ONNX URL per path (checkpoints exported to `<tmp>/<name>.onnx`).
    static func withONNX<T>(_ paths: [String], foldBatchNorm: Bool, _ body: ([URL]) throws -> T) throws -> T {
        guard paths.contains(where: isCheckpoint) else { return try body(paths.map(URL.init(fileURLWithPath:))) }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("shears-export-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let urls = try paths.enumerated().map { index, path in
            guard isCheckpoint(path) else { return URL(fileURLWithPath: path) }
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let url = directory.appendingPathComponent("\(index)-\(name).onnx")
            try export(checkpoint: path, to: url, foldBatchNorm: foldBatchNorm)
            return url
        }
        return try body(urls)
    }

    /// Reads a checkpoint and writes its ONNX graph; returns the checkpoint for reporting.
    @discardableResult
    static func export(checkpoint path: String, to url: URL, foldBatchNorm: Bool) throws -> Checkpoint {
        let checkpoint = try Checkpoint(contentsOf: path)
        let dataset = try checkpoint.dataset
        try exportONNX(checkpoint.network, to: url, foldBatchNorm: foldBatchNorm, producerVersion: Shears.version,
                       docString: inputDocumentation(checkpoint.network, checkpoint.normalization, dataset: dataset),
                       metadataProps: metadataProps(dataset))
        return checkpoint
    }

    /// The model's doc string: what the input must be, since normalisation stays outside the
    /// graph (nil: a freshly initialised network, which was never trained on any statistics).
    static func inputDocumentation(_ network: ResNet, _ normalization: ChannelNormalization?,
                                   dataset: Dataset? = nil) -> String {
        let format = { (values: [Float]) in "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        let input = normalization.map {
            "normalised per channel as (pixel / 255 - mean) / std with mean = \(format($0.mean)), "
                + "std = \(format($0.std))"
        } ?? "normalised per channel (untrained network: random weights, for latency measurements)"
        return "\(network.architecture.name) exported by shears \(Shears.version). input: NCHW float32 RGB, "
            + "\(input); output 'logits': unnormalised class scores"
            + (dataset.map { " in the label order of \($0)." } ?? ".")
    }

    /// `dataset`, `labels` and `classes` as ONNX `metadata_props`, so a deployed model still
    /// says which label order its logits follow.
    static func metadataProps(_ dataset: Dataset) -> [StringStringEntryProto] {
        [StringStringEntryProto(key: "dataset", value: dataset.name),
         StringStringEntryProto(key: "labels", value: dataset.labels.rawValue),
         StringStringEntryProto(key: "classes", value: "\(dataset.classCount)")]
    }
}
