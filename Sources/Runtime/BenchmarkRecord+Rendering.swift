import Foundation
import JSON
import Support

extension BenchmarkRecord {
    /// One JSON object, keys in a fixed order so diffs of saved results stay readable.
    /// Milliseconds are rounded to 4 decimals (0.1 µs, below any timer's noise), throughput to 2.
    public var json: JSONValue {
        [
            "model": .string(model), "model_sha256": .string(modelSHA256), "backend": .string(backend),
            "runtime_version": .string(runtimeVersion), "device": .string(device),
            "threads": threads.map { JSONValue($0) } ?? .null, "batch": JSONValue(batch),
            "mode": .string(mode.rawValue), "requests": JSONValue(requests),
            "iterations": JSONValue(statistics.count),
            "median_ms": JSONValue(statistics.median, decimals: 4), "mean_ms": JSONValue(statistics.mean, decimals: 4),
            "min_ms": JSONValue(statistics.min, decimals: 4), "max_ms": JSONValue(statistics.max, decimals: 4),
            "p90_ms": JSONValue(statistics.p90, decimals: 4), "p99_ms": JSONValue(statistics.p99, decimals: 4),
            "std_ms": JSONValue(statistics.standardDeviation, decimals: 4),
            "throughput_fps": JSONValue(throughputFPS, decimals: 2),
            "ratio_to_first": JSONValue(ratioToFirst, decimals: 4),
            "precision_hint": precisionHint.map { .string($0) } ?? .null,
            "executed_precision": executedPrecision.map { .string($0) } ?? .null,
        ]
    }

    /// Several records as a JSON array, one compact object per line.
    public static func json(_ records: [BenchmarkRecord]) -> String {
        "[\n" + records.map { "  " + $0.json.compact }.joined(separator: ",\n") + "\n]"
    }

    /// The human-readable table `shears bench` prints: one row per model, then the context
    /// every figure depends on.
    public static func table(_ records: [BenchmarkRecord]) -> String {
        guard let first = records.first else { return "" }
        let header = ["model", "median ms", "mean ms", "min ms", "max ms", "p90 ms", "p99 ms", "std ms", "fps",
                      "vs first", "executed"]
        let rows = records.map { r -> [String] in
            let s = r.statistics
            return [URL(fileURLWithPath: r.model).lastPathComponent] + [s.median, s.mean, s.min, s.max, s.p90, s.p99,
                                                                      s.standardDeviation].map { fixed($0, 3) }
                + [fixed(r.throughputFPS, 1), fixed(r.ratioToFirst, 3) + "x", r.executedPrecision ?? "-"]
        }
        let threads = first.threads.map(String.init) ?? "runtime default"
        let context = "\(first.backend) \(first.runtimeVersion), device \(first.device), threads \(threads), "
            + "batch \(first.batch), \(first.mode.rawValue) mode, \(first.requests) request(s), "
            + "\(first.statistics.count) iterations, precision hint \(first.precisionHint ?? "runtime default"); "
            + "'executed': the precision of the compute nodes in one profiled inference"
        return TextTable.render(header: header, rows: rows, rightAligned: Set(1..<header.count)) + context + "\n"
    }
}

/// Fixed decimals for the text table; NaN and infinities (never expected) print as `null`.
private func fixed(_ value: Double, _ decimals: Int) -> String {
    value.isFinite ? String(format: "%.\(decimals)f", value) : "null"
}
