import Foundation

/// The report's small SVG charts (importance bars, history steps, slices, parallel
/// coordinates): plain SVG 1.1 written here, no scripts, fonts or files to fetch, so the
/// report reads offline and every chart parses as XML.
enum ReportCharts {
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    static func g(_ v: Double) -> String { String(format: "%.3g", v) }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func open(_ width: Double, _ height: Double, _ cls: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(cls)\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    }

    static func padded(_ values: [Double]) -> (Double, Double) {
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let span = hi - lo
        let pad = span > 0 ? span * 0.06 : max(abs(lo) * 0.05, 0.01)
        return (lo - pad, hi + pad)
    }

    /// Horizontal bars, one per label, values in [0, 1] (importance shares).
    static func bars(_ rows: [(label: String, value: Double)], title: String, colour: String) -> String {
        let width = 420.0, rowHeight = 20.0, left = 150.0, barSpan = 200.0
        let height = 26 + rowHeight * Double(rows.count) + 6
        var s = open(width, height, "importance")
        s += "<text x=\"4\" y=\"14\" font-weight=\"bold\">\(escape(title))</text>\n"
        for (i, row) in rows.enumerated() {
            let y = 24 + rowHeight * Double(i)
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 13))\" text-anchor=\"end\">\(escape(row.label))</text>\n"
            s += "<rect class=\"bar\" x=\"\(f(left))\" y=\"\(f(y + 3))\" width=\"\(f(max(0, row.value) * barSpan))\" height=\"13\" fill=\"\(colour)\"/>\n"
            s += "<text x=\"\(f(left + max(0, row.value) * barSpan + 4))\" y=\"\(f(y + 13))\">\(String(format: "%.1f%%", row.value * 100))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// A step line of `points` (x, y): each value holds until the next point.
    static func steps(_ points: [(x: Double, y: Double)], xLabel: String, yLabel: String) -> String {
        let width = 420.0, height = 260.0, m = (l: 52.0, r: 12.0, t: 12.0, b: 40.0)
        let (x0, x1) = padded(points.map(\.x)), (y0, y1) = padded(points.map(\.y))
        let pw = width - m.l - m.r, ph = height - m.t - m.b
        func px(_ x: Double) -> Double { m.l + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { m.t + (1 - (y - y0) / (y1 - y0)) * ph }
        var s = open(width, height, "history")
        s += axes(m: m, pw: pw, ph: ph, height: height, x: (x0, x1), y: (y0, y1), xLabel: xLabel, yLabel: yLabel)
        var d = ""
        for (i, p) in points.enumerated() {
            d += i == 0 ? "M\(f(px(p.x))),\(f(py(p.y)))" : " H\(f(px(p.x))) V\(f(py(p.y)))"
        }
        s += "<path class=\"step\" d=\"\(d)\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n"
        for p in points {
            s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"2.5\" fill=\"#1f77b4\"/>\n"
        }
        return s + "</svg>\n"
    }

    /// One parameter's values against the speed-up, feasible trials blue, infeasible grey;
    /// `categories` labels the codes of a categorical parameter.
    static func slice(name: String, points: [(x: Double, y: Double, feasible: Bool, id: Int)], categories: [String]?) -> String {
        let width = 280.0, height = 210.0, m = (l: 44.0, r: 10.0, t: 22.0, b: 36.0)
        let (x0, x1) = padded(points.map(\.x)), (y0, y1) = padded(points.map(\.y))
        let pw = width - m.l - m.r, ph = height - m.t - m.b
        func px(_ x: Double) -> Double { m.l + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { m.t + (1 - (y - y0) / (y1 - y0)) * ph }
        var s = open(width, height, "slice")
        s += "<text x=\"4\" y=\"14\" font-weight=\"bold\">\(escape(name))</text>\n"
        s += axes(m: m, pw: pw, ph: ph, height: height, x: (x0, x1), y: (y0, y1), xLabel: name, yLabel: "speed-up",
                  xTicks: categories)
        for p in points {
            s += "<circle class=\"point\" cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3.5\" fill=\"\(p.feasible ? "#1f77b4" : "#bbb")\">"
            s += "<title>trial \(p.id): \(String(format: "%.2f", p.y))×\(p.feasible ? "" : " (infeasible)")</title></circle>\n"
        }
        return s + "</svg>\n"
    }

    /// Parallel coordinates: one vertical axis per column (min at the bottom, max at the top),
    /// one polyline per trial; feasible trials blue, infeasible grey, `highlight` orange.
    static func parallel(columns: [(name: String, values: [Double], labels: [String]?)], feasible: [Bool], ids: [Int],
                         highlight: Int?) -> String {
        let spacing = 110.0, width = 40 + spacing * Double(max(columns.count - 1, 1)) + 60, height = 300.0
        let top = 30.0, bottom = 260.0
        var s = open(width, height, "parallel")
        let ranges = columns.map { c in (c.values.min() ?? 0, c.values.max() ?? 1) }
        func x(_ j: Int) -> Double { 50 + spacing * Double(j) }
        func y(_ j: Int, _ v: Double) -> Double {
            let (lo, hi) = ranges[j]
            return hi > lo ? bottom - (v - lo) / (hi - lo) * (bottom - top) : (top + bottom) / 2
        }
        let order = ids.indices.sorted { (feasible[$0] ? 1 : 0, ids[$0] == highlight ? 1 : 0) < (feasible[$1] ? 1 : 0, ids[$1] == highlight ? 1 : 0) }
        for i in order {
            let pts = columns.indices.map { j in "\(f(x(j))),\(f(y(j, columns[j].values[i])))" }.joined(separator: " ")
            let colour = ids[i] == highlight ? "#ff7f0e" : feasible[i] ? "#1f77b4" : "#bbb"
            s += "<polyline class=\"trial\" points=\"\(pts)\" fill=\"none\" stroke=\"\(colour)\" stroke-opacity=\"0.75\" stroke-width=\"\(ids[i] == highlight ? 2.5 : 1.2)\"><title>trial \(ids[i])</title></polyline>\n"
        }
        for (j, c) in columns.enumerated() {
            s += "<line x1=\"\(f(x(j)))\" y1=\"\(f(top))\" x2=\"\(f(x(j)))\" y2=\"\(f(bottom))\" stroke=\"#444\"/>\n"
            s += "<text x=\"\(f(x(j)))\" y=\"\(f(top - 14))\" text-anchor=\"middle\" font-weight=\"bold\">\(escape(c.name))</text>\n"
            let (lo, hi) = ranges[j]
            let hiText = c.labels.map { $0[min(max(Int(hi), 0), $0.count - 1)] } ?? g(hi)
            let loText = c.labels.map { $0[min(max(Int(lo), 0), $0.count - 1)] } ?? g(lo)
            s += "<text x=\"\(f(x(j) + 4))\" y=\"\(f(top - 2))\">\(escape(hiText))</text>\n"
            s += "<text x=\"\(f(x(j) + 4))\" y=\"\(f(bottom + 14))\">\(escape(loText))</text>\n"
        }
        return s + "</svg>\n"
    }

    /// Frame, five ticks per axis (or category names on x), axis titles.
    static func axes(m: (l: Double, r: Double, t: Double, b: Double), pw: Double, ph: Double, height: Double,
                     x: (Double, Double), y: (Double, Double), xLabel: String, yLabel: String, xTicks: [String]? = nil) -> String {
        var s = "<rect x=\"\(f(m.l))\" y=\"\(f(m.t))\" width=\"\(f(pw))\" height=\"\(f(ph))\" fill=\"none\" stroke=\"#999\"/>\n"
        func px(_ v: Double) -> Double { m.l + (v - x.0) / (x.1 - x.0) * pw }
        func py(_ v: Double) -> Double { m.t + (1 - (v - y.0) / (y.1 - y.0)) * ph }
        if let xTicks {
            for (i, label) in xTicks.enumerated() {
                s += "<text x=\"\(f(px(Double(i))))\" y=\"\(f(m.t + ph + 14))\" text-anchor=\"middle\">\(escape(label))</text>\n"
            }
        }
        for i in 0...4 {
            let xv = x.0 + (x.1 - x.0) * Double(i) / 4, yv = y.0 + (y.1 - y.0) * Double(i) / 4
            if xTicks == nil {
                s += "<text x=\"\(f(px(xv)))\" y=\"\(f(m.t + ph + 14))\" text-anchor=\"middle\">\(g(xv))</text>\n"
            }
            s += "<text x=\"\(f(m.l - 4))\" y=\"\(f(py(yv) + 4))\" text-anchor=\"end\">\(g(yv))</text>\n"
        }
        s += "<text x=\"\(f(m.l + pw / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text transform=\"translate(11,\(f(m.t + ph / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        return s
    }
}
