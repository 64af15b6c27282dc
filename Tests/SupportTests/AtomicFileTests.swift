import Foundation
import Support
import Testing

/// Temporary files that nobody else can predict or pre-place, and targets that are files.
@Suite(.serialized)
struct AtomicFileTests {
    static func directory() throws -> URL {
        try PrivateDirectory.make(prefix: "shears-atomic-test")
    }

    static func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode : 0
    }

    @Test func aDeviceNodeIsNotReplaced() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        #expect(throws: AtomicFile.Failure(reason: "it is a character device, not a regular file; refusing to replace it",
                                           path: "/dev/full")) {
            try AtomicFile.write([1, 2, 3], to: "/dev/full")
        }
        #expect(Self.mode("/dev/full") & S_IFMT == S_IFCHR)
    }

    @Test func aSymlinkTargetIsRefusedAndItsTargetUntouched() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        let out = dir.appendingPathComponent("out.onnx").path
        symlink(victim, out)
        #expect(throws: AtomicFile.Failure.self) { try AtomicFile.write(Array("evil".utf8), to: out) }
        #expect(FileManager.default.contents(atPath: victim) == Data("precious".utf8))
    }

    /// The old predictable names (`<out>.tmp-<pid>`) planted as symlinks to a victim: the write
    /// goes to a fresh file, the output is a regular file, the victim keeps its bytes.
    @Test func plantedSymlinksAtPredictableNamesDoNotRedirectTheWrite() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let victim = dir.appendingPathComponent("victim").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        let out = dir.appendingPathComponent("model.onnx").path
        for name in ["model.onnx.tmp-\(getpid())", ".model.onnx.tmp-0000000000000000"] {
            symlink(victim, dir.appendingPathComponent(name).path)
        }
        try AtomicFile.write(Array("model".utf8), to: out)
        #expect(FileManager.default.contents(atPath: out) == Data("model".utf8))
        #expect(Self.mode(out) & S_IFMT == S_IFREG)
        #expect(FileManager.default.contents(atPath: victim) == Data("precious".utf8))
    }

    @Test func newFilesGetTheUmaskDefaultAndReplacedFilesKeepTheirMode() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mask = umask(0o022)
        umask(mask)
        let fresh = dir.appendingPathComponent("fresh").path
        try AtomicFile.write([1], to: fresh)
        #expect(Self.mode(fresh) & 0o777 == 0o666 & ~mask)
        let secret = dir.appendingPathComponent("secret").path
        try AtomicFile.write([1], to: secret)
        chmod(secret, 0o600)
        try AtomicFile.write([2], to: secret)
        #expect(Self.mode(secret) & 0o777 == 0o600)
        #expect(FileManager.default.contents(atPath: secret) == Data([2]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["fresh", "secret"])
    }

    @Test func leftoversOfKilledWritesAreRecognisedAndRemoved() throws {
        let dir = try Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in [".model.onnx.tmp-0123456789abcdef", ".dat.nosyncA1b2C3", "model.onnx", ".model.onnx.tmp-12"] {
            try Data().write(to: dir.appendingPathComponent(name))
        }
        AtomicFile.removeLeftovers(in: dir.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [".model.onnx.tmp-12", "model.onnx"])
    }

    @Test func privateDirectoriesAreFreshAndClosed() throws {
        let a = try PrivateDirectory.make(prefix: "shears-test"), b = try PrivateDirectory.make(prefix: "shears-test")
        defer { [a, b].forEach { try? FileManager.default.removeItem(at: $0) } }
        #expect(a != b)
        #expect(Self.mode(a.path) & 0o777 == 0o700)
    }
}
