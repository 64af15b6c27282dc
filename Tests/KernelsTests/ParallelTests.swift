import Kernels
import Testing

struct ParallelTests {
    /// Every index runs exactly once, for counts around the worker count and far beyond it.
    @Test(arguments: [0, 1, 2, 3, 17, 1000])
    func runsEveryIndexExactlyOnce(count: Int) {
        var hits = [Int](repeating: 0, count: count)
        hits.withUnsafeMutableBufferPointer { hits in
            nonisolated(unsafe) let hits = hits
            parallelFor(count) { hits[$0] += 1 }
        }
        #expect(hits == [Int](repeating: 1, count: count))
    }

    /// A body may itself call `parallelFor` (e.g. a layer calling `gemm`); the inner loop
    /// runs serially instead of deadlocking on the busy pool.
    @Test func nestedCallsComplete() {
        var sums = [Int](repeating: 0, count: 8)
        sums.withUnsafeMutableBufferPointer { sums in
            nonisolated(unsafe) let sums = sums
            parallelFor(8) { i in
                var local = [Int](repeating: 0, count: 100)
                local.withUnsafeMutableBufferPointer { local in
                    nonisolated(unsafe) let local = local
                    parallelFor(100) { local[$0] = $0 * i }
                }
                sums[i] = local.reduce(0, +)
            }
        }
        #expect(sums == (0..<8).map { 4950 * $0 })
    }

    /// Back-to-back jobs (consecutive layers) reuse the pool without losing or repeating work.
    @Test func manyConsecutiveJobs() {
        var total = 0
        for round in 0..<2000 {
            var hits = [Int](repeating: 0, count: 4)
            hits.withUnsafeMutableBufferPointer { hits in
                nonisolated(unsafe) let hits = hits
                parallelFor(4) { hits[$0] = round }
            }
            total += hits.reduce(0, +)
        }
        #expect(total == 4 * (0..<2000).reduce(0, +))
    }
}
