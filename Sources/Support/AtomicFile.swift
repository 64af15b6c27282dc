import Foundation

/// Writes a whole file so that readers only ever see the old content or the new one: the
/// bytes go to a temporary file beside the target, are `fsync`ed, then `rename`d over it.
/// An interrupted save (Ctrl-C, a full disk, a crash) never leaves a half-written checkpoint
/// or model where a good one was. Shared by checkpoints, ONNX exports and a sweep's files.
///
/// The temporary file is created like `mkstemp` does it: a random name
/// (`.<name>.tmp-<16 hex digits>`), `O_CREAT | O_EXCL | O_NOFOLLOW`, mode 0600 — so a file
/// or symlink someone placed at a predictable name cannot redirect the write — and gets the
/// target's permission bits (or the umask's default for a new file) only once complete. The
/// target must be a regular file or missing: `--out /dev/full` fails instead of replacing the
/// device node, and a symlink is not silently swapped for a file.
public enum AtomicFile {
    /// Why a write failed: the `strerror` text of the step that failed, or what the target is.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public let reason: String
        /// The `errno` of the failed call (`ENOSPC`, `EROFS`, …); 0 when the target was refused.
        public let code: Int32
        /// The file that was being written.
        public var path: String

        public init(reason: String, code: Int32 = 0, path: String = "") {
            self.reason = reason
            self.code = code
            self.path = path
        }

        public var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// - Complexity: O(bytes); one temporary file, removed on failure.
    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        do { try replace(path, with: bytes) } catch {
            var failure = error
            failure.path = path
            throw failure
        }
    }

    /// `write(_:to:)` for a URL (a sweep's run files).
    public static func write(_ bytes: [UInt8], to url: URL) throws(Failure) { try write(bytes, to: url.path) }

    private static func replace(_ path: String, with bytes: [UInt8]) throws(Failure) {
        var existing = stat()
        var mode = defaultMode()
        if lstat(path, &existing) == 0 {
            guard existing.st_mode & S_IFMT == S_IFREG else {
                throw Failure(reason: "it is \(kind(existing.st_mode)), not a regular file; refusing to replace it")
            }
            mode = existing.st_mode & 0o7777
        }
        let (fd, temporary) = try createTemporary(beside: path)
        var failure: Failure? = bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let n = posixWrite(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errnoFailure()
                }
                written += n
            }
            if fchmod(fd, mode) != 0 { return errnoFailure() }
            return fsync(fd) == 0 ? nil : errnoFailure()
        }
        if close(fd) != 0 && failure == nil { failure = errnoFailure() }
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let failure = errnoFailure()
            unlink(temporary)
            throw failure
        }
        syncDirectory(of: path)
    }

    /// Removes temporary files an earlier process left in `directory` when it was killed
    /// mid-write (`kill -9`, power loss); only names this type creates are touched.
    public static func removeLeftovers(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where isTemporaryName(name) { unlink(directory + "/" + name) }
    }

    /// `.<name>.tmp-<16 hex digits>`, or Foundation's `.dat.nosync…` of an atomic `Data.write`
    /// (what earlier versions used).
    public static func isTemporaryName(_ name: String) -> Bool {
        if name.hasPrefix(".dat.nosync") { return true }
        guard name.hasPrefix("."), let range = name.range(of: ".tmp-", options: .backwards) else { return false }
        let suffix = name[range.upperBound...]
        return suffix.count == 16 && suffix.allSatisfy(\.isHexDigit)
    }

    // MARK: - Steps

    /// Opens a fresh file beside `path` that nobody else can have opened or linked.
    private static func createTemporary(beside path: String) throws(Failure) -> (Int32, String) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let name = url.lastPathComponent
        for _ in 0..<100 {
            let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
            let temporary = directory + "/." + name + ".tmp-" + String(repeating: "0", count: 16 - suffix.count) + suffix
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 { return (fd, temporary) }
            if errno != EEXIST { throw errnoFailure() }
        }
        throw Failure(reason: "could not create a unique temporary file in \(directory)", code: EEXIST)
    }

    /// Makes the rename itself durable; best effort (some file systems refuse to fsync a directory).
    private static func syncDirectory(of path: String) {
        let fd = open(URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return }
        _ = fsync(fd)
        close(fd)
    }

    /// What a new file gets: 0666 less the process's umask (read without changing it where
    /// the system says it; `umask()` itself can only be read by setting it).
    private static func defaultMode() -> mode_t {
        #if os(Linux)
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
           let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
           let mask = mode_t(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8) {
            return 0o666 & ~mask
        }
        #endif
        return 0o644
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a directory"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFIFO: return "a FIFO"
        case S_IFLNK: return "a symbolic link"
        case S_IFSOCK: return "a socket"
        default: return "a special file"
        }
    }

    private static func errnoFailure() -> Failure {
        let code = errno
        return Failure(reason: String(cString: strerror(code)), code: code)
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Glibc.write(fd, p, n) }
#elseif canImport(Darwin)
import Darwin
@inline(__always) private func posixWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { Darwin.write(fd, p, n) }
#endif
