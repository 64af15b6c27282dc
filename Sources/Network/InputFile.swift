#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a whole input file with a reason a person can act on when it cannot. Foundation's
/// errors say "NSCocoaErrorDomain error 256" for a directory, and reading a FIFO blocks until
/// someone writes to it; this checks the kind of file first.
public enum InputFile {
    /// Why a file could not be read ("is a directory", "no such file", "permission denied").
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// The bytes of the regular file at `path` (symbolic links followed).
    public static func bytes(atPath path: String) throws(Failure) -> [UInt8] {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(reason: errnoReason(errno)) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Failure(reason: "is a directory, not a file")
        default: throw Failure(reason: "not a regular file (a FIFO, socket or device)")
        }
        do {
            return [UInt8](try Foundation.Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            throw Failure(reason: code.map { errnoReason(Int32($0)) } ?? "cannot read the file")
        }
    }

    private static func errnoReason(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        default: return String(cString: strerror(code)).lowercased()
        }
    }
}
