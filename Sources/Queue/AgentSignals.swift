#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Training

/// SIGTERM/SIGINT for agents: the first sets Training's `Interrupt` flag (so a fine-tune in
/// progress stops at the next batch) and says the job goes back to the queue; a second
/// exits at once. Training's own `Interrupt.install()` would promise a saved checkpoint,
/// which is not what an agent does.
public enum AgentSignals {
    public static func install() {
        for sig in [SIGINT, SIGTERM] {
            _ = signal(sig) { _ in
                if Interrupt.requested { _exit(130) }
                Interrupt.request()
                let message: StaticString = "stopping: returning the current job to the queue\n"
                _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            }
        }
    }
}
