
// Row-major single-precision GEMM: C = alpha·op(A)·op(B) + beta·C.
// op(A) is M×K, op(B) is K×N, C is M×N; lda/ldb/ldc are row strides of the stored matrices.
//
// The fast path follows BLIS (Van Zee & van de Geijn): five loops around a register-blocked
// micro-kernel, with op(B) packed per task into nr-wide panels and op(A) packed once into
// mr-tall panels. Tasks are column blocks of C (rows too when C is narrow), never slices of
// K, so every element of C sees the same sequence of operations however the tasks are
// scheduled: results are bit-identical from run to run and for any thread count.

/// The entry point every convolution and linear layer goes through. `beta == 0` overwrites
/// C without reading it (NaN garbage in C is ignored); `alpha == 0` or `k == 0` only scales C.
/// - Complexity: O(M·N·K); allocates packing buffers of O(M·K + threads·kc·nc) floats.
public func gemm(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    precondition(m >= 0 && n >= 0 && k >= 0, "gemm: negative size m=\(m) n=\(n) k=\(k)")
    precondition(lda >= max(1, transA ? m : k), "gemm: lda \(lda) too small")
    precondition(ldb >= max(1, transB ? k : n), "gemm: ldb \(ldb) too small")
    precondition(ldc >= max(1, n), "gemm: ldc \(ldc) too small")
    if m == 0 || n == 0 { return }
    if k == 0 || alpha == 0 {
        scale(c, m: m, n: n, ldc: ldc, by: beta)
        return
    }
    let opA = StridedMatrix(a, ld: lda, transposed: transA)
    let opB = StridedMatrix(b, ld: ldb, transposed: transB)
    if m * n * k < GEMMBlocking.smallWork {
        gemmSmall(m: m, n: n, k: k, alpha: alpha, a: opA, b: opB, beta: beta, c: c, ldc: ldc)
    } else {
        #if arch(x86_64)
        if GEMMKernelSelection.usesAVX512 {
            gemmBlocked(AVX512Microkernel.self, m: m, n: n, k: k, alpha: alpha, a: opA, b: opB,
                        beta: beta, c: c, ldc: ldc)
            return
        }
        #endif
        gemmBlocked(SelectedMicrokernel.self, m: m, n: n, k: k, alpha: alpha, a: opA, b: opB,
                    beta: beta, c: c, ldc: ldc)
    }
}

/// The oracle the fast path is tested against, and the fallback for tiny shapes.
/// - Complexity: O(M·N·K); allocates nothing.
public func gemmNaive(
    transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
    alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    for i in 0..<m {
        for j in 0..<n {
            var sum: Float = 0
            for p in 0..<k {
                let av = transA ? a[p * lda + i] : a[i * lda + p]
                let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                sum += av * bv
            }
            let old = beta == 0 ? 0 : beta * c[i * ldc + j]
            c[i * ldc + j] = alpha * sum + old
        }
    }
}

// MARK: - Paths

/// Block sizes, chosen for 32 KiB L1 and 512 KiB L2 per core (AMD Zen 2) and the 4×24
/// kernel; measured on ResNet-20's shapes and on squares (Sources/Kernels/README.md).
enum GEMMBlocking {
    /// Deepest K block: the kc×nr B micro-panel (24 KiB at kc = 256, nr = 24) stays in L1
    /// while the mr×kc A micro-panels stream past it.
    static let kcMax = 256
    /// Rows of packed A (mc×kc, 192 KiB) swept per B micro-panel; kept in L2.
    static let mcMax = 192
    /// Widest column block (a task), in units of nr (1536 columns). Packing reads each row of
    /// op(B) in runs of nc floats; runs of 6 KiB let the hardware prefetcher get up to speed,
    /// which on the M = 16 ResNet shapes (B streamed from DRAM once) beat 384-column blocks
    /// that keep the packed block in L2 by about 30 % (and 4080-column blocks by 10 %).
    static let ncMaxPanels = 64
    /// Below this M·N·K, packing costs more than it saves.
    static let smallWork = 4096
    /// Below this M·N·K (about 5 µs of work), waking a second thread costs more than it saves.
    static let parallelWork = 1 << 17
    /// Tasks per thread, so a core slowed by another process hands work to the other.
    static let tasksPerThread = 4
    /// Fewest rows of C in a task when rows are split too: every row block packs its own copy
    /// of B, which for M = 16 and a long K (the weight gradient, A·Bᵀ) would double the traffic.
    static let minRowsPerTask = 32
}

/// `C = beta·C` (zero when `beta == 0`, whatever C held).
private func scale(_ c: UnsafeMutablePointer<Float>, m: Int, n: Int, ldc: Int, by beta: Float) {
    for i in 0..<m {
        let row = c + i * ldc
        if beta == 0 {
            row.update(repeating: 0, count: n)
        } else if beta != 1 {
            for j in 0..<n { row[j] *= beta }
        }
    }
}

/// Row-by-row accumulation for shapes too small to repay packing.
private func gemmSmall(m: Int, n: Int, k: Int, alpha: Float, a: StridedMatrix, b: StridedMatrix,
                       beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    scale(c, m: m, n: n, ldc: ldc, by: beta)
    for i in 0..<m {
        let row = c + i * ldc
        for p in 0..<k {
            let s = alpha * a.pointer(row: i, column: p).pointee
            let bRow = b.pointer(row: p, column: 0)
            for j in 0..<n { row[j] += s * bRow[j * b.columnStride] }
        }
    }
}

