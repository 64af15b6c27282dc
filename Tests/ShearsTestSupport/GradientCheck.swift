
/// Central finite differences of a scalar loss with respect to chosen entries of `values`:
/// (L(x + ε) − L(x − ε)) / 2ε per entry. The loss is a Double so the subtraction does not
/// lose the few significant digits a float32 forward pass leaves.
/// - Parameters:
///   - indices: which entries to perturb (all when nil).
///   - loss: evaluates the loss with `values` replaced by the perturbed copy.
public func numericalGradient(of values: [Float], at indices: [Int]? = nil, epsilon: Float = 1e-2,
                              loss: ([Float]) -> Double) -> [Float] {
    let chosen = indices ?? Array(values.indices)
    var x = values
    var gradient = [Float](repeating: 0, count: chosen.count)
    for (j, i) in chosen.enumerated() {
        let original = x[i]
        x[i] = original + epsilon
        let plus = loss(x)
        x[i] = original - epsilon
        let minus = loss(x)
        x[i] = original
        gradient[j] = Float((plus - minus) / (2 * Double(epsilon)))
    }
    return gradient
}

/// Σ a[i]·b[i] in Double: the scalar loss L = ⟨output, G⟩ whose gradient w.r.t. the output is G.
public func dotDouble(_ a: [Float], _ b: [Float]) -> Double {
    precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
    var s: Double = 0
    for i in a.indices { s += Double(a[i]) * Double(b[i]) }
    return s
}

/// Largest |a − b| / max(1, |b|): for gradients whose magnitudes vary across entries.
public func maxScaledDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
    var m: Float = 0
    for i in a.indices { m = max(m, abs(a[i] - b[i]) / max(1, abs(b[i]))) }
    return m
}
