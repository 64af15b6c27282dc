
// N batch, C in-channels, K out-channels, H×W input, R×S filter, P×Q output.
//
// The im2col matrix of a chunk of B images has C·R·S rows and B·P·Q columns: row (c, r, s),
// column (b, p, q) holds input[n0 + b, c, p·stride − pad + r, q·stride − pad + s], or 0 in
// the padding. Convolution is then one GEMM per chunk: weight[K, C·R·S] · col.

/// Unfolds images `firstImage ..< firstImage + images` of `input` into `col`
/// ([C·R·S, images·P·Q], row stride images·P·Q), zeros included.
/// Parallel over (image, channel) pairs, each of which owns R·S rows' worth of its columns.
/// Public for inference engines that keep their own column buffer (Bench's native backend).
/// - Complexity: O(images·C·R·S·P·Q); allocates nothing.
public func im2col(_ g: Conv2DGeometry, input: UnsafePointer<Float>, firstImage: Int, images: Int,
            col: UnsafeMutablePointer<Float>) {
    let (C, H, W, R, S) = (g.inChannels, g.height, g.width, g.kernelHeight, g.kernelWidth)
    let (P, Q, stride, pad) = (g.outHeight, g.outWidth, g.stride, g.padding)
    let ld = images * P * Q
    let planeSize = H * W
    parallelRanges(images * C, grain: max(1, 4096 / max(R * S * P * Q, 1))) { range in
        for task in range {
            let b = task / C, c = task % C
            let plane = input + ((firstImage + b) * C + c) * planeSize
            for r in 0..<R {
                for s in 0..<S {
                    let row = col + ((c * R + r) * S + s) * ld + b * P * Q
                    let (qLo, qHi) = validColumns(Q: Q, W: W, stride: stride, pad: pad, offset: s)
                    if g.isSamePadded {
                        // The (r, s) row is the plane shifted by (r − pad)·W + (s − pad): one long
                        // copy, then the padding (whole rows above/below, one column at the sides).
                        // On a plane narrower than the shift (1×1, 1×W) the whole row is padding.
                        let (pLo, pHi) = validRows(P: P, H: H, pad: pad, offset: r)
                        let shift = (r - pad) * W + (s - pad)
                        let i0 = min(max(pLo * Q, -shift), P * Q), i1 = max(i0, min(pHi * Q, planeSize - shift))
                        row.update(repeating: 0, count: i0)
                        (row + i0).update(from: plane + (i0 + shift), count: i1 - i0)
                        (row + i1).update(repeating: 0, count: P * Q - i1)
                        for p in pLo..<pHi {
                            for q in 0..<qLo { row[p * Q + q] = 0 }
                            for q in qHi..<Q { row[p * Q + q] = 0 }
                        }
                        continue
                    }
                    for p in 0..<P {
                        let dst = row + p * Q
                        let h = p * stride - pad + r
                        if h < 0 || h >= H {
                            dst.update(repeating: 0, count: Q)
                            continue
                        }
                        let src = plane + h * W
                        if qLo > 0 { dst.update(repeating: 0, count: qLo) }
                        if stride == 1 {
                            dst.advanced(by: qLo).update(from: src + (qLo - pad + s), count: qHi - qLo)
                        } else {
                            var q = qLo
                            while q < qHi { dst[q] = src[q * stride - pad + s]; q += 1 }
                        }
                        if qHi < Q { dst.advanced(by: qHi).update(repeating: 0, count: Q - qHi) }
                    }
                }
            }
        }
    }
}

/// Folds `col` (laid out as `im2col` writes it) back onto images
/// `firstImage ..< firstImage + images` of `dInput`, summing overlapping patches:
/// the adjoint of `im2col`, which is what backward-data needs. `col` is scratch: entries that
/// correspond to padding may be overwritten with zeros. Each (image, channel) plane
/// is overwritten, then accumulated in a fixed (r, s, p, q) order, so the result is
/// deterministic.
/// - Complexity: O(images·C·R·S·P·Q); allocates nothing.
func col2im(_ g: Conv2DGeometry, col: UnsafeMutablePointer<Float>, firstImage: Int, images: Int,
            dInput: UnsafeMutablePointer<Float>) {
    let (C, H, W, R, S) = (g.inChannels, g.height, g.width, g.kernelHeight, g.kernelWidth)
    let (P, Q, stride, pad) = (g.outHeight, g.outWidth, g.stride, g.padding)
    let ld = images * P * Q
    let planeSize = H * W
    parallelRanges(images * C, grain: max(1, 4096 / max(R * S * P * Q, 1))) { range in
        for task in range {
            let b = task / C, c = task % C
            let plane = dInput + ((firstImage + b) * C + c) * planeSize
            plane.update(repeating: 0, count: planeSize)
            for r in 0..<R {
                for s in 0..<S {
                    let row = col + ((c * R + r) * S + s) * ld + b * P * Q
                    let (qLo, qHi) = validColumns(Q: Q, W: W, stride: stride, pad: pad, offset: s)
                    if g.isSamePadded {
                        // Zero the entries that fell on padding (they would wrap into the next
                        // row), then add the whole shifted row in one contiguous pass.
                        let (pLo, pHi) = validRows(P: P, H: H, pad: pad, offset: r)
                        for p in pLo..<pHi {
                            for q in 0..<qLo { row[p * Q + q] = 0 }
                            for q in qHi..<Q { row[p * Q + q] = 0 }
                        }
                        let shift = (r - pad) * W + (s - pad)
                        let i0 = max(pLo * Q, -shift), i1 = min(pHi * Q, planeSize - shift)
                        let target = plane + shift
                        var i = i0
                        while i < i1 { target[i] += row[i]; i += 1 }
                        continue
                    }
                    for p in 0..<P {
                        let h = p * stride - pad + r
                        if h < 0 || h >= H { continue }
                        let src = row + p * Q
                        let dst = plane + h * W
                        if stride == 1 {
                            // Contiguous on both sides: the compiler vectorises this loop.
                            let shifted = dst + (s - pad)
                            for q in qLo..<qHi { shifted[q] += src[q] }
                        } else {
                            var q = qLo
                            while q < qHi { dst[q * stride - pad + s] += src[q]; q += 1 }
                        }
                    }
                }
            }
        }
    }
}

/// The output rows p whose input row p − pad + offset lies inside 0..<H (stride 1).
@inline(__always)
private func validRows(P: Int, H: Int, pad: Int, offset: Int) -> (Int, Int) {
    let pLo = max(0, pad - offset), pHi = min(P, H + pad - offset)
    return (min(pLo, pHi), pHi)
}

/// The output columns q whose input column q·stride − pad + offset lies inside 0..<W,
/// as a half-open range (qLo, qHi) with qLo ≤ qHi.
@inline(__always)
private func validColumns(Q: Int, W: Int, stride: Int, pad: Int, offset: Int) -> (Int, Int) {
    let first = pad - offset                       // q·stride ≥ first
    let qLo = first > 0 ? (first + stride - 1) / stride : 0
    let last = W - 1 + pad - offset                // q·stride ≤ last
    let qHi = last < 0 ? 0 : min(Q, last / stride + 1)
    return (min(qLo, qHi), qHi)
}
