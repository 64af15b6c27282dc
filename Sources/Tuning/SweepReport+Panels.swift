import Foundation
import JSON
import Optimizer

/// The report's analysis panels: importance and correlations, optimisation history, slices,
/// parallel coordinates, the sortable trials table with Wilson intervals.
extension SweepReport {
    /// The Wilson 95% interval of a trial's validation top-1 over the validation split, when its
    /// size is known.
    public func interval(_ t: TrialRecord) -> WilsonInterval? {
        guard let a = t.valTop1, a.isFinite, let n = validationImages ?? t.details["train"]?["val_images"]?.int, n > 0
        else { return nil }
        return WilsonInterval(proportion: min(max(a, 0), 1), count: n)
    }

    var importancePanel: String {
        let analysis = SweepAnalysis(trials: trials)
        var h = "<h2 id=\"importance\">Which parameters matter</h2>\n"
        guard analysis.isAnalysable else {
            return h + "<p>Importance and correlations need at least \(SweepAnalysis.minimumTrials) finished trials "
                + "(\(analysis.trials.count) so far).</p>\n"
        }
        let speed = analysis.importance(of: analysis.speedups), accuracy = analysis.importance(of: analysis.accuracies)
        h += "<p>Main-effect share of the variance (fANOVA over a 64-tree random forest fitted to the "
            + "\(analysis.trials.count) finished trials; shares sum to 100%), and Spearman's rank correlation "
            + "with the latency ratio (trial / baseline; negative = faster as the parameter grows) and with validation top-1.</p>\n"
        func rows(_ v: [Double]) -> [(label: String, value: Double)] {
            analysis.parameters.indices.sorted { v[$0] > v[$1] }.map { (analysis.parameters[$0], v[$0]) }
        }
        h += "<div class=row>" + ReportCharts.bars(rows(speed), title: "importance for speed-up", colour: "#1f77b4")
        h += ReportCharts.bars(rows(accuracy), title: "importance for validation top-1", colour: "#2ca02c") + "</div>\n"
        let ratios = analysis.speedups.map { 1 / $0 }
        let rhoLatency = analysis.spearman(with: ratios), rhoAccuracy = analysis.spearman(with: analysis.accuracies)
        h += "<table class=\"correlation\"><tr><th class=l>parameter</th><th>importance (speed-up)</th>"
            + "<th>importance (val top-1)</th><th>Spearman ρ, latency ratio</th><th>Spearman ρ, val top-1</th></tr>\n"
        for j in analysis.parameters.indices.sorted(by: { speed[$0] > speed[$1] }) {
            h += "<tr><td class=l>\(ReportCharts.escape(analysis.parameters[j]))</td>"
            h += "<td>\(String(format: "%.3f", speed[j]))</td><td>\(String(format: "%.3f", accuracy[j]))</td>"
            h += "<td>\(rhoLatency[j].map { String(format: "%+.3f", $0) } ?? "–")</td>"
            h += "<td>\(rhoAccuracy[j].map { String(format: "%+.3f", $0) } ?? "–")</td></tr>\n"
        }
        h += "</table>\n<p class=note>The GP's ARD lengthscales are not shown: the ledger does not record the fitted "
            + "hyperparameters, and refitting the GP here would need the search space's unit-cube map.</p>\n"
        return h
    }

    var historyPanel: String {
        let history = SweepAnalysis.history(trials, feasible: isFeasible)
        var h = "<h2 id=\"history\">Optimisation history</h2>\n"
        let byTrial = history.compactMap { p in p.best.map { (x: Double(p.id), y: $0) } }
        guard !byTrial.isEmpty else { return h + "<p>No feasible trial yet.</p>\n" }
        h += "<p>Best feasible speed-up after each trial, against the trial number and against the minutes since the sweep began.</p>\n"
        h += "<div class=row>" + ReportCharts.steps(byTrial, xLabel: "trial", yLabel: "best feasible speed-up")
        let byTime = history.compactMap { p -> (x: Double, y: Double)? in
            guard let b = p.best, let s = elapsedSeconds[p.id] else { return nil }
            return (s / 60, b)
        }.sorted { $0.x < $1.x }
        if !byTime.isEmpty {
            h += ReportCharts.steps(byTime, xLabel: "minutes since the sweep started", yLabel: "best feasible speed-up")
        }
        return h + "</div>\n"
    }

