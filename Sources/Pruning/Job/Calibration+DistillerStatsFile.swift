import YAML
import Foundation
import Network
import Quantization

extension Calibration {
    /// Reads Distiller's activation statistics file (`QuantCalibrationStatsCollector.save`,
    /// or `Calibration.distillerYAML`): `<layer>: inputs: <index>: {min, max, avg_min, avg_max,
    /// mean, std, …}`. Layers and inputs the network does not quantise are ignored (Distiller
    /// records every module); a point the network needs that the file lacks is an error.
    public init(distillerStatsFile path: String, network: ResNet) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScheduleError.unreadableFile(path: path, reason: FileManager.default.fileExists(atPath: path)
                                                   ? "permission denied or not UTF-8" : "no such file")
        }
        let document = try YAMLParser.parse(text, file: path)
        let source = document.source
        var statistics: [String: ActivationStatistics] = [:]
        let points = network.quantizableLayers.flatMap(\.points)
        guard let root = document.root, let layers = try root.uniqueEntries(in: source) else {
            throw source.error(ScheduleError.expected(.mapping, key: "statistics", found: document.root?.foundDescription
                                                          ?? "nothing"), at: SourceLocation(file: path, line: 1, column: 1))
        }
        for point in points {
            guard let layer = layers.first(where: { $0.name == point.layer }),
                  let inputs = try layer.value.uniqueEntries(in: source)?.first(where: { $0.name == "inputs" }),
                  let record = try inputs.value.uniqueEntries(in: source)?.first(where: { $0.name == "\(point.input)" })
            else { throw QuantizationError.missingStatistics(point: point.id) }
            let r = try MappingReader(record.value, key: "\(point.input)", context: "the statistics of \(point.id)",
                                      allowed: ["min", "max", "avg_min", "avg_max", "mean", "std", "b", "shape",
                                                "total_numel"], source: source)
            statistics[point.id] = ActivationStatistics(min: try r.double("min"), max: try r.double("max"),
                                                        avgMin: try r.double("avg_min"), avgMax: try r.double("avg_max"),
                                                        mean: try r.double("mean"), std: try r.double("std"), shape: [])
        }
        self.init(statistics: statistics, points: points, images: 0)
    }
}
