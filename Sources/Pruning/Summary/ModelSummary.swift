import Foundation
import Kernels
import Network

/// Distiller's sparsity summary of a network: per convolution and `fc` its shape, weights,
/// non-zeros, fine-grained sparsity, the fraction of all-zero input channels and of all-zero
/// filters, and MACs; totals; and a warning for every layer that still carries all-zero
/// filters or channels. Those were *pruned, not thinned*: they cost as much time as live ones
/// (OpenVINO runs ResNet-20 with 80% zeros as fast as dense), so only thinning makes it faster.
public struct ModelSummary: Equatable, Sendable {
    public struct Layer: Equatable, Sendable {
        /// Weight name (`layer1.0.conv1.weight`).
        public var name: String
        public var shape: [Int]
        public var weights: Int
        public var nonzeros: Int
        /// 1 − nonzeros / weights.
        public var sparsity: Double { weights == 0 ? 0 : 1 - Double(nonzeros) / Double(weights) }
        /// All-zero input channels (conv dim 1; `fc` columns).
        public var zeroChannels: Int
        public var channels: Int
        /// All-zero filters (conv dim 0; `fc` rows).
        public var zeroFilters: Int
        public var filters: Int
        /// Multiply-accumulates per 32×32 image of the layer as it is (zeros included).
        public var macs: Int

        public var channelSparsity: Double { channels == 0 ? 0 : Double(zeroChannels) / Double(channels) }
        public var filterSparsity: Double { filters == 0 ? 0 : Double(zeroFilters) / Double(filters) }
    }

    public var architecture: ResNetArchitecture
    public var layers: [Layer]

    public var weights: Int { layers.reduce(0) { $0 + $1.weights } }
    public var nonzeros: Int { layers.reduce(0) { $0 + $1.nonzeros } }
    public var macs: Int { layers.reduce(0) { $0 + $1.macs } }
    public var sparsity: Double { weights == 0 ? 0 : 1 - Double(nonzeros) / Double(weights) }
    /// Every trainable value, BN and biases included.
    public var parameterCount: Int { architecture.parameterCount }

    public init(network: ResNet) {
        architecture = network.architecture
        let costs = Dictionary(uniqueKeysWithValues: network.architecture.layerCosts().map { ($0.name, $0) })
        let weighted: [Parameter] = network.convolutions.map(\.weight) + [network.fc.weight]
        layers = weighted.map { p in
            let t = p.value
            let module = String(p.name.dropLast(".weight".count))
            return Layer(name: p.name, shape: t.shape, weights: t.count, nonzeros: t.data.reduce(0) { $0 + ($1 != 0 ? 1 : 0) },
                         zeroChannels: (0..<t.shape[1]).filter { t.sliceIsZero($0, dimension: 1) }.count, channels: t.shape[1],
                         zeroFilters: (0..<t.shape[0]).filter { t.sliceIsZero($0, dimension: 0) }.count, filters: t.shape[0],
                         macs: costs[module]?.macs ?? 0)
        }
    }

    /// One line per layer with all-zero filters or channels still present.
    public var warnings: [String] {
        layers.compactMap { l in
            var parts: [String] = []
            if l.zeroFilters > 0 { parts.append("\(l.zeroFilters) of \(l.filters) \(l.shape.count == 2 ? "rows" : "filters")") }
            if l.zeroChannels > 0 {
                parts.append("\(l.zeroChannels) of \(l.channels) \(l.shape.count == 2 ? "columns" : "input channels")")
            }
            guard !parts.isEmpty else { return nil }
            return "warning: \(l.name): \(parts.joined(separator: " and ")) are all zero but still present "
                + "(pruned, not thinned): they cost MACs and time until the network is thinned"
        }
    }

    /// The aligned text table with a total row, then the warnings.
    public func table() -> String {
        let header = ["name", "shape", "params", "nonzeros", "fine %", "channels %", "filters %", "MACs"]
        func pct(_ x: Double) -> String { String(format: "%.2f", x * 100) }
        var rows = layers.map { l in
            [l.name, "(" + l.shape.map(String.init).joined(separator: ", ") + ")", "\(l.weights)", "\(l.nonzeros)",
             pct(l.sparsity), pct(l.channelSparsity), pct(l.filterSparsity), "\(l.macs)"]
        }
        rows.append(["total", "", "\(weights)", "\(nonzeros)", pct(sparsity), "", "", "\(macs)"])
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        var text = all.map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return c >= 2 ? pad + row[c] : row[c] + pad
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
        text += "\(architecture.name) widths " + architecture.stages.map { stage in
            "\(stage.width)[" + stage.innerWidths.map(String.init).joined(separator: ",") + "]"
        }.joined(separator: " ") + "; \(parameterCount) trainable values incl. batch-norm and biases\n"
        return text
    }
}
