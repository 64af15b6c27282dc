import Datasets
import Foundation
import Network
import Quantization

extension PruneJob {
    /// Refuses a calibration the training split cannot supply (when a quantizer will calibrate).
    func checkCalibration(available: Int) throws {
        guard let quantizer = schedule.quantizers.first, quantizer.statisticsFile == nil else { return }
        guard available > 0, calibrationImages > 0 else { throw QuantizationError.noCalibrationImages(available: available) }
        guard calibrationImages <= available else {
            throw QuantizationError.tooManyCalibrationImages(requested: calibrationImages, available: available)
        }
    }

    /// Calibrates `network` on the first `calibrationImages` training images (or reads the
    /// quantizer's `model_activation_stats`), resolves the quantizer for it and returns the
    /// simulated INT8 model. Runs after the final thinning: pruning, then quantisation.
    func quantize(_ network: ResNet, quantizer: QuantizerSpec, training: LabeledImages,
                  normalization: ChannelNormalization, note: (String) -> Void) throws -> QuantizedResNet {
        let settings = quantizer.settings(for: network, simulationOnly: simulateOnly)
        let calibration: Calibration
        if let file = quantizer.statisticsFile {
            let path = file.hasPrefix("/") ? file
                : URL(fileURLWithPath: schedule.source.file).deletingLastPathComponent().appendingPathComponent(file).path
            calibration = try Calibration(distillerStatsFile: path, network: network)
            note("activation ranges from \(path)")
        } else {
            try checkCalibration(available: training.count)
            calibration = Calibration(network: network, images: training, normalization: normalization,
                                      count: calibrationImages)
            note("calibrated activation ranges on \(calibrationImages) training images")
        }
        if let statisticsOutput {
            try Data(calibration.distillerYAML.utf8).write(to: URL(fileURLWithPath: statisticsOutput), options: .atomic)
            note("wrote activation statistics to \(statisticsOutput)")
        }
        return QuantizedResNet(network: network, settings: settings, activationGrids: try calibration.grids(for: settings))
    }
}
