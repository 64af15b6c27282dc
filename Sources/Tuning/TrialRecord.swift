import JSON

/// One finished or failed trial as the ledger keeps it: enough to rebuild the optimiser,
/// write the report, and replay the trial bit for bit.
public struct TrialRecord: Equatable, Sendable {
    public enum Status: String, Sendable { case finished, failed }

    public var id: Int
    public var status: Status
    /// Parameter values by name, as substituted into the schedule template.
    public var parameters: [(String, JSONValue)]
    /// The full schedule text the trial ran (replay needs nothing else).
    public var schedule: String
    public var seed: UInt64
    public var valTop1: Double?
    public var testTop1: Double?
    /// Latency in milliseconds of the thinned model (the objective's statistic: the median unless
    /// the sweep file says `statistic: min`), and of the baseline measured in the same process
    /// (their ratio is the speed-up the user cares about).
    public var latencyMs: Double?
    public var baselineLatencyMs: Double?
    public var parameterCount: Int?
    public var macs: Int?
    /// Everything else measured (latency statistics, per-layer table, durations), kept verbatim.
    public var details: JSONValue
    public var error: String?

    public init(id: Int, status: Status, parameters: [(String, JSONValue)], schedule: String, seed: UInt64,
                valTop1: Double? = nil, testTop1: Double? = nil, latencyMs: Double? = nil,
                baselineLatencyMs: Double? = nil, parameterCount: Int? = nil, macs: Int? = nil,
                details: JSONValue = [:], error: String? = nil) {
        self.id = id
        self.status = status
        self.parameters = parameters
        self.schedule = schedule
        self.seed = seed
        self.valTop1 = valTop1
        self.testTop1 = testTop1
        self.latencyMs = latencyMs
        self.baselineLatencyMs = baselineLatencyMs
        self.parameterCount = parameterCount
        self.macs = macs
        self.details = details
        self.error = error
    }

    public static func == (a: TrialRecord, b: TrialRecord) -> Bool { a.json == b.json }

    /// Baseline latency over trial latency (> 1 means faster).
    public var speedup: Double? {
        guard let l = latencyMs, let b = baselineLatencyMs, l > 0 else { return nil }
        return b / l
    }

    /// The ledger line for this record.
    public var json: JSONValue {
        var m: [(String, JSONValue)] = [
            ("event", .string(status == .finished ? "trial_finished" : "trial_failed")),
            ("trial", JSONValue(id)),
            ("parameters", .object(parameters)),
            ("seed", .string(String(seed))),
        ]
        func add(_ key: String, _ v: Double?) { if let v { m.append((key, JSONValue(v))) } }
        func add(_ key: String, _ v: Int?) { if let v { m.append((key, JSONValue(v))) } }
        add("val_top1", valTop1)
        add("test_top1", testTop1)
        add("latency_ms", latencyMs)
        add("baseline_latency_ms", baselineLatencyMs)
        add("params", parameterCount)
        add("macs", macs)
        if let error { m.append(("error", .string(error))) }
        m.append(("details", details))
        m.append(("schedule", .string(schedule)))
        return .object(m)
    }

    /// Reads a `trial_finished` / `trial_failed` event; nil for other events.
    public init?(json: JSONValue) {
        guard let event = json["event"]?.string, event == "trial_finished" || event == "trial_failed",
              let id = json["trial"]?.int, let seedText = json["seed"]?.string, let seed = UInt64(seedText)
        else { return nil }
        self.init(id: id, status: event == "trial_finished" ? .finished : .failed,
                  parameters: json["parameters"]?.object ?? [], schedule: json["schedule"]?.string ?? "",
                  seed: seed, valTop1: json["val_top1"]?.double, testTop1: json["test_top1"]?.double,
                  latencyMs: json["latency_ms"]?.double, baselineLatencyMs: json["baseline_latency_ms"]?.double,
                  parameterCount: json["params"]?.int, macs: json["macs"]?.int,
                  details: json["details"] ?? [:], error: json["error"]?.string)
    }
}

/// What a ledger says has happened: the trials that are done (never to be repeated) and
/// the one that was started but not finished (to be run again with the same id and seed).
public struct LedgerState: Sendable {
    public var header: JSONValue?
    public var completed: [TrialRecord] = []
    public var unfinished: [(id: Int, event: JSONValue)] = []

    public init(events: [JSONValue]) {
        var started: [Int: JSONValue] = [:]
        var done = Set<Int>()
        for event in events {
            switch event["event"]?.string {
            case "sweep_started": if header == nil { header = event }
            case "trial_started": if let id = event["trial"]?.int { started[id] = event }
            default:
                if let record = TrialRecord(json: event), !done.contains(record.id) {
                    done.insert(record.id)
                    completed.append(record)
                }
            }
        }
        unfinished = started.filter { !done.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The id the next new trial gets.
    public var nextTrialID: Int {
        max(completed.map(\.id).max() ?? -1, unfinished.map(\.id).max() ?? -1) + 1
    }
}
