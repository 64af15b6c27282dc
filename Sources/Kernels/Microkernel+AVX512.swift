// The AVX-512 micro-kernel (4×48, SIMD16) for CPUs with AVX-512 (this machine's Zen 5).
// Its body lives in the GEMMAVX512 module, compiled for znver4; this conformance only
// forwards, so the code compiled here (for x86-64-v3) contains no AVX-512 instruction.
// `gemm` picks it after `CPUFeatures.hasAVX512` (see `GEMMKernelSelection.swift`).

#if arch(x86_64)
import GEMMAVX512

enum AVX512Microkernel: Microkernel {
    static var mr: Int { 4 }
    static var nr: Int { 48 }

    @inline(__always)
    static func run(k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float) {
        avx512Microkernel4x48(k: k, a: a, b: b, c: c, ldc: ldc, alpha: alpha, beta: beta)
    }
}
#endif
