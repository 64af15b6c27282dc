import Foundation
import JSON
import Support

/// `shears report runs/<name>`: `trials.csv`, `pareto.svg` and a self-contained
/// `report.html` (inline SVG, CSS and one small sorting script, no network) from the ledger alone.
public struct SweepReport {
    public var name: String
    public var trials: [TrialRecord]
    /// Baseline validation top-1 and latency (ms), from the sweep header.
    public var baseline: (latencyMs: Double, top1: Double)?
    /// The accuracy floor feasible trials must clear.
    public var floor: Double?
    /// Seconds from the sweep's start to each trial's end (the history's time axis).
    public var elapsedSeconds: [Int: Double]
    /// Images in the validation split (the Wilson intervals' n); nil: taken from each trial's
    /// recorded `val_images`, or no intervals.
    public var validationImages: Int?

    public init(name: String, trials: [TrialRecord], baseline: (latencyMs: Double, top1: Double)?, floor: Double?,
                elapsedSeconds: [Int: Double] = [:], validationImages: Int? = nil) {
        self.name = name
        self.trials = trials
        self.baseline = baseline
        self.floor = floor
        self.elapsedSeconds = elapsedSeconds
        self.validationImages = validationImages
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
                  baseline: baseline, floor: header?["top1_floor"]?.double,
                  elapsedSeconds: Self.elapsed(events: events, trials: state.completed),
                  validationImages: header?["fingerprint"]?["validation_split"]?.int)
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
            let w = interval(t)
            return ParetoPlot.Point(id: t.id, latencyMs: l, top1: a, feasible: isFeasible(t),
                                    interval: w.map { ($0.lower, $0.upper) })
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
        .b{background:#ff7f0e}.t{background:#1f77b4}.clipped{opacity:.6}
        tr.top td{background:#eef5ff}.row{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
        .note{color:#666;font-size:12px}nav a{margin-right:1em}
        </style></head><body>
        <h1>Sweep <code>\(escape(name))</code></h1>
        <nav><a href="#pareto">Pareto</a><a href="#importance">importance</a><a href="#history">history</a>\
        <a href="#slices">slices</a><a href="#parallel">parallel coordinates</a><a href="#trials">trials</a>\
        <a href="#layers">layers</a></nav>

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
        h += "<h2 id=\"pareto\">Latency against accuracy</h2>\n"
        h += "<p>Each trial's validation top-1\(validationImages != nil || trials.contains { interval($0) != nil } ? " with its 95% Wilson interval" : ""); "
        h += "the line is the Pareto front of the feasible trials.</p>\n" + svg
        h += importancePanel + historyPanel + slicesPanel + trialsTable
        if let best, let layers = best.details["layers"]?.array, !layers.isEmpty {
            h += layerBars(layers, trial: best.id)
        }
        return h + "</body></html>\n"
    }

    private func fmt(_ v: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", v) }
    private func opt(_ v: Double?, _ digits: Int) -> String { v.map { fmt($0, digits) } ?? "" }
    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
