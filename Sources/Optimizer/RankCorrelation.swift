/// Spearman's rank correlation with tied values given their average rank (as
/// `scipy.stats.spearmanr`): the monotone association between a parameter and an objective,
/// robust to the skew of latencies and to log-scaled parameters.
public enum RankCorrelation {
    /// Average ranks, 1-based: tied values share the mean of the ranks they span.
    public static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    /// Spearman's rho of `x` and `y` (the Pearson correlation of their average ranks); nil with
    /// fewer than two pairs or when either side is constant.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        precondition(x.count == y.count, "spearman needs paired values")
        guard x.count >= 2 else { return nil }
        return pearson(ranks(x), ranks(y))
    }

    /// Pearson's correlation; nil when either side is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
