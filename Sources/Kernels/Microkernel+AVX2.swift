
// The x86-64 micro-kernel: AVX2 + FMA, 16 ymm registers.
//
// Shape 4×24: twelve SIMD8 accumulators (4 rows × 3 vectors) stay in registers, and each
// step of K loads three B vectors and broadcasts four A values: 7 loads per 12 FMAs, with
// 12 independent FMA chains to cover the 5-cycle FMA latency on two pipes. Rows come in
// fours because ResNet's GEMMs have M = 16, 32, 64 (a 6-row kernel would waste a third of
// its last panel at M = 16); see Sources/Kernels/README.md for the 6×16 comparison.
//
// Every multiply-add is an explicit `addProduct` (fused multiply-add). Measured here, a
// SIMD8 micro-kernel runs at 0.7 GFLOP/s without an FMA target (addProduct becomes per-lane
// library calls) and 93 GFLOP/s with `-target-cpu haswell`, which Package.swift passes to
// this module; writing `c += a * b` instead gives 45 GFLOP/s because Swift does not fuse it.

#if arch(x86_64)
enum AVX2Microkernel: Microkernel {
    static var mr: Int { 4 }
    static var nr: Int { 24 }

    @inline(__always)
    static func run(k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>(), c02 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>(), c12 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>(), c22 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>(), c32 = SIMD8<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<k {
            let b0 = pb.loadUnaligned(as: SIMD8<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            let b2 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
            let a0 = SIMD8<Float>(repeating: pa[0])
            c00.addProduct(a0, b0); c01.addProduct(a0, b1); c02.addProduct(a0, b2)
            let a1 = SIMD8<Float>(repeating: pa[1])
            c10.addProduct(a1, b0); c11.addProduct(a1, b1); c12.addProduct(a1, b2)
            let a2 = SIMD8<Float>(repeating: pa[2])
            c20.addProduct(a2, b0); c21.addProduct(a2, b1); c22.addProduct(a2, b2)
            let a3 = SIMD8<Float>(repeating: pa[3])
            c30.addProduct(a3, b0); c31.addProduct(a3, b1); c32.addProduct(a3, b2)
            pa += 4
            pb += 96
        }
        let row0 = UnsafeMutableRawPointer(c), row1 = UnsafeMutableRawPointer(c + ldc)
        let row2 = UnsafeMutableRawPointer(c + 2 * ldc), row3 = UnsafeMutableRawPointer(c + 3 * ldc)
        update(row0, c00, c01, c02, alpha: alpha, beta: beta)
        update(row1, c10, c11, c12, alpha: alpha, beta: beta)
        update(row2, c20, c21, c22, alpha: alpha, beta: beta)
        update(row3, c30, c31, c32, alpha: alpha, beta: beta)
    }

    /// Writes one 24-float row of the tile: `alpha · acc + beta · C`, C unread when `beta == 0`.
    @inline(__always)
    private static func update(_ row: UnsafeMutableRawPointer, _ x0: SIMD8<Float>, _ x1: SIMD8<Float>,
                               _ x2: SIMD8<Float>, alpha: Float, beta: Float) {
        updateVector(row, x0, alpha: alpha, beta: beta)
        updateVector(row + 32, x1, alpha: alpha, beta: beta)
        updateVector(row + 64, x2, alpha: alpha, beta: beta)
    }
}

#endif
