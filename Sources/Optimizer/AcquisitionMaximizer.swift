
/// Finds a point of high acquisition value: many cheap global candidates, then local polish.
///
/// The acquisition surface is multimodal and flat almost everywhere (expected improvement is
/// near zero far from good points), so gradient ascent from one start gets lost. Instead:
/// uniform random candidates cover the cube, Gaussian perturbations of the best observed points
/// at three scales probe the basins most likely to hold the optimum, and Nelder–Mead refines
/// the few best candidates. Every point is first mapped to its canonical form, so integer and
/// categorical coordinates are scored as the assignment that would really run.
struct AcquisitionMaximizer {
    var randomCandidates = 2000
    var perturbationsPerAnchor = 60
    var perturbationScales: [Double] = [0.01, 0.05, 0.15]
    var refinedStarts = 5
    /// Nelder–Mead evaluations per refined start, per dimension.
    var refinementEvaluationsPerDimension = 25

    /// The best canonical point found that is not in `exclude` (already observed points), with
    /// its acquisition value. `score` evaluates a batch of canonical points.
    func maximize(space: SearchSpace, anchors: [[Double]], exclude: [[Double]], rng: inout TuningRandom,
                  score: ([[Double]]) -> [Double]) -> (point: [Double], value: Double) {
        let d = space.dimension
        var candidates: [[Double]] = []
        candidates.reserveCapacity(randomCandidates + anchors.count * perturbationsPerAnchor)
        for _ in 0..<randomCandidates {
            candidates.append(space.canonical((0..<d).map { _ in rng.uniform() }))
        }
        for anchor in anchors {
            for k in 0..<perturbationsPerAnchor {
                let scale = perturbationScales[k % perturbationScales.count]
                candidates.append(space.canonical(anchor.map { min(max($0 + scale * rng.normal(), 0), 1) }))
            }
        }
        let values = score(candidates)
        let excluded = Set(exclude)
        var order = Array(candidates.indices).filter { !excluded.contains(candidates[$0]) }
        order.sort { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }

        var best: (point: [Double], value: Double)
        if let first = order.first {
            best = (candidates[first], values[first])
        } else {
            // Every candidate was already observed (a small discrete space): repeat the best one.
            let i = values.indices.max { values[$0] < values[$1] }!
            return (candidates[i], values[i])
        }
        var starts: [[Double]] = []
        for i in order where starts.count < refinedStarts && !starts.contains(candidates[i]) {
            starts.append(candidates[i])
        }
        let simplexSearch = NelderMead(maxEvaluations: refinementEvaluationsPerDimension * d)
        for start in starts {
            let refined = simplexSearch.maximize(start: start) { x in
                let p = space.canonical(x.map { min(max($0, 0), 1) })
                return excluded.contains(p) ? -.infinity : score([p])[0]
            }
            let p = space.canonical(refined.point.map { min(max($0, 0), 1) })
            if refined.value > best.value && !excluded.contains(p) { best = (p, refined.value) }
        }
        return best
    }
}