/// The BLIS loop nest around micro-kernel `K`.
/// - Complexity: O(M·N·K) arithmetic, O(M·K + N·K·⌈M/rows per task⌉) packing.
func gemmBlocked<K: Microkernel>(
    _ kernel: K.Type, m: Int, n: Int, k: Int, alpha: Float, a: StridedMatrix, b: StridedMatrix,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
) {
    let mr = K.mr, nr = K.nr
    let kBlocks = (k + GEMMBlocking.kcMax - 1) / GEMMBlocking.kcMax
    let kc = (k + kBlocks - 1) / kBlocks  // equal K blocks: no thin last block
    let mc = GEMMBlocking.mcMax / mr * mr
    let mPanels = (m + mr - 1) / mr
    let nPanels = (n + nr - 1) / nr

    // Task grid: column blocks of nc, plus row blocks when C is too narrow to keep every
    // thread busy. Depends only on the shape, never on timing.
    let threads = m * n * k >= GEMMBlocking.parallelWork ? parallelSlots : 1
    let targetTasks = threads == 1 ? 1 : threads * GEMMBlocking.tasksPerThread
    let ncPanels = min(max((nPanels + targetTasks - 1) / targetTasks, 1), GEMMBlocking.ncMaxPanels)
    let nc = ncPanels * nr
    let nTasks = (nPanels + ncPanels - 1) / ncPanels
    let mTasks = nTasks >= targetTasks ? 1
        : max(1, min((targetTasks + nTasks - 1) / nTasks, m / GEMMBlocking.minRowsPerTask))
    let rowsPerTask = (mPanels + mTasks - 1) / mTasks * mr

    // One allocation: packed op(A) (all of it, shared by every task), then one packed-B
    // block per thread slot. 64-byte alignment keeps every micro-panel on cache lines.
    let packedASize = mPanels * mr * k
    let packedBSize = ncPanels * nr * kc
    let scratch = UnsafeMutablePointer<Float>(
        UnsafeMutableRawPointer.allocate(byteCount: (packedASize + parallelSlots * packedBSize) * 4,
                                         alignment: 64).assumingMemoryBound(to: Float.self))
    defer { scratch.deallocate() }
    let packedA = scratch

    // Pack op(A) once: the K block starting at depth pc occupies mPanels·mr·kc floats at pc·mPanels·mr.
    let aTasks = threads == 1 ? 1 : min(mPanels, threads * GEMMBlocking.tasksPerThread)
    let panelsPerATask = (mPanels + aTasks - 1) / aTasks
    parallelForSlots(aTasks * kBlocks) { task, _ in
        let pc = task / aTasks * kc, kcCur = min(kc, k - pc)
        let i0 = task % aTasks * panelsPerATask * mr
        guard i0 < m else { return }
        packA(a, rows: i0..<min(m, i0 + panelsPerATask * mr), depth: pc..<pc + kcCur, mr: mr,
              into: packedA + pc * mPanels * mr + i0 * kcCur)
    }

    // LOOP 5: split n into nc (and m into row blocks) — the parallel tasks.
    parallelForSlots(nTasks * mTasks) { task, slot in
        let j0 = task % nTasks * nc, columns = j0..<min(n, j0 + nc)
        let i0 = task / nTasks * rowsPerTask, rows = i0..<min(m, i0 + rowsPerTask)
        guard !rows.isEmpty else { return }
        let packedB = scratch + packedASize + slot * packedBSize
        withUnsafeTemporaryAllocation(of: Float.self, capacity: mr * nr) { edge in
            // LOOP 4: split k into kc; pack this task's kc×nc block of op(B).
            for pc in stride(from: 0, to: k, by: kc) {
                let kcCur = min(kc, k - pc)
                packB(b, depth: pc..<pc + kcCur, columns: columns, nr: nr, into: packedB)
                let blockBeta = pc == 0 ? beta : 1
                let aBlock = packedA + pc * mPanels * mr
                // LOOP 3: split m into mc.
                for ic in stride(from: rows.lowerBound, to: rows.upperBound, by: mc) {
                    let icEnd = min(rows.upperBound, ic + mc)
                    // LOOP 2: nr-wide micro-panels of packed B (each stays in L1 through loop 1).
                    for jr in stride(from: 0, to: columns.count, by: nr) {
                        let bPanel = packedB + jr * kcCur
                        let width = min(nr, columns.count - jr)
                        // LOOP 1: mr-tall micro-panels of packed A.
                        for ir in stride(from: ic, to: icEnd, by: mr) {
                            let aPanel = aBlock + ir * kcCur
                            let tile = c + ir * ldc + j0 + jr
                            let height = min(mr, m - ir)
                            if height == mr && width == nr {
                                K.run(k: kcCur, a: aPanel, b: bPanel, c: tile, ldc: ldc,
                                      alpha: alpha, beta: blockBeta)
                            } else {
                                edgeTile(K.self, k: kcCur, a: aPanel, b: bPanel, c: tile, ldc: ldc,
                                         height: height, width: width, alpha: alpha, beta: blockBeta,
                                         scratch: edge.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A partial tile at the bottom or right edge: run the full kernel on a copy of the valid
/// part of C, then copy it back, so edge elements get exactly the arithmetic of full tiles.
@inline(__always)
private func edgeTile<K: Microkernel>(
    _ kernel: K.Type, k: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    c: UnsafeMutablePointer<Float>, ldc: Int, height: Int, width: Int, alpha: Float, beta: Float,
    scratch: UnsafeMutablePointer<Float>
) {
    let nr = K.nr
    scratch.update(repeating: 0, count: K.mr * nr)
    if beta != 0 {
        for i in 0..<height { (scratch + i * nr).update(from: c + i * ldc, count: width) }
    }
    K.run(k: k, a: a, b: b, c: scratch, ldc: nr, alpha: alpha, beta: beta)
    for i in 0..<height { (c + i * ldc).update(from: scratch + i * nr, count: width) }
}
