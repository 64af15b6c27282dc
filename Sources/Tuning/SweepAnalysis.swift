import JSON
import Optimizer

/// The numbers behind the report's analysis panels, from the finished trials alone: which
/// parameters moved speed-up and accuracy (random-forest fANOVA importance, Spearman
/// correlations), how fast the sweep found its best trial, and how uncertain each validation
/// accuracy is (Wilson intervals over the validation split).
public struct SweepAnalysis {
    /// Parameter names in the order the ledger lists them.
    public var parameters: [String]
    /// For each parameter, whether its values are categories (coded by their sorted order).
    public var categories: [String: [String]]
    /// The finished trials with a speed-up and validation top-1, by id.
    public var trials: [TrialRecord]
    /// Each trial's parameter values as numbers (categories as codes), row per trial.
    public var inputs: [[Double]]

    /// The fewest trials the importance and correlation panels are computed from.
    public static let minimumTrials = 4

    public init(trials: [TrialRecord]) {
        let measured = trials.filter { $0.status == .finished && $0.speedup != nil && $0.valTop1 != nil }
            .sorted { $0.id < $1.id }
        var names: [String] = []
        for t in measured { for (n, _) in t.parameters where !names.contains(n) { names.append(n) } }
        var categories: [String: [String]] = [:]
        for n in names {
            let values = measured.compactMap { t in t.parameters.first { $0.0 == n }?.1 }
            if values.contains(where: { $0.double == nil }) {
                categories[n] = Set(values.map { $0.string ?? $0.compact }).sorted()
            }
        }
        parameters = names
        self.categories = categories
        self.trials = measured
        inputs = measured.map { t in
            names.map { n in
                guard let v = t.parameters.first(where: { $0.0 == n })?.1 else { return .nan }
                if let c = categories[n] { return Double(c.firstIndex(of: v.string ?? v.compact) ?? 0) }
                return v.double ?? .nan
            }
        }
        // A trial missing a parameter (an older ledger) cannot be placed; drop it.
        let complete = inputs.indices.filter { !inputs[$0].contains { $0.isNaN } }
        self.trials = complete.map { measured[$0] }
        inputs = complete.map { inputs[$0] }
    }

    public var speedups: [Double] { trials.map { $0.speedup! } }
    public var accuracies: [Double] { trials.map { $0.valTop1! } }

    /// Whether there are enough trials (and parameters) for importance and correlations.
    public var isAnalysable: Bool { trials.count >= Self.minimumTrials && !parameters.isEmpty }

    /// fANOVA main-effect importance of each parameter for `outputs`, seeded so a report is
    /// the same every time it is written.
    public func importance(of outputs: [Double], seed: UInt64 = 17) -> [Double] {
        ParameterImportance.mainEffects(inputs: inputs, outputs: outputs, treeCount: 64, seed: seed)
    }

    /// Spearman's rho of each parameter with `outputs` (nil where a parameter never varied).
    public func spearman(with outputs: [Double]) -> [Double?] {
        parameters.indices.map { j in RankCorrelation.spearman(inputs.map { $0[j] }, outputs) }
    }

    /// The best feasible speed-up after each trial, in trial order (nil before the first feasible
    /// trial); every recorded trial counts, failed ones included.
    public static func history(_ trials: [TrialRecord], feasible: (TrialRecord) -> Bool) -> [(id: Int, best: Double?)] {
        var best: Double?
        return trials.sorted { $0.id < $1.id }.map { t in
            if feasible(t), let s = t.speedup { best = max(best ?? s, s) }
            return (t.id, best)
        }
    }
}
