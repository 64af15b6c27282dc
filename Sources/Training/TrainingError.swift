
/// What the Training module rejects: malformed schedules from the command line and
/// resume state that does not match the run being resumed.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// A learning-rate schedule string that does not parse.
    case badSchedule(text: String)
    /// A resume-state metadata key that is missing or malformed.
    case badResumeState(key: String, value: String?)
    /// A momentum buffer whose size does not match its parameter.
    case bufferMismatch(name: String, expected: Int, found: Int)
    /// `--resume` of a checkpoint saved without training state.
    case notResumable(path: String)
    /// `--split val` for a model trained without a validation split.
    case noValidationSplit(path: String)

    public var description: String {
        switch self {
        case let .badSchedule(text):
            return "cannot parse learning-rate schedule '\(text)'; expected one of constant, step:SIZE:GAMMA, "
                + "multistep:M1,M2,...:GAMMA, exp:GAMMA, cosine[:PERIOD][:MIN], "
                + "optionally preceded by warmup:EPOCHS[:START_FACTOR]+ (e.g. warmup:2:0.1+cosine)"
        case let .badResumeState(key, value):
            if let value { return "resume state '\(key)' is '\(value)', which is not valid" }
            return "resume state lacks '\(key)'; the checkpoint was not saved by an interrupted or finished training run"
        case let .bufferMismatch(name, expected, found):
            return "momentum buffer for '\(name)' has \(found) values but the parameter has \(expected)"
        case let .notResumable(path):
            return "\(path): cannot resume: the checkpoint holds no training state (it was saved after training finished)"
        case let .noValidationSplit(path):
            return "\(path): the model was trained without a validation split (--val-split 0); use --split test or train"
        }
    }
}