    var slicesPanel: String {
        let analysis = SweepAnalysis(trials: trials)
        guard !analysis.trials.isEmpty, !analysis.parameters.isEmpty else { return "" }
        var h = "<h2 id=\"slices\">Each parameter against the speed-up</h2>\n"
        h += "<p>Blue: feasible; grey: below the accuracy floor. Orange in the parallel coordinates: the best trial.</p>\n<div class=row>"
        for (j, name) in analysis.parameters.enumerated() {
            let points = analysis.trials.indices.map { i in
                (x: analysis.inputs[i][j], y: analysis.speedups[i], feasible: isFeasible(analysis.trials[i]), id: analysis.trials[i].id)
            }
            h += ReportCharts.slice(name: name, points: points, categories: analysis.categories[name])
        }
        h += "</div>\n<h2 id=\"parallel\">Parallel coordinates</h2>\n"
        var columns = analysis.parameters.enumerated().map { j, name in
            (name: name, values: analysis.inputs.map { $0[j] }, labels: analysis.categories[name])
        }
        columns.append((name: "val top-1", values: analysis.accuracies, labels: nil))
        columns.append((name: "speed-up", values: analysis.speedups, labels: nil))
        h += ReportCharts.parallel(columns: columns, feasible: analysis.trials.map(isFeasible),
                                   ids: analysis.trials.map(\.id), highlight: best?.id)
        return h
    }

    /// The trials table: one column per parameter, sortable by clicking a heading (inline
    /// script, no library), the five fastest feasible trials marked.
    var trialsTable: String {
        let names = trials.flatMap { $0.parameters.map(\.0) }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let top = trials.filter(isFeasible).sorted { ($0.speedup ?? 0) > ($1.speedup ?? 0) }.prefix(5).map(\.id)
        var h = "<h2 id=\"trials\">Trials</h2>\n<p>Click a heading to sort. ★ marks the five fastest feasible trials"
        h += validationImages.map { "; 95% Wilson intervals over the \($0) validation images" } ?? ""
        h += ".</p>\n<table class=\"sortable\" id=\"trials-table\"><thead><tr><th>trial</th><th class=l>status</th>"
        for n in names { h += "<th class=l>\(ReportCharts.escape(n))</th>" }
        h += "<th>val top-1</th><th>95% interval</th><th>test top-1</th><th>latency ms</th><th>speed-up</th>"
        h += "<th>params</th><th>MACs</th></tr></thead><tbody>\n"
        func cell(_ v: Double?, _ digits: Int) -> String {
            guard let v else { return "<td data-v=\"\"></td>" }
            return "<td data-v=\"\(v)\">\(String(format: "%.\(digits)f", v))</td>"
        }
        for t in trials.sorted(by: { $0.id < $1.id }) {
            let rank = top.firstIndex(of: t.id)
            h += "<tr\(rank != nil ? " class=top" : "")><td data-v=\"\(t.id)\">\(t.id)\(rank.map { " ★\($0 + 1)" } ?? "")</td>"
            h += "<td class=l>\(t.status.rawValue)\(isFeasible(t) ? "" : " (infeasible)")"
            h += "\(t.error.map { "<br><i>\(ReportCharts.escape($0))</i>" } ?? "")</td>"
            for n in names {
                let v = t.parameters.first { $0.0 == n }?.1
                let text = v.map { $0.string ?? $0.compact } ?? ""
                h += "<td class=l data-v=\"\(ReportCharts.escape(v?.double.map { String($0) } ?? text))\">\(ReportCharts.escape(text))</td>"
            }
            h += cell(t.valTop1, 4)
            if let w = interval(t) {
                h += "<td data-v=\"\(w.lower)\">\(String(format: "%.4f–%.4f", w.lower, w.upper))</td>"
            } else {
                h += "<td data-v=\"\"></td>"
            }
            h += cell(t.testTop1, 4) + cell(t.latencyMs, 3) + cell(t.speedup, 2)
            h += cell(t.parameterCount.map(Double.init), 0) + cell(t.macs.map(Double.init), 0) + "</tr>\n"
        }
        return h + "</tbody></table>\n" + Self.sortScript
    }

