// Packing copies a block of op(A) or op(B) into the exact order the micro-kernel reads it:
// contiguous, aligned, zero-padded micro-panels. The copy costs O(block) and buys
// unit-stride loads in the O(M·N·K) loop, freedom from TLB misses and cache-set conflicts
// at large leading dimensions (ResNet's im2col B has rows 512 KiB apart), and one code
// path for all four transpose combinations: only the packing routines see `trans`.

/// A read-only matrix view with arbitrary row and column strides, so `op(X)` for a
/// row-major `X` is the same type whether or not it is transposed.
struct StridedMatrix {
    let base: UnsafePointer<Float>
    let rowStride: Int
    let columnStride: Int

    /// `op(X)` for row-major `X` with leading dimension `ld`.
    init(_ base: UnsafePointer<Float>, ld: Int, transposed: Bool) {
        self.base = base
        rowStride = transposed ? 1 : ld
        columnStride = transposed ? ld : 1
    }

    @inline(__always)
    func pointer(row: Int, column: Int) -> UnsafePointer<Float> {
        base + row * rowStride + column * columnStride
    }
}

/// Packs `op(A)[rows, depth]` into `mr`-row micro-panels: panel `q` starts at
/// `dst + q·mr·depth.count` and holds element `(rows.lowerBound + q·mr + r, depth.lowerBound + p)`
/// at `[p·mr + r]`; rows past the end are zero, so the kernel never branches on edges.
/// - Complexity: O(rows·depth); allocates nothing.
func packA(_ a: StridedMatrix, rows: Range<Int>, depth: Range<Int>, mr: Int,
           into dst: UnsafeMutablePointer<Float>) {
    let kc = depth.count
    var out = dst
    for i0 in stride(from: rows.lowerBound, to: rows.upperBound, by: mr) {
        let height = min(mr, rows.upperBound - i0)
        if a.rowStride == 1 && height == mr {
            // op(A) columns are contiguous (A transposed): copy mr floats per step of k.
            for p in 0..<kc {
                let src = a.pointer(row: i0, column: depth.lowerBound + p)
                for r in 0..<mr { out[p * mr + r] = src[r] }
            }
        } else {
            for r in 0..<mr {
                if r < height {
                    let src = a.pointer(row: i0 + r, column: depth.lowerBound)
                    let step = a.columnStride
                    for p in 0..<kc { out[p * mr + r] = src[p * step] }
                } else {
                    for p in 0..<kc { out[p * mr + r] = 0 }
                }
            }
        }
        out += mr * kc
    }
}

/// Packs `op(B)[depth, columns]` into `nr`-column micro-panels: panel `q` starts at
/// `dst + q·nr·depth.count` and holds element `(depth.lowerBound + p, columns.lowerBound + q·nr + j)`
/// at `[p·nr + j]`; columns past the end are zero. `nr` must be a multiple of 8.
/// - Complexity: O(depth·columns); allocates nothing.
func packB(_ b: StridedMatrix, depth: Range<Int>, columns: Range<Int>, nr: Int,
           into dst: UnsafeMutablePointer<Float>) {
    assert(nr % 8 == 0)
    let kc = depth.count
    let fullPanels = columns.count / nr
    let tail = columns.count - fullPanels * nr
    if b.columnStride == 1 {
        // Rows of op(B) are contiguous: walk each row once, left to right, so the hardware
        // prefetcher sees one sequential stream per row, and scatter nr-wide pieces to panels.
        for p in 0..<kc {
            let src = UnsafeRawPointer(b.pointer(row: depth.lowerBound + p, column: columns.lowerBound))
            var out = UnsafeMutableRawPointer(dst + p * nr)
            for q in 0..<fullPanels {
                let from = src + q * nr * 4
                for v in stride(from: 0, to: nr * 4, by: 32) {
                    out.storeBytes(of: from.loadUnaligned(fromByteOffset: v, as: SIMD8<Float>.self),
                                   toByteOffset: v, as: SIMD8<Float>.self)
                }
                out += nr * kc * 4
            }
            if tail > 0 {
                let from = src.assumingMemoryBound(to: Float.self) + fullPanels * nr
                let to = out.assumingMemoryBound(to: Float.self)
                for j in 0..<nr { to[j] = j < tail ? from[j] : 0 }
            }
        }
    } else {
        // op(B) columns are contiguous (B transposed): read each column once down k.
        for q in 0...fullPanels where q < fullPanels || tail > 0 {
            let out = dst + q * nr * kc
            let width = q < fullPanels ? nr : tail
            for j in 0..<nr {
                if j < width {
                    let src = b.pointer(row: depth.lowerBound, column: columns.lowerBound + q * nr + j)
                    let step = b.rowStride
                    for p in 0..<kc { out[p * nr + j] = src[p * step] }
                } else {
                    for p in 0..<kc { out[p * nr + j] = 0 }
                }
            }
        }
    }
}
