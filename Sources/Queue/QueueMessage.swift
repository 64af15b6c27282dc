import JSON

/// What travels through a queue: a JSON header plus named binary attachments (an ONNX model
/// is a few MB; base64 inside JSON would cost a third more and a slow string parse).
///
/// Wire form, readable with `redis-cli --raw`:
/// ```
/// SHEARS-MSG 1\n
/// {"trial":3,…}\n            compact JSON, never contains a raw newline
/// model.onnx 1183744\n       one line per attachment: name, byte count
/// <1183744 bytes>\n
/// ```
public struct QueueMessage: Equatable, Sendable {
    public var header: JSONValue
    public var attachments: [(name: String, bytes: [UInt8])]

    public init(_ header: JSONValue, attachments: [(name: String, bytes: [UInt8])] = []) {
        self.header = header
        self.attachments = attachments
    }

    public static func == (a: QueueMessage, b: QueueMessage) -> Bool {
        a.header == b.header && a.attachments.count == b.attachments.count
            && zip(a.attachments, b.attachments).allSatisfy { $0.name == $1.name && $0.bytes == $1.bytes }
    }

    public func attachment(_ name: String) -> [UInt8]? { attachments.first { $0.name == name }?.bytes }

    /// A copy with `key` set in the header object (replacing an existing member).
    public func setting(_ key: String, _ value: JSONValue) -> QueueMessage {
        var members = header.object ?? []
        if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = value } else { members.append((key, value)) }
        return QueueMessage(.object(members), attachments: attachments)
    }

    private static let magic = Array("SHEARS-MSG 1\n".utf8)

    public func encoded() -> [UInt8] {
        var out = QueueMessage.magic
        out.append(contentsOf: header.compact.utf8)
        out.append(0x0A)
        for (name, bytes) in attachments {
            precondition(!name.isEmpty && !name.contains(" ") && !name.contains("\n"), "bad attachment name '\(name)'")
            out.append(contentsOf: "\(name) \(bytes.count)\n".utf8)
            out.append(contentsOf: bytes)
            out.append(0x0A)
        }
        return out
    }

    public init(decoding bytes: [UInt8]) throws(QueueError) {
        guard bytes.starts(with: QueueMessage.magic) else { throw .badMessage("missing the 'SHEARS-MSG 1' line") }
        var index = QueueMessage.magic.count
        func line() throws(QueueError) -> ArraySlice<UInt8> {
            guard let end = bytes[index...].firstIndex(of: 0x0A) else { throw .badMessage("truncated line") }
            defer { index = end + 1 }
            return bytes[index..<end]
        }
        do {
            header = try JSONValue.parse(bytes: Array(try line()))
        } catch let error as JSONError {
            throw .badMessage("header: \(error.description)")
        } catch let error as QueueError {
            throw error
        } catch {
            throw .badMessage("header: \(error)")
        }
        attachments = []
        while index < bytes.count {
            let text = String(decoding: try line(), as: UTF8.self)
            let parts = text.split(separator: " ")
            guard parts.count == 2, let count = Int(parts[1]), count >= 0 else {
                throw .badMessage("bad attachment line '\(text)'")
            }
            guard count < bytes.count - index, bytes[index + count] == 0x0A else {  // no count + 1: Int.max traps
                throw .badMessage("attachment '\(parts[0])' is shorter than its \(count) bytes")
            }
            attachments.append((String(parts[0]), Array(bytes[index..<index + count])))
            index += count + 1
        }
    }
}
