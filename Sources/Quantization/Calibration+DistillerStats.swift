extension Calibration {
    /// The statistics in the layout of Distiller's `acts_quantization_stats.yaml`
    /// (`QuantCalibrationStatsCollector.save`): per layer, `inputs`, per input index, the
    /// record `min, max, avg_min, avg_max, mean, std, shape`. Numbers are written in Swift's
    /// shortest round-trip form, so reading the file back gives the same doubles.
    public var distillerYAML: String {
        var lines = ["# Activation statistics in Distiller's QuantCalibrationStatsCollector layout,",
                     "# collected by shears on \(images) training images (BN folded)."]
        var lastLayer: String?
        for point in points {
            guard let s = statistics[point.id] else { continue }
            if point.layer != lastLayer {
                lines += ["\(point.layer):", "  inputs:"]
                lastLayer = point.layer
            }
            lines += ["    \(point.input):",
                      "      min: \(s.min)", "      max: \(s.max)",
                      "      avg_min: \(s.avgMin)", "      avg_max: \(s.avgMax)",
                      "      mean: \(s.mean)", "      std: \(s.std)",
                      "      shape: '(\(s.shape.map(String.init).joined(separator: ", ")))'"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
