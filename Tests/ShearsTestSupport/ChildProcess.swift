#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A child process a test can signal: started with `posix_spawn`, an empty signal mask and
/// default signal dispositions. Foundation's `Process` passes on the spawning thread's mask,
/// and test threads (libdispatch workers) block SIGTERM — a server or agent started that way
/// ignores `kill -TERM`. Output (stdout and stderr together) goes to a file the test can poll.
public final class ChildProcess: @unchecked Sendable {
    public let pid: pid_t
    public let outputURL: URL
    private var status: Int32?

    public init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                output: URL) throws {
        outputURL = output
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for sig in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGQUIT, SIGUSR1, SIGUSR2] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            throw ChildProcessError(description: "cannot start \(executable.path): \(String(cString: strerror(rc)))")
        }
        pid = child
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            _ = wait(timeout: 5)
        }
    }

    public func signal(_ sig: Int32) { kill(pid, sig) }

    /// The exit status (128 + n when killed by signal n), or nil if still running after `timeout` seconds.
    @discardableResult
    public func wait(timeout: Double) -> Int32? {
        if let status { return status }
        let end = Date().addingTimeInterval(timeout)
        repeat {
            var raw: Int32 = 0
            let r = waitpid(pid, &raw, WNOHANG)
            if r == pid {
                let signal = raw & 0x7f
                status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
                return status
            }
            if r < 0 { return nil }
            usleep(20_000)
        } while Date() < end
        return nil
    }

    public var isRunning: Bool { wait(timeout: 0) == nil }

    /// Everything the child wrote so far.
    public var output: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

    /// Polls the output until it contains `text` (true) or `timeout` seconds pass or the child exits (false).
    public func waitForOutput(containing text: String, timeout: Double) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if output.contains(text) { return true }
            if !isRunning { return output.contains(text) }
            usleep(20_000)
        }
        return false
    }
}

public struct ChildProcessError: Error, CustomStringConvertible {
    public var description: String
}
