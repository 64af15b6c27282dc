import Kernels

// N batch, C in-channels, K out-channels, H×W input, R×S filter, P×Q output.
//
// Batch-1 inference convolution on AVX-512: out[K, P·Q] = weight[K, C·R·S] · col[C·R·S, P·Q].
// Unlike training's im2col + general `gemm` (which packs both operands on every call), the
// weights are packed once at load into 8-row panels, and im2col writes the columns straight
// into the 32-column panels the micro-kernel reads, so a call packs only the activations
// once and never touches a plain im2col matrix. The 8×32 micro-kernel keeps 16 zmm
// accumulators; its store applies bias, residual and ReLU, so the output is written once.
//
// This module is compiled for `-target-cpu znver4` (Package.swift): any code in it may use
// AVX-512, so callers enter it only when `CPUFeatures.hasAVX512`.

public enum PackedConvolution {
    /// Micro-kernel rows (output channels) and columns (output pixels).
    public static let mr = 8, nr = 32

    /// Floats of the packed weight: ⌈K/8⌉ panels of depth × 8.
    public static func packedWeightCount(outChannels: Int, depth: Int) -> Int { (outChannels + mr - 1) / mr * mr * depth }

    /// Floats of the packed columns of one image: ⌈P·Q/32⌉ panels of depth × 32.
    public static func packedColumnCount(_ g: Conv2DGeometry) -> Int {
        (g.outHeight * g.outWidth + nr - 1) / nr * nr * g.patchSize
    }

    /// `weight` `[K, depth]` row-major → panels `[⌈K/8⌉][depth][8]`, missing rows zero.
    /// - Complexity: O(K·depth); done once when a model is loaded.
    public static func packWeights(_ weight: [Float], outChannels: Int, depth: Int) -> [Float] {
        var packed = [Float](repeating: 0, count: packedWeightCount(outChannels: outChannels, depth: depth))
        for k in 0..<outChannels {
            let panel = k / mr, row = k % mr
            for d in 0..<depth { packed[(panel * depth + d) * mr + row] = weight[k * depth + d] }
        }
        return packed
    }

    /// Floats of the zero-padded copy of one input image `packColumns` needs as scratch.
    public static func paddedImageCount(_ g: Conv2DGeometry) -> Int {
        g.inChannels * (g.height + 2 * g.padding) * (g.width + 2 * g.padding)
    }

    /// im2col of one image straight into 32-column panels: panel j/32 holds, for every depth
    /// index d = (c, r, s), the 32 values `image[c, p·stride − pad + r, q·stride − pad + s]`
    /// of the output pixels j = p·Q + q of that panel (0 in the padding).
    ///
    /// The image is first copied into `padded` with its zero border, so each (d, p) row is a
    /// plain copy of Q values (a strided gather for stride 2) with no edge tests; when Q divides
    /// 32 (every CIFAR ResNet layer: Q = 32, 16, 8) a row never straddles two panels and is
    /// moved with SIMD16/SIMD8 loads and stores. Parallel over channels.
    /// - Complexity: O(C·R·S·P·Q); allocates nothing.
    public static func packColumns(_ g: Conv2DGeometry, image: UnsafePointer<Float>,
                                   padded: UnsafeMutablePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        let (C, H, W, R, S) = (g.inChannels, g.height, g.width, g.kernelHeight, g.kernelWidth)
        let (P, Q, stride, pad, depth) = (g.outHeight, g.outWidth, g.stride, g.padding, g.patchSize)
        let (Hp, Wp) = (H + 2 * pad, W + 2 * pad)
        let panelSize = depth * nr
        let source = padImage(g, image: image, into: padded)
        let rowsFit = nr % Q == 0
        parallelFor(C) { c in
            for r in 0..<R {
                for s in 0..<S {
                    let d = (c * R + r) * S + s
                    let base = packed + d * nr
                    for p in 0..<P {
                        let src = source + (c * Hp + p * stride + r) * Wp + s
                        let j = p * Q
                        if rowsFit {
                            let dst = base + (j / nr) * panelSize + j % nr
                            copyRow(src, stride: stride, count: Q, to: dst)
                        } else {
                            for q in 0..<Q {
                                let jq = j + q
                                base[(jq / nr) * panelSize + jq % nr] = src[q * stride]
                            }
                        }
                    }
                }
            }
        }
    }

