import Kernels

extension Tensor {
    /// The sub-tensor keeping only the listed indices along dimensions 0 and 1 (nil keeps all),
    /// in the listed order. Thinning uses it for weights, batch-norm vectors, pruning masks and
    /// momentum buffers alike, so all of them are cut by the same rule.
    /// - Complexity: O(count of the result).
    public func selecting(dim0: [Int]?, dim1: [Int]?) -> Tensor {
        precondition(!shape.isEmpty && (dim1 == nil || shape.count >= 2), "cannot select dim 1 of shape \(shape)")
        let rows = dim0 ?? Array(0..<shape[0])
        let columns = shape.count >= 2 ? (dim1 ?? Array(0..<shape[1])) : [0]
        let inner = shape.count > 2 ? shape[2...].reduce(1, *) : 1
        let columnCount = shape.count >= 2 ? shape[1] : 1
        precondition(rows.allSatisfy { (0..<shape[0]).contains($0) } && columns.allSatisfy { (0..<columnCount).contains($0) },
                     "selected indices out of range for shape \(shape)")
        var out = [Float]()
        out.reserveCapacity(rows.count * columns.count * inner)
        data.withUnsafeBufferPointer { values in
            for r in rows {
                for c in columns {
                    let start = (r * columnCount + c) * inner
                    out.append(contentsOf: values[start..<(start + inner)])
                }
            }
        }
        var newShape = shape
        newShape[0] = rows.count
        if shape.count >= 2 { newShape[1] = columns.count }
        return Tensor(shape: newShape, data: out)
    }

    /// Whether slice `k` along dimension 0 (a filter, a row) or 1 (an input channel, a
    /// column) of a tensor of rank ≥ 2 (rank 1: dimension 0 only) is all zero.
    public func sliceIsZero(_ k: Int, dimension: Int) -> Bool {
        let rows = shape[0], columns = shape.count >= 2 ? shape[1] : 1
        let inner = count / (rows * columns)
        if dimension == 0 {
            return data[(k * columns * inner)..<((k + 1) * columns * inner)].allSatisfy { $0 == 0 }
        }
        for r in 0..<rows {
            let start = (r * columns + k) * inner
            if !data[start..<(start + inner)].allSatisfy({ $0 == 0 }) { return false }
        }
        return true
    }
}
