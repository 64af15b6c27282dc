import Foundation

/// Writes a whole file so that readers only ever see the old content or the new one: the
/// bytes go to `<path>.tmp-<pid>` beside the target, are `fsync`ed, then `rename`d over it.
/// An interrupted save (Ctrl-C, a full disk, a crash) never leaves a half-written checkpoint
/// or model where a good one was. Shared by safetensors checkpoints and ONNX exports.
public enum AtomicFile {
    /// Why a write failed: the `strerror` text of the step that failed.
    public struct Failure: Error, Equatable {
        public let reason: String
    }

    /// - Complexity: O(bytes); one temporary file, removed on failure.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Failure(reason: errnoText()) }
        var written = 0
        let failure: String? = bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errnoText()
                }
                written += n
            }
            return fsync(fd) == 0 ? nil : errnoText()
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw Failure(reason: failure)
        }
        guard rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw Failure(reason: reason)
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Glibc.write(fd, p, n) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Darwin.write(fd, p, n) }
#endif
