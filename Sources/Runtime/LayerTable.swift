import Foundation
import Support

/// Renders layer profiles: one model, or a baseline and a candidate side by side with the
/// per-layer speed-up, as aligned text for the terminal and as CSV for spreadsheets/reports.
/// Our layers come first in execution order; reorders and conversions follow in their own
/// section, because they are the runtime's cost of layouts, not any layer's.
public enum LayerTable {
    // MARK: - One model

    public static func text(_ profile: LayerProfile) -> String {
        let hasFacts = profile.rows.contains { $0.facts != nil }
        var header = ["layer", "op", "kernel", "precision", "fused"]
        if hasFacts { header += ["output", "MACs", "params", "sparsity"] }
        header += ["ms", "%"]
        func cells(_ row: LayerTime) -> [String] {
            var cells = [row.key, op(row), row.row.execType, precision(row), row.row.fused.joined(separator: "+")]
            if hasFacts { cells += factCells(row.facts) }
            return cells + [ms(row.medianMilliseconds), percent(profile.share(of: row))]
        }
        let right = Set((hasFacts ? 6 : 5)..<header.count)
        var out = TextTable.render(header: header, rows: layerRows(profile).map(cells), rightAligned: right)
        let layout = layoutRows(profile)
        if !layout.isEmpty {
            out += "\nreorders and conversions:\n"
            out += TextTable.render(header: ["node", "op", "kernel", "precision", "ms", "%"],
                                    rows: layout.map {
                                        [$0.key, $0.row.nodeType, $0.row.execType, precision($0),
                                         ms($0.medianMilliseconds), percent(profile.share(of: $0))]
                                    },
                                    rightAligned: [4, 5])
        }
        return out + "total \(ms(profile.totalMilliseconds)) ms (sum of per-layer medians over "
            + "\(profile.iterations) runs)\n"
    }

    public static func csv(_ profile: LayerProfile) -> String {
        var lines = ["kind,layer,op,kernel,precision,fused,runtime_nodes,output_shape,macs,params,sparsity,median_ms,"
                     + "percent"]
        for row in layerRows(profile) + layoutRows(profile) {
            lines.append(csvLine([row.kind.rawValue, row.key, op(row), row.row.execType, row.row.precision ?? "",
                                  row.row.fused.joined(separator: "+"), row.row.runtimeNodes.joined(separator: ";")]
                                 + factCells(row.facts, empty: "")
                                 + [String(format: "%.4f", row.medianMilliseconds),
                                    String(format: "%.2f", 100 * profile.share(of: row))]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Baseline and candidate

    public static func text(_ profile: LayerProfile, baseline: LayerProfile) -> String {
        let header = ["layer", "op", "base prec", "base ms", "base %", "prec", "ms", "%", "speed-up"]
        let rows = pairs(profile, baseline).map { pair -> [String] in
            let (row, base) = pair
            return [row?.key ?? base!.key, op(row ?? base!),
                    base.map(precision) ?? "-", base.map { ms($0.medianMilliseconds) } ?? "-",
                    base.map { percent(baseline.share(of: $0)) } ?? "-",
                    row.map(precision) ?? "-", row.map { ms($0.medianMilliseconds) } ?? "-",
                    row.map { percent(profile.share(of: $0)) } ?? "-", speedUp(base, row)]
        }
        let total = String(format: "%.2fx", profile.totalMilliseconds > 0
                               ? baseline.totalMilliseconds / profile.totalMilliseconds : 0)
        return TextTable.render(header: header, rows: rows, rightAligned: Set(2..<header.count))
            + "total \(ms(baseline.totalMilliseconds)) ms -> \(ms(profile.totalMilliseconds)) ms (\(total); "
            + "sums of per-layer medians over \(baseline.iterations) and \(profile.iterations) runs)\n"
    }

    public static func csv(_ profile: LayerProfile, baseline: LayerProfile) -> String {
        var lines = ["kind,layer,op,baseline_precision,baseline_ms,baseline_percent,precision,median_ms,percent,speedup"]
        for (row, base) in pairs(profile, baseline) {
            let any = row ?? base!
            lines.append(csvLine([any.kind.rawValue, any.key, op(any), base?.row.precision ?? "",
                                  base.map { String(format: "%.4f", $0.medianMilliseconds) } ?? "",
                                  base.map { String(format: "%.2f", 100 * baseline.share(of: $0)) } ?? "",
                                  row?.row.precision ?? "",
                                  row.map { String(format: "%.4f", $0.medianMilliseconds) } ?? "",
                                  row.map { String(format: "%.2f", 100 * profile.share(of: $0)) } ?? "",
                                  speedUp(base, row, csv: true)]))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: - Helpers

    /// Candidate rows in order (layers, then layout rows), each with its baseline twin; then
    /// baseline-only rows (layers the candidate no longer has).
    static func pairs(_ profile: LayerProfile, _ baseline: LayerProfile) -> [(LayerTime?, LayerTime?)] {
        let baseByKey = Dictionary(baseline.rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = layerRows(profile) + layoutRows(profile)
        let keys = Set(ordered.map(\.key))
        let missing = (layerRows(baseline) + layoutRows(baseline)).filter { !keys.contains($0.key) }
        return ordered.map { ($0, baseByKey[$0.key]) } + missing.map { (nil, $0) }
    }

    static func layerRows(_ profile: LayerProfile) -> [LayerTime] {
        profile.rows.filter { $0.kind == .layer || $0.kind == .unmapped }
    }

    static func layoutRows(_ profile: LayerProfile) -> [LayerTime] {
        profile.rows.filter { $0.kind == .reorder || $0.kind == .conversion }
    }

    static func op(_ row: LayerTime) -> String { row.facts?.op ?? row.row.nodeType }

    /// The row kernel's precision (`i8`, `f32`), `-` when its exec type names none.
    static func precision(_ row: LayerTime) -> String { row.row.precision ?? "-" }

    static func factCells(_ facts: LayerFacts?, empty: String = "-") -> [String] {
        guard let facts else { return [empty, empty, empty, empty] }
        return [facts.outputShape.map { $0.map(String.init).joined(separator: "x") } ?? empty,
                facts.macs.map(String.init) ?? empty, facts.parameters.map(String.init) ?? empty,
                facts.sparsity.map { String(format: "%.1f%%", 100 * $0) } ?? empty]
    }

    static func speedUp(_ base: LayerTime?, _ row: LayerTime?, csv: Bool = false) -> String {
        guard let base else { return csv ? "" : "new" }
        guard let row else { return csv ? "" : "removed" }
        guard row.medianMilliseconds > 0 else { return csv ? "" : "-" }
        let ratio = base.medianMilliseconds / row.medianMilliseconds
        return csv ? String(format: "%.4f", ratio) : String(format: "%.2fx", ratio)
    }

    static func ms(_ value: Double) -> String { String(format: "%.3f", value) }
    static func percent(_ share: Double) -> String { String(format: "%.1f", 100 * share) }

    static func csvLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }
}
