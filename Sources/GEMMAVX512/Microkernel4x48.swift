
// The AVX-512 GEMM micro-kernel for Kernels' `gemm` (training's convolutions), in a module of
// its own because it must be compiled with `-target-cpu znver4` (Package.swift) while Kernels
// is compiled for the x86-64-v3 baseline. Kernels calls it only after `CPUFeatures.hasAVX512`.
//
// Shape 4×48: twelve SIMD16 accumulators (4 rows × 3 zmm vectors), per step of K three B
// loads and four broadcasts for 12 FMAs — the AVX2 kernel's 4×24 with every vector twice as
// wide. It computes each element of C with exactly the AVX2 kernel's operations: an FMA chain
// over the packed depth in order, from zero, then the same store rule (`update` below mirrors
// Kernels' `updateVector` lane for lane). Only which elements share a call differs, so results
// are bit-identical to the AVX2 path (tested in KernelsTests/GEMMAVX512Tests).

/// `C[0..<4, 0..<48] = alpha · Ã · B̃ + beta · C` where `Ã` is `k` columns of 4 values
/// (`a[p·4 + i]`) and `B̃` is `k` rows of 48 values (`b[p·48 + j]`). `beta == 0` never reads C.
/// Never inlined: its body must stay in this znver4-compiled module, and the call costs a few
/// nanoseconds against 4·48·k FMAs.
/// - Complexity: O(k); allocates nothing.
@inline(never)
public func avx512Microkernel4x48(k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                                  c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
    var c00 = SIMD16<Float>(), c01 = SIMD16<Float>(), c02 = SIMD16<Float>()
    var c10 = SIMD16<Float>(), c11 = SIMD16<Float>(), c12 = SIMD16<Float>()
    var c20 = SIMD16<Float>(), c21 = SIMD16<Float>(), c22 = SIMD16<Float>()
    var c30 = SIMD16<Float>(), c31 = SIMD16<Float>(), c32 = SIMD16<Float>()
    var pa = a
    var pb = UnsafeRawPointer(b)
    for _ in 0..<k {
        let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
        let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
        let b2 = pb.loadUnaligned(fromByteOffset: 128, as: SIMD16<Float>.self)
        let a0 = SIMD16<Float>(repeating: pa[0])
        c00.addProduct(a0, b0); c01.addProduct(a0, b1); c02.addProduct(a0, b2)
        let a1 = SIMD16<Float>(repeating: pa[1])
        c10.addProduct(a1, b0); c11.addProduct(a1, b1); c12.addProduct(a1, b2)
        let a2 = SIMD16<Float>(repeating: pa[2])
        c20.addProduct(a2, b0); c21.addProduct(a2, b1); c22.addProduct(a2, b2)
        let a3 = SIMD16<Float>(repeating: pa[3])
        c30.addProduct(a3, b0); c31.addProduct(a3, b1); c32.addProduct(a3, b2)
        pa += 4
        pb += 192
    }
    let row0 = UnsafeMutableRawPointer(c), row1 = UnsafeMutableRawPointer(c + ldc)
    let row2 = UnsafeMutableRawPointer(c + 2 * ldc), row3 = UnsafeMutableRawPointer(c + 3 * ldc)
    updateRow(row0, c00, c01, c02, alpha: alpha, beta: beta)
    updateRow(row1, c10, c11, c12, alpha: alpha, beta: beta)
    updateRow(row2, c20, c21, c22, alpha: alpha, beta: beta)
    updateRow(row3, c30, c31, c32, alpha: alpha, beta: beta)
}

/// One 48-float row of the tile.
@inline(__always)
private func updateRow(_ row: UnsafeMutableRawPointer, _ x0: SIMD16<Float>, _ x1: SIMD16<Float>,
                       _ x2: SIMD16<Float>, alpha: Float, beta: Float) {
    update(row, x0, alpha: alpha, beta: beta)
    update(row + 64, x1, alpha: alpha, beta: beta)
    update(row + 128, x2, alpha: alpha, beta: beta)
}

/// `p[0..<16] = alpha · x + beta · p[0..<16]`: Kernels' `updateVector` (the store rule every
/// kernel shares) on 16 lanes, operation for operation — `x·alpha` when `beta == 0` (C unread),
/// `fma(x, alpha, old)` when `beta == 1`, else `fma(x, alpha, old·beta)`.
@inline(__always)
private func update(_ p: UnsafeMutableRawPointer, _ x: SIMD16<Float>, alpha: Float, beta: Float) {
    if beta == 0 {
        p.storeBytes(of: x * alpha, as: SIMD16<Float>.self)
    } else if beta == 1 {
        let old = p.loadUnaligned(as: SIMD16<Float>.self)
        p.storeBytes(of: old.addingProduct(x, alpha), as: SIMD16<Float>.self)
    } else {
        let old = p.loadUnaligned(as: SIMD16<Float>.self) * beta
        p.storeBytes(of: old.addingProduct(x, alpha), as: SIMD16<Float>.self)
    }
}
