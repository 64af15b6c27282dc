import Kernels

/// The rankings Distiller's magnitude pruners use, with exact counts: a target sparsity s of
/// n elements (or structures) prunes ⌊s·n⌋ of them, as Distiller's `int(s * n)`. Distiller
/// thresholds at the k-th smallest magnitude and so also prunes every tie of it; Shears breaks
/// ties by index (lower first), so the achieved sparsity is exactly the target's count.
public enum MagnitudeRanking {
    /// Distiller's `l1_magnitude`: the mean absolute value of each slice along `dimension`
    /// (0: filters of a `[K, C, R, S]` weight or rows of `[out, in]`; 1: channels or columns).
    public static func meanL1(_ t: Tensor, dimension: Int) -> [Double] {
        precondition(dimension == 0 || (dimension == 1 && t.shape.count >= 2), "no dimension \(dimension) in \(t.shape)")
        let rows = t.shape[0], columns = t.shape.count >= 2 ? t.shape[1] : 1
        let inner = t.count / (rows * columns)
        var sums = [Double](repeating: 0, count: dimension == 0 ? rows : columns)
        t.data.withUnsafeBufferPointer { v in
            for r in 0..<rows {
                for c in 0..<columns {
                    var s: Float = 0
                    let start = (r * columns + c) * inner
                    for i in start..<(start + inner) { s += abs(v[i]) }
                    sums[dimension == 0 ? r : c] += Double(s)
                }
            }
        }
        let perSlice = Double(t.count / sums.count)
        return sums.map { $0 / perSlice }
    }

    /// How many of `count` things a sparsity prunes.
    public static func prunedCount(_ sparsity: Double, of count: Int) -> Int {
        min(count, max(0, Int((sparsity * Double(count)).rounded(.down))))
    }

    /// The same when the kept number must be a multiple of `multiple` (`round_to`): the exact
    /// kept count rounded to the nearest multiple (halves up), at least one multiple, at most
    /// all. A unit narrower than one multiple is therefore never pruned.
    public static func prunedCount(_ sparsity: Double, of count: Int, keepingMultipleOf multiple: Int) -> Int {
        let exact = prunedCount(sparsity, of: count)
        guard multiple > 1 else { return exact }
        let blocks = (Double(count - exact) / Double(multiple)).rounded(.toNearestOrAwayFromZero)
        return count - min(count, max(1, Int(blocks)) * multiple)
    }

    /// Keep flags: the `k` smallest magnitudes are dropped (ties by lower index first).
    public static func keepFlags(magnitudes: [Double], pruning k: Int) -> [Bool] {
        var keep = [Bool](repeating: true, count: magnitudes.count)
        let order = magnitudes.indices.sorted { (magnitudes[$0], $0) < (magnitudes[$1], $1) }
        for i in order.prefix(k) { keep[i] = false }
        return keep
    }

    /// A fine-grained 0/1 mask zeroing the ⌊s·n⌋ smallest |values|.
    public static func elementMask(_ values: [Float], sparsity: Double) -> [Float] {
        elementMask(values, pruning: prunedCount(sparsity, of: values.count))
    }

    /// A fine-grained 0/1 mask zeroing the `k` smallest |values| (ties by lower index first).
    public static func elementMask(_ values: [Float], pruning k: Int) -> [Float] {
        var mask = [Float](repeating: 1, count: values.count)
        let order = values.indices.sorted { (abs(values[$0]), $0) < (abs(values[$1]), $1) }
        for i in order.prefix(k) { mask[i] = 0 }
        return mask
    }
}
