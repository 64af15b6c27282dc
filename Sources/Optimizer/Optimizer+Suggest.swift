
extension Optimizer {
    /// Random streams of one suggestion, all derived from (seed, stream, observation count).
    enum Stream: UInt64 {
        case objectiveFit = 1, constraintFit, acquisition, random
    }

    /// The next point to evaluate; deterministic given seed, configuration and observations.
    public func suggest() throws -> Suggestion {
        let n = observations.count
        switch method {
        case .random:
            var rng = TuningRandom(seed: seed, stream: Stream.random.rawValue, index: n)
            let point = space.canonical((0..<space.dimension).map { _ in rng.uniform() })
            return Suggestion(point: point, assignment: space.decodeClamped(point), reason: .random, acquisition: nil)
        case .gp:
            let modelled = observations.filter { $0.objective != nil }
            if n < initialDesignSize || modelled.count < 2 {
                let raw = InitialDesign.point(index: n, count: max(initialDesignSize, n + 1),
                                              dimension: space.dimension, seed: seed)
                let point = space.canonical(raw)
                return Suggestion(point: point, assignment: space.decodeClamped(point), reason: .initialDesign,
                                  acquisition: nil)
            }
            return try bayesianSuggestion()
        }
    }

    /// A seed for one stream of the suggestion made after `observations.count` trials.
    func streamSeed(_ stream: Stream) -> UInt64 {
        var g = TuningRandom(seed: seed, stream: stream.rawValue, index: observations.count)
        return g.next()
    }

    private func bayesianSuggestion() throws -> Suggestion {
        let n = observations.count
        let objectiveGP = try GaussianProcess.fit(
            inputs: observations.map(\.point), outputs: objectiveModelData(),
            seed: streamSeed(.objectiveFit))

        let (constraintValues, floor) = constraintModelData()
        let constraintGP = try constraintValues.map {
            try GaussianProcess.fit(inputs: observations.map(\.point), outputs: $0,
                                    seed: streamSeed(.constraintFit))
        }

        let feasible = observations.filter { $0.isFeasible(floor: constraintFloor) }
        let bestObjective = feasible.map { $0.objective! }.min()
        // Anchors for local candidates: the best feasible points, or the most nearly feasible.
        let anchors: [[Double]]
        if !feasible.isEmpty {
            anchors = feasible.sorted { $0.objective! < $1.objective! }.prefix(5).map(\.point)
        } else if let constraintValues {
            anchors = zip(observations, constraintValues).sorted { $0.1 > $1.1 }.prefix(5).map(\.0.point)
        } else {
            anchors = []
        }

        var rng = TuningRandom(seed: seed, stream: Stream.acquisition.rawValue, index: n)
        let result = AcquisitionMaximizer().maximize(
            space: space, anchors: anchors, exclude: observations.map(\.point), rng: &rng
        ) { points in
            let objective = bestObjective == nil ? nil : objectiveGP.predict(points)
            let constraint = constraintGP?.predict(points)
            return points.indices.map { i in
                Acquisition.constrainedExpectedImprovement(
                    objective: objective?[i], best: bestObjective, constraint: constraint?[i], floor: floor)
            }
        }
        return Suggestion(point: result.point, assignment: space.decodeClamped(result.point),
                          reason: bestObjective == nil ? .feasibility : .expectedImprovement,
                          acquisition: result.value)
    }

    /// The values the objective surrogate models, one per observation: the observed objective, and
    /// for a failed trial the worst objective observed. The ledger keeps the failure's objective
    /// unknown; the surrogate needs a value there, because a model fitted to successes alone
    /// extrapolates promising values into the failing region, and expected improvement then
    /// outweighs any feasibility estimate. Measured on a 1-D problem whose failing half holds the
    /// objective's downhill side (OptimizerTests): 14 of 20 model-guided trials failed without the
    /// imputation, 4 with it.
    func objectiveModelData() -> [Double] {
        let worst = observations.compactMap(\.objective).max() ?? 0
        return observations.map { $0.objective ?? worst }
    }

    /// The values the constraint surrogate models, one per observation, and the floor they must
    /// clear; nil when there is nothing to model (no floor and no failure).
    ///
    /// A failed trial gets a pessimistic constraint value: half the observed spread below the
    /// worst value seen (or the floor), so the surrogate learns its neighbourhood is infeasible
    /// without an outlier that would wreck the output standardisation. Without a floor, failures
    /// alone are modelled as a success indicator (1 success, 0 failure) that must exceed ½.
    func constraintModelData() -> (values: [Double]?, floor: Double) {
        if let floor = constraintFloor {
            let seen = observations.compactMap(\.constraint)
            let low = min(seen.min() ?? floor, floor), high = max(seen.max() ?? floor, floor)
            let spread = high - low > 0 ? high - low : 0.1 * max(abs(floor), 1)
            let pessimistic = low - 0.5 * spread
            return (observations.map { $0.failed ? pessimistic : $0.constraint! }, floor)
        }
        guard observations.contains(where: \.failed) else { return (nil, 0) }
        return (observations.map { $0.failed ? 0 : 1 }, 0.5)
    }
}
