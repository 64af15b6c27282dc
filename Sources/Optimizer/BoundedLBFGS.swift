
/// Minimises a smooth function inside a box with limited-memory BFGS directions, projection onto
/// the box and a backtracking (Armijo) line search along the projected path.
///
/// Variables sitting on a bound with the gradient pushing outwards are held fixed for the
/// direction, which is the essence of L-BFGS-B without its Cauchy-point machinery; for the
/// handful of log-hyperparameters of a Gaussian process that is enough, and a direction that
/// stops descending falls back to the projected steepest descent with the memory cleared.
struct BoundedLBFGS {
    var memory = 7
    var maxIterations = 60
    /// Stop when the projected gradient's largest component is below this.
    var gradientTolerance = 1e-5
    /// Stop when an accepted step improves the value by less than this, relative to |f| + 1.
    var relativeImprovement = 1e-9

    /// `objective` returns value and gradient, or nil where it cannot be evaluated (then the
    /// line search shortens the step). Returns the best point visited and its value, or nil when
    /// even the start cannot be evaluated.
    func minimize(start: [Double], lower: [Double], upper: [Double],
                  objective: ([Double]) -> (value: Double, gradient: [Double])?) -> (x: [Double], value: Double)? {
        let n = start.count
        func project(_ x: [Double]) -> [Double] { (0..<n).map { min(max(x[$0], lower[$0]), upper[$0]) } }
        var x = project(start)
        guard var (fx, g) = objective(x) else { return nil }
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []

        for _ in 0..<maxIterations {
            // Variables pinned at a bound by the gradient do not move this iteration.
            let pinned = (0..<n).map { i in (x[i] <= lower[i] && g[i] > 0) || (x[i] >= upper[i] && g[i] < 0) }
            var largest = 0.0
            for i in 0..<n where !pinned[i] { largest = max(largest, abs(g[i])) }
            if largest < gradientTolerance { break }

            var direction = twoLoop(gradient: g, s: sHistory, y: yHistory, rho: rhoHistory)
            for i in 0..<n where pinned[i] { direction[i] = 0 }
            var slope = zip(direction, g).reduce(0) { $0 + $1.0 * $1.1 }
            if !(slope < 0) || sHistory.isEmpty {
                // Projected steepest descent, scaled so the first step moves at most one unit.
                let scale = sHistory.isEmpty ? 1 / max(1, largest) : 1
                direction = (0..<n).map { pinned[$0] ? 0 : -g[$0] * scale }
                slope = zip(direction, g).reduce(0) { $0 + $1.0 * $1.1 }
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
            }

            // Backtracking along the projected path x(t) = P(x + t·d).
            var t = 1.0
            var accepted: (x: [Double], value: Double, gradient: [Double])?
            for _ in 0..<30 {
                let candidate = project((0..<n).map { x[$0] + t * direction[$0] })
                var decrease = 0.0
                for i in 0..<n { decrease += g[i] * (candidate[i] - x[i]) }
                if let (fc, gc) = objective(candidate), fc.isFinite, fc <= fx + 1e-4 * decrease {
                    accepted = (candidate, fc, gc)
                    break
                }
                t *= 0.5
            }
            guard let step = accepted else {
                if sHistory.isEmpty { break }
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                continue
            }
            let s = (0..<n).map { step.x[$0] - x[$0] }
            let y = (0..<n).map { step.gradient[$0] - g[$0] }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if sy > 1e-10 {
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
                if sHistory.count > memory {
                    sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst()
                }
            }
            let improvement = fx - step.value
            x = step.x; fx = step.value; g = step.gradient
            if improvement < relativeImprovement * (abs(fx) + 1) { break }
        }
        return (x, fx)
    }

    /// −H·g by the standard two-loop recursion (Nocedal and Wright, Algorithm 7.4).
    private func twoLoop(gradient g: [Double], s: [[Double]], y: [[Double]], rho: [Double]) -> [Double] {
        var q = g
        var alphas = [Double](repeating: 0, count: s.count)
        for k in stride(from: s.count - 1, through: 0, by: -1) {
            let a = rho[k] * zip(s[k], q).reduce(0) { $0 + $1.0 * $1.1 }
            alphas[k] = a
            for i in q.indices { q[i] -= a * y[k][i] }
        }
        if let sl = s.last, let yl = y.last {
            let gamma = zip(sl, yl).reduce(0) { $0 + $1.0 * $1.1 } / yl.reduce(0) { $0 + $1 * $1 }
            for i in q.indices { q[i] *= gamma }
        }
        for k in 0..<s.count {
            let b = rho[k] * zip(y[k], q).reduce(0) { $0 + $1.0 * $1.1 }
            for i in q.indices { q[i] += s[k][i] * (alphas[k] - b) }
        }
        return q.map { -$0 }
    }
}
