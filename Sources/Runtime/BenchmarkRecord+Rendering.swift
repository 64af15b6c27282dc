import Foundation
import Support

extension BenchmarkRecord {
    /// One JSON object, keys in a fixed order so diffs of saved results stay readable.
    /// Milliseconds carry 4 decimals (0.1 µs, below any timer's noise), throughput 2.
    public var json: String {
        let fields: [(String, String)] = [
            ("model", JSONText.string(model)),
            ("model_sha256", JSONText.string(modelSHA256)),
            ("backend", JSONText.string(backend)),
            ("runtime_version", JSONText.string(runtimeVersion)),
            ("device", JSONText.string(device)),
            ("threads", threads.map(String.init) ?? "null"),
            ("batch", String(batch)),
            ("mode", JSONText.string(mode.rawValue)),
            ("requests", String(requests)),
            ("iterations", String(statistics.count)),
            ("median_ms", JSONText.fixed(statistics.median, 4)),
            ("mean_ms", JSONText.fixed(statistics.mean, 4)),
            ("min_ms", JSONText.fixed(statistics.min, 4)),
            ("max_ms", JSONText.fixed(statistics.max, 4)),
            ("p90_ms", JSONText.fixed(statistics.p90, 4)),
            ("p99_ms", JSONText.fixed(statistics.p99, 4)),
            ("std_ms", JSONText.fixed(statistics.standardDeviation, 4)),
            ("throughput_fps", JSONText.fixed(throughputFPS, 2)),
            ("ratio_to_first", JSONText.fixed(ratioToFirst, 4)),
            ("precision_hint", precisionHint.map(JSONText.string) ?? "null"),
            ("executed_precision", executedPrecision.map(JSONText.string) ?? "null"),
        ]
        return "{" + fields.map { "\(JSONText.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// Several records as a JSON array, one object per line.
    public static func json(_ records: [BenchmarkRecord]) -> String {
        "[\n" + records.map { "  " + $0.json }.joined(separator: ",\n") + "\n]"
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
                                                                      s.standardDeviation].map { JSONText.fixed($0, 3) }
                + [JSONText.fixed(r.throughputFPS, 1), JSONText.fixed(r.ratioToFirst, 3) + "x",
                   r.executedPrecision ?? "-"]
        }
        let threads = first.threads.map(String.init) ?? "runtime default"
        let context = "\(first.backend) \(first.runtimeVersion), device \(first.device), threads \(threads), "
            + "batch \(first.batch), \(first.mode.rawValue) mode, \(first.requests) request(s), "
            + "\(first.statistics.count) iterations, precision hint \(first.precisionHint ?? "runtime default"); "
            + "'executed': the precision of the compute nodes in one profiled inference"
        return TextTable.render(header: header, rows: rows, rightAligned: Set(1..<header.count)) + context + "\n"
    }
}

/// The little JSON the records need; no encoder, so key order and number format are ours.
enum JSONText {
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// Fixed decimals; NaN and infinities (never expected) become `null` to keep JSON valid.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? String(format: "%.\(decimals)f", value) : "null"
    }
}
