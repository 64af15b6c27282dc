
// Float reductions the compiler will not vectorise on its own (it may not reassociate float
// additions), written with eight SIMD8 lanes summed in a fixed order so results are
// deterministic. Used by batch-norm, pooling and the bias gradients.

/// Σ x[i] for i in 0..<count.
/// - Complexity: O(count); allocates nothing.
@inline(__always)
func simdSum(_ x: UnsafePointer<Float>, _ count: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        acc += UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self)
        i += 8
    }
    var s = acc.sum()
    while i < count { s += x[i]; i += 1 }
    return s
}

/// Σ (x[i] − shift)² for i in 0..<count: the second pass of a two-pass variance.
/// - Complexity: O(count); allocates nothing.
@inline(__always)
func simdSumSquaredDeviation(_ x: UnsafePointer<Float>, _ count: Int, shift: Float) -> Float {
    var acc = SIMD8<Float>()
    let m = SIMD8<Float>(repeating: shift)
    var i = 0
    while i + 8 <= count {
        let d = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Float>.self) - m
        acc.addProduct(d, d)
        i += 8
    }
    var s = acc.sum()
    while i < count { let d = x[i] - shift; s += d * d; i += 1 }
    return s
}

/// Σ a[i]·(b[i] − shift) for i in 0..<count: batch-norm backward's Σ dy·(x − mean).
/// - Complexity: O(count); allocates nothing.
@inline(__always)
func simdDotShifted(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int, shift: Float) -> Float {
    var acc = SIMD8<Float>()
    let m = SIMD8<Float>(repeating: shift)
    var i = 0
    while i + 8 <= count {
        let av = UnsafeRawPointer(a + i).loadUnaligned(as: SIMD8<Float>.self)
        let bv = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD8<Float>.self)
        acc.addProduct(av, bv - m)
        i += 8
    }
    var s = acc.sum()
    while i < count { s += a[i] * (b[i] - shift); i += 1 }
    return s
}
