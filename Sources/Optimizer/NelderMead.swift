
/// Derivative-free local maximisation (Nelder and Mead, 1965) with the standard coefficients
/// (reflection 1, expansion 2, contraction ½, shrink ½). Used to polish acquisition candidates,
/// where the surface has kinks (rounded integers, one-hot categoricals) that defeat gradients.
struct NelderMead {
    var maxEvaluations: Int
    /// Edge of the initial simplex along each axis.
    var initialStep = 0.05

    func maximize(start: [Double], _ f: ([Double]) -> Double) -> (point: [Double], value: Double) {
        let n = start.count
        var evaluations = 0
        func value(_ x: [Double]) -> Double {
            evaluations += 1
            let v = f(x)
            return v.isNaN ? -.infinity : v
        }
        // Vertices step inwards from a cube face so the simplex is not flattened by clamping.
        var simplex: [(x: [Double], v: Double)] = [(start, value(start))]
        for i in 0..<n {
            var x = start
            x[i] += x[i] + initialStep <= 1 ? initialStep : -initialStep
            simplex.append((x, value(x)))
        }
        while evaluations < maxEvaluations {
            simplex.sort { $0.v > $1.v }
            let worst = simplex[n]
            var centroid = [Double](repeating: 0, count: n)
            for k in 0..<n { for i in 0..<n { centroid[i] += simplex[k].x[i] / Double(n) } }
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (centroid[$0] - worst.x[$0]) } }

            let reflected = along(1), vr = value(reflected)
            if vr > simplex[0].v {
                let expanded = along(2), ve = value(expanded)
                simplex[n] = ve > vr ? (expanded, ve) : (reflected, vr)
            } else if vr > simplex[n - 1].v {
                simplex[n] = (reflected, vr)
            } else {
                let contracted = vr > worst.v ? along(0.5) : along(-0.5)
                let vc = value(contracted)
                if vc > max(vr, worst.v) {
                    simplex[n] = (contracted, vc)
                } else {
                    let bestX = simplex[0].x
                    for k in 1...n {
                        let x = (0..<n).map { bestX[$0] + 0.5 * (simplex[k].x[$0] - bestX[$0]) }
                        simplex[k] = (x, value(x))
                    }
                }
            }
            // A collapsed simplex cannot move any further.
            var spread = 0.0
            for k in 1...n { for i in 0..<n { spread = max(spread, abs(simplex[k].x[i] - simplex[0].x[i])) } }
            if spread < 1e-7 { break }
        }
        let best = simplex.max { $0.v < $1.v }!
        return (best.x, best.v)
    }
}
