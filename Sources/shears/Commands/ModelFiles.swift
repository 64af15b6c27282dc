import Foundation
import Network
import ONNX
import Support

/// MODEL arguments of `shears bench` and `shears layers`: an `.onnx` file is used as it is; a
/// checkpoint (`.safetensors`) is exported on the fly into a temporary directory that is
/// removed afterwards, exactly as `shears export` would write it.
enum ModelFiles {
    /// Whether a MODEL argument names a checkpoint rather than an ONNX file.
    static func isCheckpoint(_ path: String) -> Bool { path.hasSuffix(".safetensors") }

    /// Calls `body` with one ONNX URL per path (checkpoints exported to `<tmp>/<name>.onnx`).
    static func withONNX<T>(_ paths: [String], foldBatchNorm: Bool, _ body: ([URL]) throws -> T) throws -> T {
        guard paths.contains(where: isCheckpoint) else { return try body(paths.map(URL.init(fileURLWithPath:))) }
        let directory = try PrivateDirectory.make(prefix: "shears-export")
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
        try checkpoint.deploymentModel(foldBatchNorm: foldBatchNorm, producerVersion: Shears.version, path: path)
            .write(to: url)
        return checkpoint
    }
}
