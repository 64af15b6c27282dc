import Foundation
import JSON

/// The sweep's memory: `runs/<name>/ledger.jsonl`, append-only, one JSON object per event,
/// flushed and fsynced per line, so a crash or `kill -9` loses at most the line being
/// written, and `--resume` can tell exactly which trials finished.
public final class Ledger {
    /// Bumped when a line's meaning changes; written into every line.
    public static let schemaVersion = 1

    public let url: URL
    private let fd: Int32

    /// Opens (creating if needed) the ledger for appending.
    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(),
                                                withIntermediateDirectories: true)
        let fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LedgerError.cannotOpen(url.path, String(cString: strerror(errno))) }
        self.fd = fd
        try repairTornTail()
    }

    deinit { close(fd) }

    /// Appends one event as a single line and waits until it is on disk.
    public func append(_ event: JSONValue) throws {
        guard case .object(var members) = event else { preconditionFailure("ledger events are objects") }
        if !members.contains(where: { $0.0 == "schema" }) { members.insert(("schema", JSONValue(Ledger.schemaVersion)), at: 0) }
        let line = Array((JSONValue.object(members).compact + "\n").utf8)
        var written = 0
        while written < line.count {
            let n = line[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LedgerError.cannotWrite(url.path, String(cString: strerror(errno)))
            }
            written += n
        }
        guard fsync(fd) == 0 else { throw LedgerError.cannotWrite(url.path, String(cString: strerror(errno))) }
    }

    /// Every complete event in the file, in order. A final line without its newline is the
    /// trace of a crash mid-write and is skipped; any other bad line is an error naming it.
    public static func read(_ url: URL) throws -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LedgerError.cannotOpen(url.path, "no such file")
        }
        let bytes = [UInt8](data)
        var events: [JSONValue] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A)
            lineNumber += 1
            let line = Array(bytes[start..<(end ?? bytes.count)])
            start = (end ?? bytes.count) + 1
            if line.allSatisfy({ $0 == 0x20 }) { continue }
            let event: JSONValue
            do {
                event = try JSONValue.parse(bytes: line)
            } catch {
                if end == nil { break }  // a torn tail: the trace of a crash mid-write
                throw LedgerError.badLine(url.path, lineNumber, error.description)
            }
            // A complete last line that only lost its newline is an event like any other.
            if let problem = Self.problem(with: event) { throw LedgerError.badLine(url.path, lineNumber, problem) }
            events.append(event)
        }
        return events
    }

    /// What a ledger event lacks that resume relies on, or nil. A trial event without its
    /// integer `trial` would otherwise be skipped, and the trial recorded twice.
    static func problem(with event: JSONValue) -> String? {
        guard case .object = event else { return "expected a JSON object" }
        guard let name = event["event"]?.string else { return "the event has no 'event' name" }
        if ["trial_started", "trial_finished", "trial_failed"].contains(name) {
            guard event["trial"]?.int != nil else { return "the \(name) event has no integer 'trial'" }
            guard name == "trial_started" || event["seed"]?.string.flatMap({ UInt64($0) }) != nil else {
                return "the \(name) event has no decimal 'seed' string"
            }
        }
        return nil
    }

    /// A crash can leave a partial last line; cut it off so the next append starts clean. A
    /// last line that is a whole event and only lacks its newline gets the newline instead.
    private func repairTornTail() throws {
        guard let data = FileManager.default.contents(atPath: url.path), let last = data.last, last != 0x0A
        else { return }
        let keep = data.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        if let event = try? JSONValue.parse(bytes: [UInt8](data[keep...])), Self.problem(with: event) == nil {
            let newline: [UInt8] = [0x0A]
            guard newline.withUnsafeBytes({ write(fd, $0.baseAddress, 1) }) == 1, fsync(fd) == 0 else {
                throw LedgerError.cannotWrite(url.path, String(cString: strerror(errno)))
            }
            return
        }
        guard ftruncate(fd, off_t(keep)) == 0 else {
            throw LedgerError.cannotWrite(url.path, String(cString: strerror(errno)))
        }
    }
}

/// Why the ledger could not be used.
public enum LedgerError: Error, CustomStringConvertible {
    /// The file could not be opened: (path, reason).
    case cannotOpen(String, String)
    /// A write or fsync failed: (path, reason).
    case cannotWrite(String, String)
    /// A complete line that is not JSON: (path, line, parser message).
    case badLine(String, Int, String)
    /// A new sweep whose run directory already holds a ledger (path).
    case runExists(String)
    /// A resumed sweep whose ledger belongs to another configuration: (path, what differs).
    case configurationMismatch(String, String)

    /// Every case but a failed write is about the file the user named (exit 2); a write that
    /// fails (full disk, read-only directory) is a job that failed (exit 1).
    public var isBadInput: Bool {
        if case .cannotWrite = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): return "cannot open ledger \(path): \(reason)"
        case .cannotWrite(let path, let reason): return "cannot write ledger \(path): \(reason)"
        case .badLine(let path, let line, let message): return "\(path):\(line): not a ledger event: \(message)"
        case .runExists(let path):
            return "\(path) already exists; pass --resume to continue that sweep, "
                + "or remove its run directory to start again"
        case .configurationMismatch(let path, let what):
            return "\(path) was written by a different sweep configuration (\(what)); "
                + "use another sweep name or remove the run directory"
        }
    }
}
