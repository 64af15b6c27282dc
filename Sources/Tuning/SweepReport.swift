import Foundation
import JSON
import Support

/// `shears report runs/<name>`: `trials.csv`, `pareto.svg` and a self-contained
/// `report.html` (inline SVG and CSS, no scripts, no network) from the ledger alone.
public struct SweepReport {
    public var name: String
    public var trials: [TrialRecord]
    /// Baseline validation top-1 and latency (ms), from the sweep header.
    public var baseline: (latencyMs: Double, top1: Double)?
    /// The accuracy floor feasible trials must clear.
    public var floor: Double?

    public init(name: String, trials: [TrialRecord], baseline: (latencyMs: Double, top1: Double)?, floor: Double?) {
        self.name = name
        self.trials = trials
        self.baseline = baseline
        self.floor = floor
    }

    /// Reads `ledger.jsonl` in `directory` (header: `sweep_started` with `baseline_val_top1`,
    /// `baseline_latency_ms`, `top1_floor`).
    public init(directory: URL) throws {
        let events = try Ledger.read(directory.appendingPathComponent("ledger.jsonl"))
        let state = LedgerState(events: events)
        let header = state.header
        var baseline: (Double, Double)?
        if let l = header?["baseline_latency_ms"]?.double, let a = header?["baseline_val_top1"]?.double {
            baseline = (l, a)
        }
        self.init(name: header?["name"]?.string ?? directory.lastPathComponent, trials: state.completed,
                  baseline: baseline, floor: header?["top1_floor"]?.double)
    }

    public func isFeasible(_ t: TrialRecord) -> Bool { t.isFeasible(floor: floor) }

    /// The fastest trial that clears the floor, by its latency ratio to the baseline measured
    /// beside it (what the sweep optimised), so the report and the sweep name the same trial.
    public var best: TrialRecord? {
        trials.filter(isFeasible).min { ($0.latencyRatio ?? .infinity) < ($1.latencyRatio ?? .infinity) }
    }

    public var svg: String {
        let points = trials.compactMap { t -> ParetoPlot.Point? in
            guard let l = t.latencyMs, let a = t.valTop1 else { return nil }
            return ParetoPlot.Point(id: t.id, latencyMs: l, top1: a, feasible: isFeasible(t))
        }
        return ParetoPlot(points: points, baseline: baseline, floor: floor).render()
    }

    /// Writes the three files (each to a temporary file, then renamed) and returns their URLs.
    @discardableResult
    public func write(to directory: URL) throws -> [URL] {
        let files = [("trials.csv", TrialsCSV.render(trials)), ("pareto.svg", svg), ("report.html", html)]
        return try files.map { name, text in
            let url = directory.appendingPathComponent(name)
            try AtomicFile.write(Array(text.utf8), to: url)
            return url
        }
    }

    public var html: String {
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Shears sweep \(escape(name))</title>
        <style>
        body{font-family:sans-serif;margin:2em;max-width:1100px;color:#222}
        table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
        th{background:#f3f3f3}td.l,th.l{text-align:left}.bar{height:10px;display:inline-block}
        .b{background:#ff7f0e}.t{background:#1f77b4}
        </style></head><body>
        <h1>Sweep <code>\(escape(name))</code></h1>

        """
        let finished = trials.filter { $0.status == .finished }.count
        h += "<p>\(trials.count) trials recorded (\(finished) finished, \(trials.count - finished) failed)"
        if let floor { h += "; accuracy floor (validation top-1) \(fmt(floor, 4))" }
        h += ".</p>\n"
        if let b = baseline { h += "<p>Baseline: \(fmt(b.latencyMs, 3)) ms, validation top-1 \(fmt(b.top1, 4)).</p>\n" }
        if let best {
            h += "<p><b>Best feasible trial: \(best.id)</b> — \(fmt(best.latencyMs ?? 0, 3)) ms"
            if let s = best.speedup { h += " (<b>\(fmt(s, 2))× faster</b> than the baseline)" }
            h += ", validation top-1 \(fmt(best.valTop1 ?? 0, 4))"
            if let t = best.testTop1 { h += ", test top-1 \(fmt(t, 4))" }
            h += ".</p>\n"
        } else {
            h += "<p>No trial clears the accuracy floor yet.</p>\n"
        }
        h += "<h2>Latency against accuracy</h2>\n" + svg
        h += "<h2>Trials</h2>\n<table><tr><th>trial</th><th class=l>status</th><th class=l>parameters</th>"
        h += "<th>val top-1</th><th>test top-1</th><th>latency ms</th><th>speed-up</th><th>params</th><th>MACs</th></tr>\n"
        for t in trials.sorted(by: { $0.id < $1.id }) {
            let params = t.parameters.map { "\($0.0)=\($0.1.string ?? $0.1.compact)" }.joined(separator: ", ")
            h += "<tr><td>\(t.id)</td><td class=l>\(t.status.rawValue)\(isFeasible(t) ? "" : " (infeasible)")</td>"
            h += "<td class=l>\(escape(params))\(t.error.map { "<br><i>\(escape($0))</i>" } ?? "")</td>"
            h += "<td>\(opt(t.valTop1, 4))</td><td>\(opt(t.testTop1, 4))</td><td>\(opt(t.latencyMs, 3))</td>"
            h += "<td>\(opt(t.speedup, 2))</td><td>\(t.parameterCount.map(String.init) ?? "")</td>"
            h += "<td>\(t.macs.map(String.init) ?? "")</td></tr>\n"
        }
        h += "</table>\n"
        if let best, let layers = best.details["layers"]?.array, !layers.isEmpty {
            h += layerBars(layers, trial: best.id)
        }
        return h + "</body></html>\n"
    }

    /// Per-layer bars, baseline against the best trial, from the trial's `layers` table
    /// (`[{"layer":..,"ms":..,"baseline_ms":..}]`).
    private func layerBars(_ layers: [JSONValue], trial: Int) -> String {
        let maxMs = layers.map { max($0["ms"]?.double ?? 0, $0["baseline_ms"]?.double ?? 0) }.max() ?? 1
        var h = "<h2>Where the time went: baseline (orange) against trial \(trial) (blue)</h2>\n<table>"
        h += "<tr><th class=l>layer</th><th>baseline ms</th><th>trial ms</th><th>speed-up</th><th class=l></th></tr>\n"
        for layer in layers {
            let name = layer["layer"]?.string ?? "?"
            let ms = layer["ms"]?.double ?? 0, base = layer["baseline_ms"]?.double ?? 0
            let wb = Int(300 * base / max(maxMs, 1e-12)), wt = Int(300 * ms / max(maxMs, 1e-12))
            h += "<tr><td class=l>\(escape(name))</td><td>\(fmt(base, 4))</td><td>\(fmt(ms, 4))</td>"
            h += "<td>\(ms > 0 ? fmt(base / ms, 2) + "×" : "")</td>"
            h += "<td class=l><span class=\"bar b\" style=\"width:\(wb)px\"></span><br>"
            h += "<span class=\"bar t\" style=\"width:\(wt)px\"></span></td></tr>\n"
        }
        return h + "</table>\n"
    }

    private func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
    private func opt(_ v: Double?, _ digits: Int) -> String { v.map { fmt($0, digits) } ?? "" }
    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
