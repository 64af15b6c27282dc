
/// How much an untried point is worth evaluating next, from the surrogates' predictions.
///
/// The objective is minimised (latency). With a constraint (accuracy must reach a floor), the
/// value is expected improvement over the best *feasible* objective times the probability that
/// the constraint holds (Gardner et al., 2014; Gelbart et al., 2014): a fast configuration that
/// is probably too inaccurate is worth little. Before any feasible point exists there is nothing
/// to improve on, so the search maximises the probability of feasibility alone.
public enum Acquisition {
    /// Expected improvement below `best` for a Gaussian prediction (minimisation):
    /// `EI = (best − μ − ξ) Φ(z) + σ φ(z)`, `z = (best − μ − ξ)/σ`. `xi` ≥ 0 trades exploitation
    /// for exploration; with zero variance EI is the plain improvement.
    public static func expectedImprovement(mean: Double, variance: Double, best: Double, xi: Double = 0) -> Double {
        let improvement = best - mean - xi
        let sigma = max(variance, 0).squareRoot()
        guard sigma > 0 else { return max(improvement, 0) }
        let z = improvement / sigma
        return max(improvement * NormalDistribution.cdf(z) + sigma * NormalDistribution.pdf(z), 0)
    }

    /// `P(c ≥ floor)` for a Gaussian prediction of the constraint value c.
    public static func probabilityOfFeasibility(mean: Double, variance: Double, floor: Double) -> Double {
        let sigma = max(variance, 0).squareRoot()
        guard sigma > 0 else { return mean >= floor ? 1 : 0 }
        return NormalDistribution.cdf((mean - floor) / sigma)
    }

    /// Expected improvement on the objective times the probability of feasibility; either factor
    /// may be absent (no feasible point yet: feasibility only; no constraint: EI only).
    public static func constrainedExpectedImprovement(
        objective: (mean: Double, variance: Double)?, best: Double?,
        constraint: (mean: Double, variance: Double)?, floor: Double, xi: Double = 0
    ) -> Double {
        var value = 1.0
        if let objective, let best {
            value *= expectedImprovement(mean: objective.mean, variance: objective.variance, best: best, xi: xi)
        }
        if let constraint {
            value *= probabilityOfFeasibility(mean: constraint.mean, variance: constraint.variance, floor: floor)
        }
        return value
    }
}
