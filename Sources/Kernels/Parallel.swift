import Dispatch

/// Runs `body(0..<count)` across the machine's cores and returns when all are done.
/// Work is split by index, never by timing, so results are deterministic as long as
/// each index writes its own outputs.
public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    if count <= 1 {
        if count == 1 { body(0) }
        return
    }
    withoutActuallyEscaping(body) { body in
        let box = UnsafeSendableBox(body)
        DispatchQueue.concurrentPerform(iterations: count) { box.value($0) }
    }
}

/// Lets a closure that only touches disjoint memory cross to worker threads.
struct UnsafeSendableBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
