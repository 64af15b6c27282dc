import Foundation

/// `pareto.svg`: latency (x) against validation top-1 (y) for every trial, the Pareto
/// front joined, the baseline marked, and the accuracy floor drawn — the one picture that
/// says whether pruning paid off. Plain SVG 1.1, no scripts or external fonts.
public struct ParetoPlot {
    public struct Point: Sendable {
        public var id: Int
        public var latencyMs: Double
        public var top1: Double
        public var feasible: Bool
        /// The 95% interval of `top1` (drawn as an error bar), when the validation size is known.
        public var interval: (lower: Double, upper: Double)?
        public init(id: Int, latencyMs: Double, top1: Double, feasible: Bool, interval: (lower: Double, upper: Double)? = nil) {
            self.id = id
            self.latencyMs = latencyMs
            self.top1 = top1
            self.feasible = feasible
            self.interval = interval
        }
    }

    public var points: [Point]
    public var baseline: (latencyMs: Double, top1: Double)?
    public var floor: Double?
    public var width = 640.0
    public var height = 420.0

    public init(points: [Point], baseline: (latencyMs: Double, top1: Double)?, floor: Double?) {
        self.points = points
        self.baseline = baseline
        self.floor = floor
    }

    public func render() -> String {
        let margin = (left: 64.0, right: 20.0, top: 20.0, bottom: 48.0)
        var xs = points.map(\.latencyMs), ys = points.map(\.top1)
        if let b = baseline { xs.append(b.latencyMs); ys.append(b.top1) }
        if let f = floor { ys.append(f) }
        ys += points.compactMap(\.interval).flatMap { [$0.lower, $0.upper] }
        let (x0, x1) = padded(xs.min() ?? 0, xs.max() ?? 1)
        let (y0, y1) = padded(ys.min() ?? 0, ys.max() ?? 1)
        let pw = width - margin.left - margin.right, ph = height - margin.top - margin.bottom
        func px(_ x: Double) -> Double { margin.left + (x - x0) / (x1 - x0) * pw }
        func py(_ y: Double) -> Double { margin.top + (1 - (y - y0) / (y1 - y0)) * ph }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
        viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <rect x="\(f(margin.left))" y="\(f(margin.top))" width="\(f(pw))" height="\(f(ph))" fill="none" stroke="#999"/>

        """
        for i in 0...4 {
            let xv = x0 + (x1 - x0) * Double(i) / 4, yv = y0 + (y1 - y0) * Double(i) / 4
            s += "<text x=\"\(f(px(xv)))\" y=\"\(f(height - margin.bottom + 16))\" text-anchor=\"middle\">\(String(format: "%.3g", xv))</text>\n"
            s += "<text x=\"\(f(margin.left - 6))\" y=\"\(f(py(yv) + 4))\" text-anchor=\"end\">\(String(format: "%.3f", yv))</text>\n"
        }
        s += "<text x=\"\(f(margin.left + pw / 2))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">latency (ms)</text>\n"
        s += "<text transform=\"translate(14,\(f(margin.top + ph / 2))) rotate(-90)\" text-anchor=\"middle\">validation top-1</text>\n"
        if let floor {
            s += "<line class=\"floor\" x1=\"\(f(margin.left))\" y1=\"\(f(py(floor)))\" x2=\"\(f(margin.left + pw))\" y2=\"\(f(py(floor)))\" stroke=\"#c00\" stroke-dasharray=\"6 4\"/>\n"
            s += "<text x=\"\(f(margin.left + pw - 4))\" y=\"\(f(py(floor) - 4))\" text-anchor=\"end\" fill=\"#c00\">accuracy floor \(String(format: "%.3f", floor))</text>\n"
        }
        let feasible = points.filter(\.feasible)
        let front = paretoFront(feasible.map { ($0.latencyMs, $0.top1) }).map { feasible[$0] }
        if front.count > 1 {
            // A step line: each front trial's accuracy holds until the next, slower one improves on it.
            var path = "M\(f(px(front[0].latencyMs))),\(f(py(front[0].top1)))"
            for p in front.dropFirst() { path += " H\(f(px(p.latencyMs))) V\(f(py(p.top1)))" }
            s += "<path class=\"front\" d=\"\(path)\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>\n"
        }
        for p in points {
            if let w = p.interval {
                let x = f(px(p.latencyMs))
                s += "<line class=\"interval\" x1=\"\(x)\" y1=\"\(f(py(w.lower)))\" x2=\"\(x)\" y2=\"\(f(py(w.upper)))\" stroke=\"\(p.feasible ? "#1f77b4" : "#bbb")\" stroke-opacity=\"0.6\"/>\n"
            }
        }
        for p in points {
            let colour = p.feasible ? "#1f77b4" : "#bbb"
            s += "<circle class=\"trial\" cx=\"\(f(px(p.latencyMs)))\" cy=\"\(f(py(p.top1)))\" r=\"4\" fill=\"\(colour)\"><title>trial \(p.id): \(String(format: "%.3f", p.latencyMs)) ms, top-1 \(String(format: "%.4f", p.top1))</title></circle>\n"
        }
        if let b = baseline {
            let x = px(b.latencyMs), y = py(b.top1)
            s += "<path class=\"baseline\" d=\"M\(f(x - 6)),\(f(y)) L\(f(x)),\(f(y - 6)) L\(f(x + 6)),\(f(y)) L\(f(x)),\(f(y + 6)) Z\" fill=\"#ff7f0e\"><title>baseline: \(String(format: "%.3f", b.latencyMs)) ms, top-1 \(String(format: "%.4f", b.top1))</title></path>\n"
            s += "<text x=\"\(f(x + 8))\" y=\"\(f(y - 8))\" fill=\"#ff7f0e\">baseline</text>\n"
        }
        return s + "</svg>\n"
    }

    private func padded(_ lo: Double, _ hi: Double) -> (Double, Double) {
        let span = hi - lo
        let pad = span > 0 ? span * 0.08 : max(abs(lo) * 0.05, 0.01)
        return (lo - pad, hi + pad)
    }
}
