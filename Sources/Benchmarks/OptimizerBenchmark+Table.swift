import Foundation
import Optimizer

extension OptimizerBenchmark.Report {
    /// Markdown table of median regrets, one row per function and budget, one column per method,
    /// with a reference report's methods (e.g. scikit-optimize's `gp_minimize`) as extra columns.
    public func markdown(reference: OptimizerBenchmark.Report? = nil) -> String {
        let all = rows + (reference?.rows ?? [])
        var methods: [String] = []
        for r in all where !methods.contains(r.method) { methods.append(r.method) }
        var functions: [String] = []
        for r in rows where !functions.contains(r.function) { functions.append(r.function) }
        let budgets = Array(Set(rows.map(\.budget))).sorted()

        var lines = ["Median simple regret over \(seeds.count) seeds (lower is better).", ""]
        lines.append("| function | budget | " + methods.joined(separator: " | ") + " |")
        lines.append("| --- | ---: |" + String(repeating: " ---: |", count: methods.count))
        for f in functions {
            let title = BenchmarkFunction(rawValue: f)?.title ?? f
            for b in budgets {
                let cells = methods.map { m in
                    all.first { $0.function == f && $0.method == m && $0.budget == b }
                        .map { Self.format($0.medianRegret) } ?? "–"
                }
                lines.append("| \(title) | \(b) | " + cells.joined(separator: " | ") + " |")
            }
        }
        if !timings.isEmpty {
            lines.append("")
            for t in timings {
                let title = BenchmarkFunction(rawValue: t.function)?.title ?? t.function
                lines.append("Suggestion time at \(t.observations) observations, \(title): median "
                    + String(format: "%.3f s, max %.3f s", t.medianSeconds, t.maxSeconds))
            }
        }
        lines.append("")
        lines.append(String(format: "shears: %.0f s", seconds)
            + (reference.map { String(format: "; %@: %.0f s", $0.tool, $0.seconds) } ?? ""))
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ v: Double) -> String {
        if v == 0 { return "0" }
        return abs(v) >= 0.01 ? String(format: "%.3f", v) : String(format: "%.2e", v)
    }

    /// The report as pretty-printed JSON (the `--json` output).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Reads a report printed by `--json` or by `tools/bench_skopt.py`.
    public init(json data: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: data)
    }
}
