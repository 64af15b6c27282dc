
/// Runs `body(0..<count)` across the machine's cores and returns when all are done.
/// Work is split by index, never by timing, so results are deterministic as long as
/// each index writes its own outputs. Runs on the persistent `ThreadPool` (start-up in
/// microseconds, which matters for batch-1 inference); nested calls run serially.
public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    ThreadPool.shared.run(count) { index, _ in body(index) }
}

/// Like `parallelFor`, and also passes the worker slot (in `0..<parallelSlots`) so a
/// kernel can give every concurrently running body its own scratch buffer.
func parallelForSlots(_ count: Int, _ body: (_ index: Int, _ slot: Int) -> Void) {
    ThreadPool.shared.run(count, body)
}

/// How many bodies of one `parallelFor` can run at the same time.
var parallelSlots: Int { ThreadPool.shared.slots }
