
/// Why a file is not a checkpoint this network code can rebuild.
public enum CheckpointError: Error, Equatable, CustomStringConvertible {
    /// A safetensors file without the metadata a Shears checkpoint has.
    case notACheckpoint(path: String, missing: String)
    /// A checkpoint whose architecture, tensors or normalisation do not fit together.
    case invalidCheckpoint(path: String, detail: String)
    /// The data directory holds another number of training images than the model was trained
    /// on, so the recomputed validation split would differ and overlap its training images.
    case trainingSetMismatch(path: String, recorded: Int, directory: String, found: Int)

    public var description: String {
        switch self {
        case let .notACheckpoint(path, missing):
            return "\(path): not a shears checkpoint: its metadata lacks '\(missing)'"
        case let .invalidCheckpoint(path, detail):
            return "\(path): invalid checkpoint: \(detail)"
        case let .trainingSetMismatch(path, recorded, directory, found):
            return "\(path): trained on \(recorded) training images ('\(Checkpoint.trainingImagesKey)') but \(directory) "
                + "holds \(found); its validation split would overlap the images the model was trained on"
        }
    }
}
