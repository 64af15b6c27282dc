#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ShearsTestSupport

// What the signal handler writes: the input being parsed, to a file opened in advance, and a
// message naming it. Globals because a C signal handler cannot capture context.
nonisolated(unsafe) private var currentInput = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0)
nonisolated(unsafe) private var currentCount = 0
nonisolated(unsafe) private var crashFile: Int32 = -1
nonisolated(unsafe) private var crashMessage: [CChar] = []
/// The handlers in place before `arm` (the Swift runtime's backtracer), put back by `disarm`.
nonisolated(unsafe) private var previousHandlers: [Int32: sighandler_t?] = [:]

/// An in-process fuzz test cannot catch a crash, but it can leave the input behind: before
/// each parse the input is copied into a buffer, and a handler for the crash signals writes it
/// to `<temp>/shears-fuzz-failures/<corpus>-crash.bin` (write(2) only, async-signal-safe),
/// prints the seed and that path, then lets the signal kill the process as before.
enum CrashRecorder {
    static func arm(corpus: String, seed: UInt64) {
        let path = FuzzSettings.failureDirectory.appendingPathComponent("\(corpus)-crash.bin").path
        if crashFile >= 0 { close(crashFile) }
        crashFile = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        crashMessage = Array("\nfuzz crash in corpus \(corpus) (SHEARS_FUZZ_SEED=\(seed)): input saved to \(path)\n".utf8CString)
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            previousHandlers[sig] = signal(sig) { sig in
                if crashFile >= 0 {
                    _ = write(crashFile, currentInput.baseAddress, currentCount)
                    close(crashFile)
                }
                crashMessage.withUnsafeBufferPointer { _ = write(2, $0.baseAddress, $0.count - 1) }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    /// Keeps a copy of `input` for the handler.
    static func record(_ input: [UInt8]) {
        if currentInput.count < input.count {
            currentInput.deallocate()
            currentInput = .allocate(capacity: max(input.count, 2 * currentInput.count))
        }
        _ = input.withUnsafeBufferPointer { UnsafeMutableBufferPointer(rebasing: currentInput[..<input.count]).initialize(from: $0) }
        currentCount = input.count
    }

    static func disarm() {
        for (sig, handler) in previousHandlers { signal(sig, handler ?? SIG_DFL) }
        previousHandlers = [:]
    }
}