    /// The image with its zero border (`padded`, C × (H+2·pad) × (W+2·pad)), or the image
    /// itself when there is no padding. Parallel over channels.
    public static func padImage(_ g: Conv2DGeometry, image: UnsafePointer<Float>,
                                into padded: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        let (C, H, W, pad) = (g.inChannels, g.height, g.width, g.padding)
        guard pad > 0 else { return image }
        let (Hp, Wp) = (H + 2 * pad, W + 2 * pad)
        parallelFor(C) { c in
            let plane = padded + c * Hp * Wp
            plane.update(repeating: 0, count: pad * Wp)
            for h in 0..<H {
                let row = plane + (h + pad) * Wp
                for w in 0..<pad { row[w] = 0; row[pad + W + w] = 0 }
                (row + pad).update(from: image + (c * H + h) * W, count: W)
            }
            (plane + (pad + H) * Wp).update(repeating: 0, count: pad * Wp)
        }
        return UnsafePointer(padded)
    }

    /// Whether `multiplyImplicit` can read the micro-kernel's columns straight from the padded
    /// image: stride 1 and rows of a multiple of 8 pixels (each 8-pixel quarter of a 32-column
    /// panel is then one contiguous run of one padded row).
    public static func readsImageDirectly(_ g: Conv2DGeometry) -> Bool { g.stride == 1 && g.outWidth % 8 == 0 }

    /// Implicit GEMM: like `multiply`, but the micro-kernel loads each depth step's 32
    /// columns from the padded image (`source`, from `padImage`) at the row offsets of the
    /// panel's 8-pixel quarters (two 16-pixel loads when rows are a multiple of 16 pixels,
    /// four 8-pixel ones otherwise), so no im2col matrix is written at all. Needs
    /// `readsImageDirectly`. Same FMA sequence per output as `multiply`, hence the same bits.
    /// - Complexity: O(K·P·Q·C·R·S); allocates nothing.
    public static func multiplyImplicit(_ g: Conv2DGeometry, source: UnsafePointer<Float>,
                                        packedWeights a: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                                        residual: UnsafePointer<Float>?, relu: Bool,
                                        output c: UnsafeMutablePointer<Float>) {
        precondition(readsImageDirectly(g), "multiplyImplicit needs stride 1 and Q % 8 == 0")
        let (m, Q, depth) = (g.outChannels, g.outWidth, g.patchSize)
        let n = g.outHeight * Q, ldc = n
        let Wp = g.width + 2 * g.padding, plane = (g.height + 2 * g.padding) * Wp
        let panels = (n + nr - 1) / nr, rowPanels = (m + mr - 1) / mr
        let quarters = Q % 16 != 0
        parallelFor(panels) { jp in
            let j0 = jp * nr, width = min(nr, n - j0)
            // Loads past the end of a partial panel re-read the last valid pixels (not stored),
            // so no load leaves the image: clamp to the last 8 (quarters) or 16 pixels.
            let span = quarters ? 8 : 16
            func offset(_ t: Int) -> Int {
                let j = min(j0 + 8 * t, n - span)
                return j / Q * Wp + j % Q
            }
            let (o0, o1, o2, o3) = (offset(0), offset(1), offset(2), offset(3))
            for ip in 0..<rowPanels {
                let i0 = ip * mr
                let (aPanel, rows, shift) = (a + ip * depth * mr, min(mr, m - i0), bias + i0)
                let (out, res) = (c + i0 * ldc + j0, residual.map { $0 + i0 * ldc + j0 })
                if quarters {
                    kernel8x32Implicit(g, source: source, plane: plane, rowStride: Wp, offsets: (o0, o1, o2, o3),
                                       quarters: true, a: aPanel, rows: rows, width: width, bias: shift,
                                       residual: res, relu: relu, c: out, ldc: ldc)
                } else {
                    kernel8x32Implicit(g, source: source, plane: plane, rowStride: Wp, offsets: (o0, o1, o2, o3),
                                       quarters: false, a: aPanel, rows: rows, width: width, bias: shift,
                                       residual: res, relu: relu, c: out, ldc: ldc)
                }
            }
        }
    }

