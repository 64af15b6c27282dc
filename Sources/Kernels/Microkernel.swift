
/// The register-blocked heart of GEMM (BLIS terminology): it multiplies one packed
/// `mr`-row micro-panel of A by one packed `nr`-column micro-panel of B and updates an
/// `mr × nr` tile of C, keeping the whole tile in registers for the entire K loop.
/// Everything else in `gemm` exists to feed it contiguous, cache-resident panels.
///
/// Each instruction set gets its own conformance in `Microkernel+<ISA>.swift`; the
/// blocked driver is generic over this protocol, so swapping kernels changes no loop.
protocol Microkernel {
    /// Rows of C computed per call (the height of a packed A micro-panel).
    static var mr: Int { get }
    /// Columns of C computed per call (the width of a packed B micro-panel).
    static var nr: Int { get }

    /// `C[0..<mr, 0..<nr] = alpha · Ã · B̃ + beta · C` where `Ã` is `k` columns of `mr`
    /// values (`a[p·mr + i]`) and `B̃` is `k` rows of `nr` values (`b[p·nr + j]`), both
    /// 32-byte aligned. `beta == 0` never reads C, so garbage (NaN) in C is ignored.
    /// - Complexity: O(mr·nr·k); allocates nothing.
    static func run(k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, alpha: Float, beta: Float)
}

/// `p[0..<8] = alpha · x + beta · p[0..<8]`, the one store rule every kernel and edge path
/// shares, so a C element gets bit-identical arithmetic wherever its tile falls.
@inline(__always)
func updateVector(_ p: UnsafeMutableRawPointer, _ x: SIMD8<Float>, alpha: Float, beta: Float) {
    if beta == 0 {
        p.storeBytes(of: x * alpha, as: SIMD8<Float>.self)
    } else if beta == 1 {
        let old = p.loadUnaligned(as: SIMD8<Float>.self)
        p.storeBytes(of: old.addingProduct(x, alpha), as: SIMD8<Float>.self)
    } else {
        let old = p.loadUnaligned(as: SIMD8<Float>.self) * beta
        p.storeBytes(of: old.addingProduct(x, alpha), as: SIMD8<Float>.self)
    }
}

/// The kernel `gemm` uses on this machine.
#if arch(x86_64)
typealias SelectedMicrokernel = AVX2Microkernel
#else
typealias SelectedMicrokernel = GenericMicrokernel
#endif
