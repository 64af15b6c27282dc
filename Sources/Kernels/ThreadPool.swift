import Foundation
import Synchronization

/// A fixed set of worker threads that stay alive between calls, so a parallel loop
/// costs a few microseconds to start instead of a thread wake-up through Dispatch.
/// Batch-1 inference splits layers whose whole work takes tens of microseconds;
/// there the start-up latency, not the arithmetic, decides the speed-up.
///
/// Protocol of one job (generation `g`):
/// 1. The caller publishes the body and count under `condition`, bumps `generation`
///    to `g`, and wakes sleeping workers.
/// 2. Everyone (caller as slot 0, workers as slots 1…) claims indices from `claims`,
///    whose high 32 bits carry the generation, so a worker that wakes late for job `g`
///    can never claim an index of job `g + 1` with `g`'s body.
/// 3. Each finished index bumps `finished`; when it reaches the count the caller clears
///    the body (no more joins) and waits until every joined worker has let go of it
///    (spinning briefly, then sleeping on `condition`).
///
/// Workers spin for a short while after a job before they sleep, because consecutive
/// layers start jobs back to back.
final class ThreadPool: @unchecked Sendable {
    /// The process-wide pool: one worker per additional core.
    static let shared = ThreadPool(workers: max(ProcessInfo.processInfo.activeProcessorCount - 1, 0))

    /// Participants in a job: the workers plus the calling thread.
    let slots: Int

    private let condition = NSCondition()
    private let published = Atomic<Int>(0)
    private let claims = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    /// Workers that joined the current job and may still hold its body.
    private let active = Atomic<Int>(0)

    // Guarded by `condition`.
    private var generation = 0
    private var count = 0
    private var body: ((Int, Int) -> Void)?
    private var callerSleeping = false

    /// Iterations of the spin loops (about 20–50 µs) before a thread blocks.
    private static let spinLimit = 20_000

    init(workers: Int) {
        slots = workers + 1
        for slot in 1..<slots {
            let thread = Thread { [unowned self] in self.workerLoop(slot: slot) }
            thread.name = "shears-kernels-\(slot)"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Runs `body(index, slot)` for every index in `0..<count` and returns when all are done.
    /// `slot` is in `0..<slots` and no two concurrent calls of `body` share a slot, so callers
    /// can give each slot its own scratch memory. A nested call, or a call while another thread
    /// owns the pool, runs serially on the calling thread with slot 0.
    func run(_ count: Int, _ body: (Int, Int) -> Void) {
        guard count > 1, slots > 1, threadLimit.load(ordering: .relaxed) > 1,
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
        else {
            for index in 0..<count { body(index, 0) }
            return
        }
        defer { busy.store(false, ordering: .releasing) }
        withoutActuallyEscaping(body) { body in
            condition.lock()
            generation += 1
            let g = generation
            self.count = count
            self.body = body
            finished.store(0, ordering: .relaxed)
            claims.store(g << 32, ordering: .relaxed)
            published.store(g, ordering: .releasing)
            condition.broadcast()
            condition.unlock()

            work(generation: g, count: count, body: body, slot: 0)
            waitUntil { self.finished.load(ordering: .acquiring) >= count }
            // Stop late joiners, then wait for every worker to drop its reference to `body`
            // (`withoutActuallyEscaping` checks that none survives this block).
            condition.lock()
            self.body = nil
            condition.unlock()
            waitUntil { self.active.load(ordering: .acquiring) == 0 }
        }
    }

    /// Spins on `done` for a while, then sleeps on `condition` until a worker signals it.
    private func waitUntil(_ done: () -> Bool) {
        var spins = 0
        while !done() {
            spins += 1
            if spins == Self.spinLimit {
                condition.lock()
                callerSleeping = true
                while !done() { condition.wait() }
                callerSleeping = false
                condition.unlock()
                return
            }
        }
    }

    /// Claims and runs indices of job `g` until none are left.
    private func work(generation g: Int, count: Int, body: (Int, Int) -> Void, slot: Int) {
        var value = claims.load(ordering: .relaxed)
        while true {
            let index = value & 0xFFFF_FFFF
            guard value >> 32 == g, index < count else { return }
            let (exchanged, original) = claims.compareExchange(
                expected: value, desired: value + 1, ordering: .relaxed)
            guard exchanged else {
                value = original
                continue
            }
            body(index, slot)
            if finished.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == count {
                wakeCaller()
            }
            value = claims.load(ordering: .relaxed)
        }
    }

    private func wakeCaller() {
        condition.lock()
        if callerSleeping { condition.broadcast() }
        condition.unlock()
    }

    private func workerLoop(slot: Int) {
        var seen = 0
        while true {
            var spins = 0
            while published.load(ordering: .acquiring) == seen && spins < Self.spinLimit { spins += 1 }
            condition.lock()
            while generation == seen || body == nil {
                seen = generation  // a job that finished while we slept is skipped
                condition.wait()
            }
            seen = generation
            active.wrappingAdd(1, ordering: .relaxed)
            condition.unlock()
            join(generation: seen, slot: slot)
            if active.wrappingAdd(-1, ordering: .acquiringAndReleasing).newValue == 0 { wakeCaller() }
        }
    }

    /// Runs this worker's share of job `g`; its reference to the body ends with this call.
    private func join(generation g: Int, slot: Int) {
        condition.lock()
        let job = body
        let jobCount = count
        condition.unlock()
        // Slots beyond `withKernelThreads`' limit sit the job out; the others claim every index.
        if let job, slot < threadLimit.load(ordering: .relaxed) {
            work(generation: g, count: jobCount, body: job, slot: slot)
        }
    }
}
