
/// One row of a layer profile: an attributed row with its median time over the profiled runs.
public struct LayerTime: Equatable, Sendable {
    public var row: AttributedRow
    /// Median over runs of the summed real time of the row's runtime nodes.
    public var medianMilliseconds: Double
    /// The model's static facts for this layer, when the row is one of our layers.
    public var facts: LayerFacts?

    public var key: String { row.key }
    public var kind: LayerKind { row.kind }
}

/// Where one model's inference time goes, layer by layer.
public struct LayerProfile: Equatable, Sendable {
    public var rows: [LayerTime]
    public var iterations: Int

    /// Sum of the rows' medians: the denominator of every percentage, so they add up to 100.
    /// (It is not the end-to-end latency, which also holds the runtime's own overhead.)
    public var totalMilliseconds: Double { rows.reduce(0) { $0 + $1.medianMilliseconds } }

    public func share(of row: LayerTime) -> Double {
        totalMilliseconds > 0 ? row.medianMilliseconds / totalMilliseconds : 0
    }

    /// Builds the profile from per-run node lists (each the profile of one inference).
    /// Runs whose node list differs in length from the first are a runtime inconsistency and
    /// are skipped rather than mis-summed.
    public init(runs: [[NodeTiming]], layers: [LayerFacts]) {
        guard let first = runs.first else {
            self.rows = []
            self.iterations = 0
            return
        }
        let (attributed, nodeRows) = LayerAttribution.attribute(first, layers: layers)
        var perRow = [[Double]](repeating: [], count: attributed.count)
        var used = 0
        for run in runs where run.count == first.count {
            var sums = [Double](repeating: 0, count: attributed.count)
            for (index, node) in run.enumerated() {
                if let row = nodeRows[index] { sums[row] += Double(node.realTimeMicroseconds) / 1000 }
            }
            for row in sums.indices { perRow[row].append(sums[row]) }
            used += 1
        }
        let facts = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.rows = attributed.indices.map { index in
            LayerTime(row: attributed[index], medianMilliseconds: LatencyStatistics(samples: perRow[index]).median,
                      facts: attributed[index].kind == .layer ? facts[attributed[index].key] : nil)
        }
        self.iterations = used
    }
}

/// Collects per-layer timings from sessions compiled with profiling.
public enum LayerProfiler {
    /// Runs `warmup` untimed and `iterations` profiled inferences, reading the runtime's
    /// per-node profile after each, and returns the per-layer medians.
    public static func profile(_ session: any InferenceSession, layers: [LayerFacts], iterations: Int,
                               warmup: Int = 10) throws -> LayerProfile {
        try profile([(session, layers)], iterations: iterations, warmup: warmup)[0]
    }

    /// Several models (a baseline and a candidate) profiled interleaved, one inference each in
    /// turn, for the same reason `LatencyBenchmark` interleaves: shared-machine drift hits both.
    public static func profile(_ models: [(session: any InferenceSession, layers: [LayerFacts])], iterations: Int,
                               warmup: Int = 10) throws -> [LayerProfile] {
        guard iterations >= 1 else { throw BenchError.invalidPlan("iterations must be at least 1, got \(iterations)") }
        guard warmup >= 0 else { throw BenchError.invalidPlan("warm-up must be 0 or more, got \(warmup)") }
        guard models.allSatisfy({ $0.session.settings.profiling }) else { throw BenchError.profilingDisabled }
        for _ in 0..<warmup {
            for model in models { try model.session.run() }
        }
        var runs = [[[NodeTiming]]](repeating: [], count: models.count)
        for _ in 0..<iterations {
            for (index, model) in models.enumerated() {
                try model.session.run()
                runs[index].append(try model.session.nodeTimings())
            }
        }
        return models.indices.map { LayerProfile(runs: runs[$0], layers: models[$0].layers) }
    }
}
