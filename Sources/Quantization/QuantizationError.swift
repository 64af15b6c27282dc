/// Everything quantising, reading or exporting a quantised model can fail with.
public enum QuantizationError: Error, Equatable, CustomStringConvertible {
    /// An activation point to quantise has no calibration statistics.
    case missingStatistics(point: String)
    /// A quantised checkpoint lacks a tensor its settings need.
    case missingTensor(path: String, name: String)
    /// `quant.settings` is not valid JSON for the settings.
    case invalidSettings(path: String, detail: String)
    /// No calibration images are available.
    case noCalibrationImages(available: Int)
    /// More calibration images asked for than training images exist.
    case tooManyCalibrationImages(requested: Int, available: Int)
    /// A model with bit widths other than 8 cannot be exported.
    case notDeployable(path: String)

    public var description: String {
        switch self {
        case .missingStatistics(let point):
            return "no calibration statistics for '\(point)'"
        case .missingTensor(let path, let name):
            return "quantised checkpoint '\(path)' has no tensor '\(name)'"
        case .invalidSettings(let path, let detail):
            return "quantised checkpoint '\(path)': 'quant.settings' is not valid: \(detail)"
        case .noCalibrationImages(let available):
            return "no calibration images: quantisation calibrates on training images, and \(available) "
                + "are available; check '--data' and '--calibration-images'"
        case .tooManyCalibrationImages(let requested, let available):
            return "--calibration-images \(requested) exceeds the \(available) training images (validation excluded)"
        case .notDeployable(let path):
            return "'\(path)' was quantised for simulation only (bit widths other than 8); OpenVINO CPU "
                + "executes 8-bit QDQ models only, so it cannot be exported"
        }
    }
}
