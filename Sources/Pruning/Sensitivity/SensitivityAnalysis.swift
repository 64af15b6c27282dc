import Datasets
import Foundation
import Network
import Training

/// Distiller's sensitivity analysis: prune one layer (or one dependency group) at a time to
/// each level, without fine-tuning, and measure the validation accuracy, to see which parts of
/// the network tolerate pruning. Filter granularity works on dependency groups (a block's
/// inner channels, a stage's residual stream), because those are what filter pruning can
/// really remove; each row also gives the MACs of the network with that group thinned.
public struct SensitivityAnalysis {
    public enum Granularity: String, CaseIterable, Sendable {
        /// Structures of one dependency group, ranked by mean L1 (summed over the group's producers).
        case filters
        /// Elements of one weight, by magnitude.
        case fine
    }

    public struct Row: Equatable, Sendable {
        /// The weight (fine) or group (filters, e.g. `layer2.1 inner channels`) pruned; "none" for the baseline row.
        public var target: String
        public var level: Double
        public var top1: Double
        public var top5: Double
        public var loss: Double
        /// MACs per image with the pruned structures removed (fine-grained: unchanged).
        public var macs: Int
    }

    public var network: ResNet
    public var images: LabeledImages
    public var normalization: ChannelNormalization
    public var granularity: Granularity
    public var levels: [Double]

    public init(network: ResNet, images: LabeledImages, normalization: ChannelNormalization,
                granularity: Granularity, levels: [Double]) {
        self.network = network
        self.images = images
        self.normalization = normalization
        self.granularity = granularity
        self.levels = levels
    }

    /// The groups (filters) or weights (fine) analysed, in module order.
    public var targets: [(name: String, unit: StructureUnit?)] {
        switch granularity {
        case .fine:
            return (network.convolutions.map(\.weight) + [network.fc.weight]).map { ($0.name, nil) }
        case .filters:
            var list: [(String, StructureUnit?)] = []
            for (s, blocks) in network.stages.enumerated() {
                list.append((StructureUnit.stream(stage: s).description, .stream(stage: s)))
                for b in blocks.indices {
                    let unit = StructureUnit.inner(stage: s, block: b)
                    list.append((unit.description, unit))
                }
            }
            return list
        }
    }

    /// Every (target, level) row after a baseline row; `progress` gets one line per row.
    public func run(progress: (String) -> Void = { _ in }, stopRequested: () -> Bool = { false }) -> [Row] {
        var rows = [measure(network, target: "none", level: 0)]
        progress(rows[0].line)
        for target in targets {
            for level in levels {
                if stopRequested() { return rows }
                let copy = network.thinned(by: ThinningPlan(keepingAllOf: network.architecture))
                var masks = PruningMasks()
                if let unit = target.unit {
                    let count = unit.channelCount(in: copy.architecture)
                    var magnitudes = [Double](repeating: 0, count: count)
                    // The group's producing convolutions rank its channels (BN vectors are members too).
                    for member in unit.members(in: copy.architecture) where member.dimension == 0 {
                        guard let weight = copy.parameter(named: member.name), weight.shape.count == 4 else { continue }
                        for (i, v) in MagnitudeRanking.meanL1(weight.value, dimension: 0).enumerated() { magnitudes[i] += v }
                    }
                    let keep = MagnitudeRanking.keepFlags(magnitudes: magnitudes,
                                                          pruning: MagnitudeRanking.prunedCount(level, of: count))
                    masks.setUnit(unit, keep: keep, network: copy)
                } else if let p = copy.parameter(named: target.name) {
                    masks.setElements(MagnitudeRanking.elementMask(p.value.data, sparsity: level), for: p.name, network: copy)
                }
                masks.apply(to: copy)
                let row = measure(target.unit == nil ? copy : copy.thinned().network, target: target.name, level: level)
                rows.append(row)
                progress(row.line)
            }
        }
        return rows
    }

    private func measure(_ net: ResNet, target: String, level: Double) -> Row {
        let m = evaluate(net, on: images, normalization: normalization)
        return Row(target: target, level: level, top1: m.top1, top5: m.top5, loss: m.meanLoss, macs: net.architecture.macs())
    }
}

extension SensitivityAnalysis.Row {
    /// `layer2.1 inner channels  0.50  top-1 0.6120  top-5 0.9500  loss 1.2345  MACs 38453888`.
    public var line: String {
        String(format: "%@  %.2f  top-1 %.4f  top-5 %.4f  loss %.4f  MACs %d", target, level, top1, top5, loss, macs)
    }
}

extension Array where Element == SensitivityAnalysis.Row {
    /// Distiller's `sensitivity.csv` columns, plus MACs.
    public var csv: String {
        "parameter,sparsity,top1,top5,loss,macs\n"
            + map { "\($0.target),\($0.level),\($0.top1),\($0.top5),\($0.loss),\($0.macs)" }.joined(separator: "\n") + "\n"
    }

    /// One row per target, one column per level: top-1 accuracy.
    public func table(levels: [Double]) -> String {
        let targets = reduce(into: [String]()) { if !$0.contains($1.target) && $1.target != "none" { $0.append($1.target) } }
        let header = ["target"] + levels.map { String(format: "%.2f", $0) }
        var rows = [header]
        if let base = first(where: { $0.target == "none" }) {
            rows.append(["baseline"] + levels.map { _ in String(format: "%.4f", base.top1) })
        }
        for t in targets {
            rows.append([t] + levels.map { level in
                first { $0.target == t && $0.level == level }.map { String(format: "%.4f", $0.top1) } ?? "-"
            })
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return c == 0 ? row[c] + pad : pad + row[c]
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
