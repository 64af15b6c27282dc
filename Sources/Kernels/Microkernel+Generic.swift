
// The portable micro-kernel for targets without a tuned one (arm64 and others): 4×16 as
// two SIMD8 vectors per row, eight accumulators, which fits NEON's 32 registers with room
// for the B vectors. Same contract and store rule (`updateVector`) as the AVX2 kernel;
// explicit `addProduct` so the compiler emits fused multiply-adds (arm64 has FMA by default).

enum GenericMicrokernel: Microkernel {
    static var mr: Int { 4 }
    static var nr: Int { 16 }

    @inline(__always)
    static func run(k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
        var c00 = SIMD8<Float>(), c01 = SIMD8<Float>()
        var c10 = SIMD8<Float>(), c11 = SIMD8<Float>()
        var c20 = SIMD8<Float>(), c21 = SIMD8<Float>()
        var c30 = SIMD8<Float>(), c31 = SIMD8<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        for _ in 0..<k {
            let b0 = pb.loadUnaligned(as: SIMD8<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
            let a0 = SIMD8<Float>(repeating: pa[0]), a1 = SIMD8<Float>(repeating: pa[1])
            let a2 = SIMD8<Float>(repeating: pa[2]), a3 = SIMD8<Float>(repeating: pa[3])
            c00.addProduct(a0, b0); c01.addProduct(a0, b1)
            c10.addProduct(a1, b0); c11.addProduct(a1, b1)
            c20.addProduct(a2, b0); c21.addProduct(a2, b1)
            c30.addProduct(a3, b0); c31.addProduct(a3, b1)
            pa += 4
            pb += 64
        }
        let row0 = UnsafeMutableRawPointer(c), row1 = UnsafeMutableRawPointer(c + ldc)
        let row2 = UnsafeMutableRawPointer(c + 2 * ldc), row3 = UnsafeMutableRawPointer(c + 3 * ldc)
        updateVector(row0, c00, alpha: alpha, beta: beta); updateVector(row0 + 32, c01, alpha: alpha, beta: beta)
        updateVector(row1, c10, alpha: alpha, beta: beta); updateVector(row1 + 32, c11, alpha: alpha, beta: beta)
        updateVector(row2, c20, alpha: alpha, beta: beta); updateVector(row2 + 32, c21, alpha: alpha, beta: beta)
        updateVector(row3, c30, alpha: alpha, beta: beta); updateVector(row3 + 32, c31, alpha: alpha, beta: beta)
    }
}
