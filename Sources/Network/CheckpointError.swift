
/// Why a file is not a checkpoint this network code can rebuild.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// A safetensors file without the metadata a Shears checkpoint has.
    case notACheckpoint(path: String, missing: String)
    /// A checkpoint whose architecture, tensors or normalisation do not fit together.
    case invalidCheckpoint(path: String, detail: String)

    public var description: String {
        switch self {
        case let .notACheckpoint(path, missing):
            return "\(path): not a shears checkpoint: its metadata lacks '\(missing)'"
        case let .invalidCheckpoint(path, detail):
            return "\(path): invalid checkpoint: \(detail)"
        }
    }
}
