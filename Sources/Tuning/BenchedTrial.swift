import Foundation
import JSON
import Runtime

/// The BENCH stage's result: the trial's latency and the baseline's, measured interleaved in
/// the same process (their ratio is the figure the optimiser minimises), the runtime facts
/// that make the figure reproducible, and the per-layer table.
public struct BenchedTrial: Equatable, Sendable {
    /// Latency summary in milliseconds: Bench's statistics, carried as JSON between the stages.
    public typealias Latency = LatencyStatistics

    /// One row of the per-layer table, the trial against the baseline.
    public struct LayerRow: Equatable, Sendable {
        public var layer: String
        public var op: String
        /// Median time in the trial's model (nil: the layer is gone) and in the baseline's.
        public var ms: Double?
        public var baselineMs: Double?

        public init(layer: String, op: String, ms: Double?, baselineMs: Double?) {
            self.layer = layer
            self.op = op
            self.ms = ms
            self.baselineMs = baselineMs
        }

        /// The shape `SweepReport` draws its layer bars from.
        public var json: JSONValue {
            var m: [(String, JSONValue)] = [("layer", .string(layer)), ("op", .string(op))]
            if let ms { m.append(("ms", JSONValue(ms))) }
            if let baselineMs { m.append(("baseline_ms", JSONValue(baselineMs))) }
            return .object(m)
        }

        public init(json: JSONValue) throws {
            let r = JSONFields(json, what: "layer row")
            self.init(layer: try r.string("layer"), op: try r.string("op"), ms: json["ms"]?.double,
                      baselineMs: json["baseline_ms"]?.double)
        }
    }

    public var trial: Int
    public var latency: Latency
    public var baselineLatency: Latency
    /// backend, runtime version, device, threads, model SHA-256: what the figure depends on.
    public var runtime: JSONValue
    public var layers: [LayerRow]
    /// The same table as CSV (Bench's `LayerTable.csv` with a baseline), saved as `layers.csv`.
    public var layersCSV: String
    public var benchSeconds: Double

    public init(trial: Int, latency: Latency, baselineLatency: Latency, runtime: JSONValue, layers: [LayerRow],
                layersCSV: String, benchSeconds: Double) {
        self.trial = trial
        self.latency = latency
        self.baselineLatency = baselineLatency
        self.runtime = runtime
        self.layers = layers
        self.layersCSV = layersCSV
        self.benchSeconds = benchSeconds
    }

    /// Trial median over baseline median, both from this measurement (< 1 is faster).
    public var latencyRatio: Double { latencyRatio(.median) }

    /// The same ratio for another statistic of the samples.
    public func latencyRatio(_ statistic: SweepConfiguration.Objective.Statistic) -> Double {
        let base = statistic.value(baselineLatency)
        return base > 0 ? statistic.value(latency) / base : .nan
    }

    public var json: JSONValue {
        ["trial": JSONValue(trial), "latency": latency.json, "baseline_latency": baselineLatency.json,
         "runtime": runtime, "layers": .array(layers.map(\.json)), "layers_csv": .string(layersCSV),
         "bench_seconds": JSONValue(benchSeconds)]
    }

    public init(json: JSONValue) throws {
        let r = JSONFields(json, what: "benched trial")
        self.init(trial: try r.int("trial"), latency: try Latency(json: try r.value("latency")),
                  baselineLatency: try Latency(json: try r.value("baseline_latency")),
                  runtime: json["runtime"] ?? [:], layers: try r.array("layers").map(LayerRow.init(json:)),
                  layersCSV: try r.string("layers_csv"), benchSeconds: try r.double("bench_seconds"))
    }
}

/// The ledger and queue form of a latency summary (milliseconds).
extension LatencyStatistics {
    public var json: JSONValue {
        ["count": JSONValue(count), "median_ms": JSONValue(median), "mean_ms": JSONValue(mean),
         "min_ms": JSONValue(min), "max_ms": JSONValue(max), "p90_ms": JSONValue(p90), "p99_ms": JSONValue(p99),
         "std_ms": JSONValue(standardDeviation)]
    }

    public init(json: JSONValue) throws {
        let r = JSONFields(json, what: "latency statistics")
        self.init(count: try r.int("count"), median: try r.double("median_ms"), mean: try r.double("mean_ms"),
                  min: try r.double("min_ms"), max: try r.double("max_ms"), p90: try r.double("p90_ms"),
                  p99: try r.double("p99_ms"), standardDeviation: try r.double("std_ms"))
    }
}
