import Synchronization

/// How many threads (the caller included) kernels may use; `Int.max` means every pool slot.
let threadLimit = Atomic<Int>(Int.max)

/// Runs `body` with kernels limited to `threads` threads (nil: no limit), then restores the
/// previous limit. What `--threads` means for Shears' own kernels: an inference benchmark
/// pinned to one thread must not let GEMM wake the pool's other workers. The split of work
/// into tasks does not depend on the limit, so results are the same bits for any value.
/// - Complexity: two atomic stores around `body`.
public func withKernelThreads<T>(_ threads: Int?, _ body: () throws -> T) rethrows -> T {
    guard let threads else { return try body() }
    precondition(threads >= 1, "withKernelThreads needs at least 1 thread, got \(threads)")
    let previous = threadLimit.exchange(threads, ordering: .relaxed)
    defer { threadLimit.store(previous, ordering: .relaxed) }
    return try body()
}
