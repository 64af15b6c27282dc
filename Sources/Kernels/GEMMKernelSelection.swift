
/// Which micro-kernel `gemm` runs. On an AVX-512 CPU (`CPUFeatures.hasAVX512`, which
/// `SHEARS_AVX512=0` turns off) the 4×48 SIMD16 kernel, else the 4×24 AVX2 one (the
/// portable 4×16 off x86). Both give every element of C the same operations in the same
/// order, so the choice changes speed, never bits.
public enum GEMMKernelSelection {
    /// False inside `withoutAVX512GEMM`; task-local, so concurrent tests cannot see each other's.
    @TaskLocal static var allowsAVX512 = true

    /// Whether a `gemm` called here would use the AVX-512 micro-kernel.
    public static var usesAVX512: Bool {
        #if arch(x86_64)
        CPUFeatures.hasAVX512 && allowsAVX512
        #else
        false
        #endif
    }

    /// Runs `body` with `gemm` on the AVX2 (or portable) micro-kernel even on an AVX-512 CPU:
    /// what the bit-identity tests compare the AVX-512 path against.
    public static func withoutAVX512<T>(_ body: () throws -> T) rethrows -> T {
        try $allowsAVX512.withValue(false, operation: body)
    }
}
