#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Ctrl-C as a request, not a kill: the first SIGINT sets a flag that the training loop
/// reads between batches, so the caller can save a resumable checkpoint and exit cleanly.
/// A second SIGINT while that is happening exits at once (status 130), for a user who
/// really means it.
///
/// The handler only touches an atomic and calls `write`/`_exit`, which are async-signal-safe.
public enum Interrupt {
    /// Installs the handler for SIGINT (and SIGTERM, which agents and `timeout` send).
    /// - Parameter message: what the first signal prints; `shears agent` says its job goes back
    ///   to the queue instead of promising a saved checkpoint.
    public static func install(
        message: StaticString = "\ninterrupted: finishing the current batch and saving (Ctrl-C again to abort)\n"
    ) {
        interruptMessage = message
        for sig in [SIGINT, SIGTERM] {
            _ = signal(sig) { _ in
                if interruptCount.wrappingAdd(1, ordering: .sequentiallyConsistent).oldValue >= 1 {
                    _exit(130)
                }
                _ = write(2, interruptMessage.utf8Start, interruptMessage.utf8CodeUnitCount)
            }
        }
    }

    /// Whether an interrupt arrived since the last `reset()`.
    public static var requested: Bool { interruptCount.load(ordering: .sequentiallyConsistent) > 0 }

    /// Sets the flag as a signal would (tests, and callers that stop for their own reasons).
    public static func request() { interruptCount.wrappingAdd(1, ordering: .sequentiallyConsistent) }

    public static func reset() { interruptCount.store(0, ordering: .sequentiallyConsistent) }
}

/// How many interrupts arrived. Global so the C signal handler can reach it without context.
private let interruptCount = Atomic<Int>(0)
/// The first signal's message; set before the handler is installed, only read inside it.
nonisolated(unsafe) private var interruptMessage: StaticString = ""
