import Foundation

/// A fresh directory only this user can enter, made by `mkdtemp` (random name, mode 0700,
/// failing rather than reusing what exists): the scratch space of a bench agent or of an
/// on-the-fly export. A predictable `/tmp/shears-agent-<pid>` could be pre-created, or
/// filled with symlinks, by another local user.
public enum PrivateDirectory {
    /// `$TMPDIR/<prefix>-XXXXXX`; throws `AtomicFile.Failure` naming the parent when it cannot.
    public static func make(prefix: String) throws(AtomicFile.Failure) -> URL {
        let parent = FileManager.default.temporaryDirectory.path
        var template = Array((parent + "/" + prefix + "-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else {
            let code = errno
            throw AtomicFile.Failure(reason: String(cString: strerror(code)), code: code, path: parent)
        }
        return URL(fileURLWithPath: String(cString: made), isDirectory: true)
    }
}
