/// A seeded random forest of regression trees (CART, squared error, bootstrap samples), the
/// surrogate a parameter-importance analysis decomposes: trees are sums over axis-aligned
/// boxes, so their variance splits exactly into per-parameter parts (see `ParameterImportance`).
/// Categorical parameters are passed as category codes and split like ordered values, which is
/// the usual fANOVA approximation for small sweeps.
public struct RandomForest: Sendable {
    /// One node of a tree: a split on `feature` at `threshold` (left: value < threshold), or a leaf.
    public enum Node: Sendable {
        case leaf(value: Double)
        case split(feature: Int, threshold: Double, left: Int, right: Int)
    }

    /// A tree as a flat node list, root first.
    public struct Tree: Sendable {
        public var nodes: [Node]

        public init(nodes: [Node]) { self.nodes = nodes }

        public func predict(_ x: [Double]) -> Double {
            var i = 0
            while true {
                switch nodes[i] {
                case .leaf(let v): return v
                case .split(let f, let t, let l, let r): i = x[f] < t ? l : r
                }
            }
        }
    }

    public let trees: [Tree]
    public let dimension: Int

    /// A forest of given trees over `dimension` inputs (for analyses of hand-built trees).
    public init(trees: [Tree], dimension: Int) {
        self.trees = trees
        self.dimension = dimension
    }

    /// Fits `treeCount` trees, each on a bootstrap sample drawn from a stream of `seed`, split
    /// until a node holds fewer than `minLeaf * 2` samples or is constant. Same inputs and seed
    /// give the same forest.
    public init(inputs: [[Double]], outputs: [Double], treeCount: Int = 64, minLeaf: Int = 2, seed: UInt64) {
        precondition(!inputs.isEmpty && inputs.count == outputs.count, "a forest needs matching, non-empty inputs and outputs")
        let d = inputs[0].count
        var random = TuningRandom(seed: seed)
        var trees: [Tree] = []
        for _ in 0..<treeCount {
            let sample = (0..<inputs.count).map { _ in Int(random.next() % UInt64(inputs.count)) }
            var builder = TreeBuilder(inputs: inputs, outputs: outputs, minLeaf: max(1, minLeaf))
            _ = builder.grow(sample)
            trees.append(Tree(nodes: builder.nodes))
        }
        self.trees = trees
        dimension = d
    }

    /// The forest's prediction: the mean over trees.
    public func predict(_ x: [Double]) -> Double {
        trees.reduce(0) { $0 + $1.predict(x) } / Double(trees.count)
    }
}

/// Greedy CART growth over one bootstrap sample.
private struct TreeBuilder {
    let inputs: [[Double]]
    let outputs: [Double]
    let minLeaf: Int
    var nodes: [RandomForest.Node] = []

    init(inputs: [[Double]], outputs: [Double], minLeaf: Int) {
        self.inputs = inputs
        self.outputs = outputs
        self.minLeaf = minLeaf
    }

    /// Grows the subtree for `rows` and returns its node index.
    mutating func grow(_ rows: [Int]) -> Int {
        let index = nodes.count
        let mean = rows.reduce(0) { $0 + outputs[$1] } / Double(rows.count)
        nodes.append(.leaf(value: mean))
        guard rows.count >= 2 * minLeaf, let split = bestSplit(rows) else { return index }
        let left = rows.filter { inputs[$0][split.feature] < split.threshold }
        let right = rows.filter { inputs[$0][split.feature] >= split.threshold }
        let l = grow(left), r = grow(right)
        nodes[index] = .split(feature: split.feature, threshold: split.threshold, left: l, right: r)
        return index
    }

    /// The split that most reduces the sum of squared errors, or nil when none does (constant
    /// outputs, or no feature with two distinct values leaving `minLeaf` on each side).
    func bestSplit(_ rows: [Int]) -> (feature: Int, threshold: Double)? {
        let n = Double(rows.count)
        let total = rows.reduce(0) { $0 + outputs[$1] }
        let totalSq = rows.reduce(0) { $0 + outputs[$1] * outputs[$1] }
        let parentSSE = totalSq - total * total / n
        guard parentSSE > 1e-12 * max(1, totalSq) else { return nil }
        var best: (feature: Int, threshold: Double, sse: Double)?
        for f in 0..<inputs[0].count {
            let sorted = rows.sorted { inputs[$0][f] < inputs[$1][f] }
            var sum = 0.0, sq = 0.0
            for k in 0..<(sorted.count - 1) {
                let y = outputs[sorted[k]]
                sum += y
                sq += y * y
                let a = inputs[sorted[k]][f], b = inputs[sorted[k + 1]][f]
                let nl = Double(k + 1), nr = n - nl
                guard a < b, k + 1 >= minLeaf, sorted.count - k - 1 >= minLeaf else { continue }
                let sse = (sq - sum * sum / nl) + ((totalSq - sq) - (total - sum) * (total - sum) / nr)
                if sse < (best?.sse ?? parentSSE - 1e-12 * max(1, totalSq)) { best = (f, (a + b) / 2, sse) }
            }
        }
        return best.map { ($0.feature, $0.threshold) }
    }
}
