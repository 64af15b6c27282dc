import Foundation

/// The sweep's live output: one line per recorded trial and a leaderboard of the fastest
/// feasible trials so far, plain text so it reads the same in a terminal and in a log file.
enum SweepProgress {
    /// How many trials the leaderboard lists.
    static let leaderboardSize = 3

    /// `trial 3 (4/8): val 0.7312  test 0.7198  0.412 ms  1.82x  feasible  [train 31.0 s, bench 6.2 s]`
    static func line(_ r: TrialRecord, of total: Int, done: Int, floor: Double?) -> String {
        var s = "trial \(r.id) (\(done)/\(total)): "
        guard r.status == .finished else { return s + "FAILED: \(r.error ?? "unknown error")" }
        s += String(format: "val %.4f  test %.4f", r.valTop1 ?? .nan, r.testTop1 ?? .nan)
        if let l = r.latencyMs { s += String(format: "  %.3f ms", l) }
        if let ratio = r.latencyRatio { s += String(format: "  %.2fx", 1 / ratio) }
        s += r.isFeasible(floor: floor) ? "  feasible" : "  below the floor"
        let train = r.details["train_seconds"]?.double, bench = r.details["bench_seconds"]?.double
        if let train, let bench { s += String(format: "  [train %.1f s, bench %.1f s]", train, bench) }
        return s
    }

    /// `  best feasible: #3 1.82x val 0.7312 | #1 1.40x val 0.7420`
    static func leaderboard(_ records: [TrialRecord], floor: Double?) -> String {
        let ranked = records.filter { $0.isFeasible(floor: floor) }
            .sorted { ($0.latencyRatio!, $0.id) < ($1.latencyRatio!, $1.id) }.prefix(leaderboardSize)
        guard !ranked.isEmpty else { return "  best feasible: none yet" }
        return "  best feasible: " + ranked.map {
            String(format: "#%d %.2fx val %.4f", $0.id, 1 / $0.latencyRatio!, $0.valTop1!)
        }.joined(separator: " | ")
    }
}
