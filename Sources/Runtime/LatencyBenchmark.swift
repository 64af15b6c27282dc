import Support


/// Raw outcome of timing one session: every latency sample and the wall time it took.
public struct Measurement: Equatable, Sendable {
    /// Per-inference latency in milliseconds, in the order measured.
    public var samples: [Double]
    /// Wall time spent inside this session's timed calls, in seconds.
    public var wallSeconds: Double
    /// Images per second: batch × inferences ÷ wall time.
    public var throughputFPS: Double

    public var statistics: LatencyStatistics { LatencyStatistics(samples: samples) }
}

/// The measuring loop. Several sessions are measured interleaved, one inference (latency mode)
/// or one burst (throughput mode) each in turn, so drift from other load on a shared machine,
/// clock boosts or thermal state lands on every model alike and their ratios stay honest.
/// Rejected: measuring models one after another, where a burst of load from another process
/// (this machine is shared by several builds) skews one model's figure and not the other's.
public enum LatencyBenchmark {
    /// Inferences per burst in throughput mode, per request in flight: long enough that the
    /// pipeline's fill and drain at burst edges costs little, short enough to interleave.
    public static let burstPerRequest = 8

    public static func measure(_ sessions: [any InferenceSession], plan: MeasurementPlan) throws -> [Measurement] {
        try plan.validate()
        guard !sessions.isEmpty else { throw BenchError.invalidPlan("no models to measure") }
        for _ in 0..<plan.warmup {
            for session in sessions {
                var discarded: [Double] = []
                try step(session, count: session.requestCount, samples: &discarded)
            }
        }
        var samples = [[Double]](repeating: [], count: sessions.count)
        var wall = [Double](repeating: 0, count: sessions.count)
        let start = MonotonicClock.nanoseconds()
        while true {
            for (index, session) in sessions.enumerated() {
                var count = session.settings.mode == .latency ? 1 : burstPerRequest * session.requestCount
                if case .iterations(let total) = plan.stop { count = min(count, total - samples[index].count) }
                guard count > 0 else { continue }
                let began = MonotonicClock.nanoseconds()
                try step(session, count: count, samples: &samples[index])
                wall[index] += MonotonicClock.milliseconds(since: began) / 1000
            }
            switch plan.stop {
            case .iterations(let total):
                if samples.allSatisfy({ $0.count >= total }) { return results(sessions, samples, wall) }
            case .seconds(let seconds):
                if MonotonicClock.milliseconds(since: start) >= seconds * 1000 { return results(sessions, samples, wall) }
            }
        }
    }

    /// One timed unit of work: `count` synchronous inferences, or one pipelined burst.
    private static func step(_ session: any InferenceSession, count: Int, samples: inout [Double]) throws {
        switch session.settings.mode {
        case .latency:
            for _ in 0..<count {
                let began = MonotonicClock.nanoseconds()
                try session.run()
                samples.append(MonotonicClock.milliseconds(since: began))
            }
        case .throughput:
            try session.runPipelined(count: count, latencies: &samples)
        }
    }

    private static func results(_ sessions: [any InferenceSession], _ samples: [[Double]], _ wall: [Double])
        -> [Measurement] {
        sessions.indices.map { index in
            let images = Double(sessions[index].settings.batch * samples[index].count)
            return Measurement(samples: samples[index], wallSeconds: wall[index],
                               throughputFPS: wall[index] > 0 ? images / wall[index] : 0)
        }
    }
}