    /// Sorts a `table.sortable` by the clicked column (numbers by `data-v`, text otherwise),
    /// toggling the direction; empty cells sort last.
    static let sortScript = """
    <script>
    document.querySelectorAll('table.sortable').forEach(function (table) {
      table.querySelectorAll('thead th').forEach(function (th, col) {
        th.style.cursor = 'pointer';
        th.addEventListener('click', function () {
          var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
          var dir = th.getAttribute('data-dir') === 'asc' ? -1 : 1;
          table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('data-dir'); });
          th.setAttribute('data-dir', dir === 1 ? 'asc' : 'desc');
          function key(r) { var c = r.cells[col]; return c.hasAttribute('data-v') ? c.getAttribute('data-v') : c.textContent; }
          rows.sort(function (a, b) {
            var x = key(a), y = key(b);
            if (x === '' || y === '') { return (x === '') - (y === ''); }
            var nx = parseFloat(x), ny = parseFloat(y);
            var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
            return dir * c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
    </script>

    """

    /// Per-layer bars, baseline against the best trial. The axis ends at twice the 90th
    /// percentile of the layer times (or the maximum, if smaller), so one outlier layer — a
    /// burst of foreign load on a shared machine — cannot flatten the others; its bars are cut
    /// at the axis end and marked.
    func layerBars(_ layers: [JSONValue], trial: Int) -> String {
        let values = layers.flatMap { [$0["ms"]?.double ?? 0, $0["baseline_ms"]?.double ?? 0] }.sorted()
        let maxMs = values.last ?? 1
        let q90 = values.isEmpty ? 1 : values[min(values.count - 1, Int((Double(values.count - 1) * 0.9).rounded()))]
        let axis = max(min(maxMs, 2 * q90), 1e-12)
        var h = "<h2 id=\"layers\">Where the time went: baseline (orange) against trial \(trial) (blue)</h2>\n"
        if maxMs > axis {
            h += "<p>Bars end at \(String(format: "%.4f", axis)) ms (twice the 90th percentile); longer ones are cut and marked ▸.</p>\n"
        }
        h += "<table class=\"layers\"><tr><th class=l>layer</th><th>baseline ms</th><th>trial ms</th><th>speed-up</th><th class=l></th></tr>\n"
        func bar(_ ms: Double, _ cls: String) -> String {
            let clipped = ms > axis
            let w = Int(300 * min(ms, axis) / axis)
            return "<span class=\"bar \(cls)\(clipped ? " clipped" : "")\" style=\"width:\(w)px\"></span>\(clipped ? "▸" : "")"
        }
        for layer in layers {
            let name = layer["layer"]?.string ?? "?"
            let ms = layer["ms"]?.double ?? 0, base = layer["baseline_ms"]?.double ?? 0
            h += "<tr><td class=l>\(ReportCharts.escape(name))</td><td>\(String(format: "%.4f", base))</td>"
            h += "<td>\(String(format: "%.4f", ms))</td><td>\(ms > 0 ? String(format: "%.2f", base / ms) + "×" : "")</td>"
            h += "<td class=l>\(bar(base, "b"))<br>\(bar(ms, "t"))</td></tr>\n"
        }
        return h + "</table>\n"
    }

    /// Seconds from the sweep's start to each trial's end: its `trial_started` time plus its
    /// recorded duration (`details.seconds`), against the header's time.
    static func elapsed(events: [JSONValue], trials: [TrialRecord]) -> [Int: Double] {
        let parser = ISO8601DateFormatter()
        guard let startText = events.first(where: { $0["event"]?.string == "sweep_started" })?["time"]?.string,
              let start = parser.date(from: startText) else { return [:] }
        var started: [Int: Date] = [:]
        for e in events where e["event"]?.string == "trial_started" {
            if let id = e["trial"]?.int, let text = e["time"]?.string, let d = parser.date(from: text) { started[id] = d }
        }
        var out: [Int: Double] = [:]
        for t in trials {
            guard let s = started[t.id] else { continue }
            out[t.id] = s.timeIntervalSince(start) + (t.details["seconds"]?.double ?? 0)
        }
        return out
    }
}
