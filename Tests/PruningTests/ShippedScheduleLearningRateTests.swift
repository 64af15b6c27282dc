import Foundation
import Network
import Pruning
import ShearsTestSupport
import Testing
import YAML

/// The per-epoch learning rates of every shipped schedule, pinned bit for bit (Float bit
/// patterns) as computed before the two learning-rate models were merged into Training's
/// `LRSchedule`: fine-tuning a shipped schedule must keep training on exactly the same rates.
struct ShippedScheduleLearningRateTests {
    /// `Schedules/<file>` (the sweep template filled with a 10-epoch fine-tune).
    static func schedule(_ file: String) throws -> Schedule {
        let url = TestPaths.root.appendingPathComponent("Schedules/\(file)")
        var text = try String(contentsOf: url, encoding: .utf8)
        if file.hasSuffix(".template.yaml") {
            let template = try YAMLTemplate(text, file: file)
            var values: [String: PlaceholderValue] = [:]
            for name in template.placeholderNames { values[name] = .number(0.25) }
            values["fine_tune_epochs"] = .int(10)
            text = try template.fill(values)
        }
        return try Schedule(parsing: text, file: file)
    }

    static func rates(_ file: String, base: Float, epochs: Int) throws -> [UInt32] {
        let scheduler = try CompressionScheduler(schedule: try schedule(file), network: try ResNet(depth: 20, seed: 1),
                                                 baseLearningRate: base)
        return (0..<epochs).map { scheduler.learningRate(at: $0).bitPattern }
    }

    /// CosineAnnealingLR T_max 8, eta_min 1e-4, policy epochs 0-7, from 0.01 and 0.05.
    static let cosine8: [Float: [UInt32]] = [
        0.01: [0x3c23d70a, 0x3c1daaa4, 0x3c0c160c, 0x3be38cde, 0x3ba57a78, 0x3b4ed025, 0x3acb2360, 0x39f9fa84,
               0x38d1b717, 0x38d1b717, 0x38d1b717, 0x38d1b717, 0x38d1b717],
        0.05: [0x3d4ccccd, 0x3d450557, 0x3d2ede23, 0x3d0db695, 0x3ccd35a9, 0x3c7dfc4e, 0x3bf2bc2c, 0x3b03051b,
               0x38d1b717, 0x38d1b717, 0x38d1b717, 0x38d1b717, 0x38d1b717],
    ]

    @Test(arguments: ["agp-channels.yaml", "agp-filters.yaml", "agp-fine-grained.yaml", "agp-stage-widths.yaml",
                      "hybrid.yaml"])
    func shippedSchedulesKeepTheirRates(file: String) throws {
        for base: Float in [0.01, 0.05] {
            #expect(try Self.rates(file, base: base, epochs: 13) == Self.cosine8[base], "\(file) from \(base)")
        }
    }

    /// The sweep template at 10 fine-tune epochs: cosine to 0 over the 10 epochs, then 0.
    @Test func theSweepTemplateKeepsItsRates() throws {
        let file = "resnet20-sweep.template.yaml"
        #expect(try Self.rates(file, base: 0.01, epochs: 13) == [
            0x3c23d70a, 0x3c1fd49f, 0x3c1431d6, 0x3c021245, 0x3bd67827, 0x3ba3d70a, 0x3b626bdb, 0x3b071314,
            0x3a7a5343, 0x39804d6a, 0, 0, 0,
        ])
        #expect(try Self.rates(file, base: 0.05, epochs: 13) == [
            0x3d4ccccd, 0x3d47c9c7, 0x3d393e4c, 0x3d2296d7, 0x3d060b18, 0x3ccccccd, 0x3c8d8369, 0x3c28d7da,
            0x3b9c740a, 0x3aa060c5, 0, 0, 0,
        ])
    }
}