    @inline(__always)
    static func kernel8x32Implicit(_ g: Conv2DGeometry, source: UnsafePointer<Float>, plane: Int, rowStride: Int,
                                   offsets: (Int, Int, Int, Int), quarters: Bool, a: UnsafePointer<Float>, rows: Int,
                                   width: Int, bias: UnsafePointer<Float>, residual: UnsafePointer<Float>?,
                                   relu: Bool, c: UnsafeMutablePointer<Float>, ldc: Int) {
        typealias V = SIMD16<Float>
        typealias H = SIMD8<Float>
        let (o0, o1, o2, o3) = (4 * offsets.0, 4 * offsets.1, 4 * offsets.2, 4 * offsets.3)
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        var c40 = V(), c41 = V(), c50 = V(), c51 = V(), c60 = V(), c61 = V(), c70 = V(), c71 = V()
        var pa = a
        for ci in 0..<g.inChannels {
            for r in 0..<g.kernelHeight {
                let row = UnsafeRawPointer(source + ci * plane + r * rowStride)
                for s in 0..<g.kernelWidth {
                    let b0: V, b1: V
                    if quarters {
                        b0 = V(lowHalf: row.loadUnaligned(fromByteOffset: o0 + 4 * s, as: H.self),
                               highHalf: row.loadUnaligned(fromByteOffset: o1 + 4 * s, as: H.self))
                        b1 = V(lowHalf: row.loadUnaligned(fromByteOffset: o2 + 4 * s, as: H.self),
                               highHalf: row.loadUnaligned(fromByteOffset: o3 + 4 * s, as: H.self))
                    } else {
                        b0 = row.loadUnaligned(fromByteOffset: o0 + 4 * s, as: V.self)
                        b1 = row.loadUnaligned(fromByteOffset: o2 + 4 * s, as: V.self)
                    }
                    c00.addProduct(V(repeating: pa[0]), b0); c01.addProduct(V(repeating: pa[0]), b1)
                    c10.addProduct(V(repeating: pa[1]), b0); c11.addProduct(V(repeating: pa[1]), b1)
                    c20.addProduct(V(repeating: pa[2]), b0); c21.addProduct(V(repeating: pa[2]), b1)
                    c30.addProduct(V(repeating: pa[3]), b0); c31.addProduct(V(repeating: pa[3]), b1)
                    c40.addProduct(V(repeating: pa[4]), b0); c41.addProduct(V(repeating: pa[4]), b1)
                    c50.addProduct(V(repeating: pa[5]), b0); c51.addProduct(V(repeating: pa[5]), b1)
                    c60.addProduct(V(repeating: pa[6]), b0); c61.addProduct(V(repeating: pa[6]), b1)
                    c70.addProduct(V(repeating: pa[7]), b0); c71.addProduct(V(repeating: pa[7]), b1)
                    pa += mr
                }
            }
        }
        let (out, res) = (c, residual)
        store(c00, c01, row: 0, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc)
        if rows > 1 { store(c10, c11, row: 1, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 2 { store(c20, c21, row: 2, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 3 { store(c30, c31, row: 3, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 4 { store(c40, c41, row: 4, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 5 { store(c50, c51, row: 5, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 6 { store(c60, c61, row: 6, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 7 { store(c70, c71, row: 7, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
    }

    @inline(__always)
    private static func copyRow(_ src: UnsafePointer<Float>, stride: Int, count: Int, to dst: UnsafeMutablePointer<Float>) {
        if stride == 1 {
            let from = UnsafeRawPointer(src), to = UnsafeMutableRawPointer(dst)
            var t = 0
            while t + 16 <= count {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: 4 * t, as: SIMD16<Float>.self), toByteOffset: 4 * t,
                              as: SIMD16<Float>.self)
                t += 16
            }
            if t + 8 <= count {
                to.storeBytes(of: from.loadUnaligned(fromByteOffset: 4 * t, as: SIMD8<Float>.self), toByteOffset: 4 * t,
                              as: SIMD8<Float>.self)
                t += 8
            }
            while t < count { dst[t] = src[t]; t += 1 }
        } else {
            for t in 0..<count { dst[t] = src[t * stride] }
        }
    }

    /// `c[K, n] = act(packedWeights · packedColumns + bias[k] (+ residual))`, `c` and
    /// `residual` with row stride `ldc`. Tasks are 32-column panels (parallel), each computing
    /// every row panel with the same sequence of FMAs: results do not depend on threads.
    /// - Complexity: O(K·n·depth); allocates nothing.
    public static func multiply(outChannels m: Int, columns n: Int, depth: Int, packedWeights a: UnsafePointer<Float>,
                                packedColumns b: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                                residual: UnsafePointer<Float>?, relu: Bool, output c: UnsafeMutablePointer<Float>,
                                ldc: Int) {
        let panels = (n + nr - 1) / nr, rowPanels = (m + mr - 1) / mr
        parallelFor(panels) { jp in
            let j0 = jp * nr, width = min(nr, n - j0)
            for ip in 0..<rowPanels {
                let i0 = ip * mr
                kernel8x32(depth: depth, a: a + ip * depth * mr, b: b + jp * depth * nr, rows: min(mr, m - i0),
                           width: width, bias: bias + i0, residual: residual.map { $0 + i0 * ldc + j0 }, relu: relu,
                           c: c + i0 * ldc + j0, ldc: ldc)
            }
        }
    }

    /// 8 rows × 32 columns: 16 zmm accumulators, per depth step 2 column loads and 8
    /// broadcasts (embedded in the FMAs). Explicit `addProduct`: Swift does not fuse `a*b+c`.
    @inline(__always)
    static func kernel8x32(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, rows: Int, width: Int,
                           bias: UnsafePointer<Float>, residual: UnsafePointer<Float>?, relu: Bool,
                           c: UnsafeMutablePointer<Float>, ldc: Int) {
        typealias V = SIMD16<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V(), c30 = V(), c31 = V()
        var c40 = V(), c41 = V(), c50 = V(), c51 = V(), c60 = V(), c61 = V(), c70 = V(), c71 = V()
        var pa = a, pb = UnsafeRawPointer(b)
        for _ in 0..<depth {
            let b0 = pb.loadUnaligned(as: V.self), b1 = (pb + 64).loadUnaligned(as: V.self)
            c00.addProduct(V(repeating: pa[0]), b0); c01.addProduct(V(repeating: pa[0]), b1)
            c10.addProduct(V(repeating: pa[1]), b0); c11.addProduct(V(repeating: pa[1]), b1)
            c20.addProduct(V(repeating: pa[2]), b0); c21.addProduct(V(repeating: pa[2]), b1)
            c30.addProduct(V(repeating: pa[3]), b0); c31.addProduct(V(repeating: pa[3]), b1)
            c40.addProduct(V(repeating: pa[4]), b0); c41.addProduct(V(repeating: pa[4]), b1)
            c50.addProduct(V(repeating: pa[5]), b0); c51.addProduct(V(repeating: pa[5]), b1)
            c60.addProduct(V(repeating: pa[6]), b0); c61.addProduct(V(repeating: pa[6]), b1)
            c70.addProduct(V(repeating: pa[7]), b0); c71.addProduct(V(repeating: pa[7]), b1)
            pa += mr
            pb += nr * 4
        }
        let (out, res) = (c, residual)
        store(c00, c01, row: 0, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc)
        if rows > 1 { store(c10, c11, row: 1, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 2 { store(c20, c21, row: 2, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 3 { store(c30, c31, row: 3, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 4 { store(c40, c41, row: 4, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 5 { store(c50, c51, row: 5, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 6 { store(c60, c61, row: 6, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
        if rows > 7 { store(c70, c71, row: 7, width: width, bias: bias, residual: res, relu: relu, c: out, ldc: ldc) }
    }

    /// One row of a tile: `act(v + bias[row] (+ residual))`, 32 columns or the valid `width`.
    @inline(__always)
    static func store(_ v0: SIMD16<Float>, _ v1: SIMD16<Float>, row: Int, width: Int, bias: UnsafePointer<Float>,
                      residual: UnsafePointer<Float>?, relu: Bool, c: UnsafeMutablePointer<Float>, ldc: Int) {
        typealias V = SIMD16<Float>
        let shift = V(repeating: bias[row])
        var (v0, v1) = (v0 + shift, v1 + shift)
        let out = c + row * ldc
        if width == nr {
            if let residual {
                let r = UnsafeRawPointer(residual + row * ldc)
                v0 += r.loadUnaligned(as: V.self)
                v1 += (r + 64).loadUnaligned(as: V.self)
            }
            if relu {
                v0 = v0.replacing(with: 0, where: v0 .< 0)
                v1 = v1.replacing(with: 0, where: v1 .< 0)
            }
            UnsafeMutableRawPointer(out).storeBytes(of: v0, as: V.self)
            UnsafeMutableRawPointer(out + 16).storeBytes(of: v1, as: V.self)
        } else {
            for t in 0..<width {
                var v = t < 16 ? v0[t] : v1[t - 16]
                if let residual { v += residual[row * ldc + t] }
                out[t] = relu ? max(v, 0) : v
            }
        }
    }
}
