import JSON

/// `trials.csv`: one row per trial, parameters as columns, for spreadsheets and pandas.
public enum TrialsCSV {
    public static func render(_ trials: [TrialRecord]) -> String {
        let parameterNames = trials.flatMap { $0.parameters.map(\.0) }.reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        var header = ["trial", "status"] + parameterNames
        header += ["val_top1", "test_top1", "latency_ms", "baseline_latency_ms", "speedup", "params", "macs", "error"]
        var lines = [header.map(field).joined(separator: ",")]
        for t in trials.sorted(by: { $0.id < $1.id }) {
            var row = [String(t.id), t.status.rawValue]
            for name in parameterNames {
                row.append(t.parameters.first { $0.0 == name }.map { value($0.1) } ?? "")
            }
            row += [t.valTop1, t.testTop1, t.latencyMs, t.baselineLatencyMs, t.speedup].map { $0.map { String($0) } ?? "" }
            row += [t.parameterCount.map(String.init) ?? "", t.macs.map(String.init) ?? "", t.error ?? ""]
            lines.append(row.map(field).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func value(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .number: return v.compact
        default: return v.compact
        }
    }

    /// RFC 4180 quoting: only when a field holds a comma, quote or newline.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
