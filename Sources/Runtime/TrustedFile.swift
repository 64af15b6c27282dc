import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether a file we are about to run code from (a shared library) could have been put there
/// by someone else. `dlopen` runs the library's constructors as the user who runs `shears`, so
/// a library that another user can write, or that sits in a directory another user can write
/// (and so swap the file), is code from that user.
///
/// The rule, like OpenSSH's `StrictModes`: the file and every directory on its path, both as
/// given and with symlinks resolved, must be owned by the current user or root and must not be
/// writable by group or others. A directory with the sticky bit (`/tmp`) is allowed to be
/// world-writable: there only an entry's owner can rename or remove it.
public enum TrustedFile {
    /// Nil when the file is safe to load, else why not (naming the offending path).
    public static func problem(with path: String) -> String? {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var paths = [absolute]
        if let resolved = realpath(absolute, nil) {
            paths.append(String(cString: resolved))
            free(resolved)
        }
        for candidate in paths {
            var prefix = ""
            let components = candidate.split(separator: "/", omittingEmptySubsequences: true)
            if let problem = check("/", isTarget: false) { return problem }
            for (index, component) in components.enumerated() {
                prefix += "/" + component
                if let problem = check(prefix, isTarget: index == components.count - 1) { return problem }
            }
        }
        return nil
    }

    /// One path component: lstat, so a symlink is judged by its own owner (its target is
    /// judged when the resolved path is walked).
    private static func check(_ path: String, isTarget: Bool) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }  // a missing file is reported by the loader
        let me = getuid()
        let kind = info.st_mode & S_IFMT
        if kind == S_IFLNK { return info.st_uid == me || info.st_uid == 0 ? nil : owner(path, info) }
        if info.st_uid != me && info.st_uid != 0 { return owner(path, info) }
        let writableByOthers = info.st_mode & (S_IWGRP | S_IWOTH) != 0
        let sticky = info.st_mode & S_ISVTX != 0
        if writableByOthers && (isTarget || kind != S_IFDIR || !sticky) {
            let mode = String(info.st_mode & 0o7777, radix: 8)
            return "'\(path)' is writable by \(info.st_mode & S_IWOTH != 0 ? "everyone" : "its group") "
                + "(mode \(mode)); run 'chmod go-w \(path)' if you trust it"
        }
        return nil
    }

    private static func owner(_ path: String, _ info: stat) -> String {
        "'\(path)' is owned by user \(info.st_uid), not by you (\(getuid())) or root"
    }
}
