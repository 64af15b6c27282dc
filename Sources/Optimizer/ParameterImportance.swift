/// fANOVA-style main-effect importance (Hutter, Hoos & Leyton-Brown 2014) over a
/// `RandomForest`: for each tree, the variance of the objective over the parameter box (uniform)
/// and the variance of each parameter's marginal (the tree averaged over every other
/// parameter); a parameter's importance is its marginal's share, averaged over trees and
/// normalised so the parameters' shares sum to 1. Answers "which knobs moved the objective" with
/// a number per knob rather than a picture, from the trials a sweep already paid for.
public enum ParameterImportance {
    /// Importance of each of the forest's inputs over the box `bounds` (one (lower, upper) per
    /// input; the observed range is the natural choice). Sums to 1, or is all zeros when no tree
    /// varies (constant objective).
    public static func mainEffects(_ forest: RandomForest, bounds: [(lower: Double, upper: Double)]) -> [Double] {
        precondition(bounds.count == forest.dimension, "one bound per input")
        var sums = [Double](repeating: 0, count: forest.dimension)
        for tree in forest.trees {
            let leaves = leafBoxes(tree, bounds: bounds)
            let mean = leaves.reduce(0) { $0 + $1.weight * $1.value }
            let total = leaves.reduce(0) { $0 + $1.weight * ($1.value - mean) * ($1.value - mean) }
            guard total > 0 else { continue }
            for j in 0..<forest.dimension {
                sums[j] += marginalVariance(leaves, feature: j, bounds: bounds[j], mean: mean) / total
            }
        }
        let s = sums.reduce(0, +)
        return s > 0 ? sums.map { $0 / s } : sums
    }

    /// Fits a forest to `inputs`/`outputs` and returns the importance over the inputs' observed ranges.
    public static func mainEffects(inputs: [[Double]], outputs: [Double], treeCount: Int = 64, seed: UInt64) -> [Double] {
        let forest = RandomForest(inputs: inputs, outputs: outputs, treeCount: treeCount, seed: seed)
        let bounds = (0..<forest.dimension).map { j in
            (lower: inputs.map { $0[j] }.min()!, upper: inputs.map { $0[j] }.max()!)
        }
        return mainEffects(forest, bounds: bounds)
    }

    struct Leaf {
        var value: Double
        var lower: [Double]
        var upper: [Double]
        /// The leaf's share of the box's volume (dimensions of zero width count as fully covered).
        var weight: Double
    }

    /// Every leaf with its box clipped to `bounds`; empty boxes (thresholds outside the range) dropped.
    static func leafBoxes(_ tree: RandomForest.Tree, bounds: [(lower: Double, upper: Double)]) -> [Leaf] {
        var out: [Leaf] = []
        func visit(_ i: Int, _ lo: [Double], _ hi: [Double]) {
            switch tree.nodes[i] {
            case .leaf(let v):
                var w = 1.0
                for j in lo.indices {
                    let width = bounds[j].upper - bounds[j].lower
                    if width > 0 { w *= (hi[j] - lo[j]) / width }
                }
                if w > 0 { out.append(Leaf(value: v, lower: lo, upper: hi, weight: w)) }
            case .split(let f, let t, let l, let r):
                var hiL = hi, loR = lo
                hiL[f] = min(hi[f], max(lo[f], t))
                loR[f] = max(lo[f], min(hi[f], t))
                if bounds[f].upper > bounds[f].lower {
                    visit(l, lo, hiL)
                    visit(r, loR, hi)
                } else {
                    // A parameter with a single observed value: the box sits at that value.
                    visit(bounds[f].lower < t ? l : r, lo, hi)
                }
            }
        }
        visit(0, bounds.map(\.lower), bounds.map(\.upper))
        return out
    }

    /// Variance over `feature` of the tree's marginal in it: the marginal is constant between
    /// consecutive leaf edges, and there equals the volume-weighted mean of the leaves spanning it.
    static func marginalVariance(_ leaves: [Leaf], feature j: Int, bounds: (lower: Double, upper: Double),
                                 mean: Double) -> Double {
        let width = bounds.upper - bounds.lower
        guard width > 0 else { return 0 }
        let edges = Set(leaves.flatMap { [$0.lower[j], $0.upper[j]] }).sorted()
        var variance = 0.0
        for k in 0..<(edges.count - 1) {
            let a = edges[k], b = edges[k + 1]
            guard b > a else { continue }
            let mid = (a + b) / 2
            var value = 0.0
            for leaf in leaves where leaf.lower[j] <= mid && mid < leaf.upper[j] {
                // The leaf's weight in the other dimensions: its total weight without its own width.
                value += leaf.value * leaf.weight * width / (leaf.upper[j] - leaf.lower[j])
            }
            variance += (b - a) / width * (value - mean) * (value - mean)
        }
        return variance
    }
}
