import Foundation
import JSON
import Kernels
import Support

/// A safetensors file (https://github.com/huggingface/safetensors): the checkpoint format
/// Python reads with `safetensors.numpy.load_file`, so a Shears model can be inspected,
/// compared or converted with ordinary tools. Only F32 tensors, which is all Shears stores.
///
/// Layout: an 8-byte little-endian header length N; N bytes of JSON
/// `{"__metadata__": {..strings..}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [b, e]}, ..}`
/// padded with spaces to a multiple of 8 (as the reference writer does, so the data that
/// follows is aligned); then the tensors' little-endian bytes, contiguous, in entry order.
public struct SafeTensors: Equatable, Sendable {
    /// One named tensor. Names are the checkpoint keys (`layer1.0.conv1.weight`).
    public struct Entry: Equatable, Sendable {
        public var name: String
        public var tensor: Tensor

        public init(name: String, tensor: Tensor) {
            self.name = name
            self.tensor = tensor
        }
    }

    /// Tensors in data-offset order, which for a file Shears wrote is the order they were added.
    public var entries: [Entry]
    /// Free-form string pairs (`__metadata__`): architecture, normalisation, provenance.
    public var metadata: [String: String]

    public init(entries: [Entry] = [], metadata: [String: String] = [:]) {
        self.entries = entries
        self.metadata = metadata
    }

    /// The tensor called `name`, if present.
    public subscript(name: String) -> Tensor? {
        entries.first { $0.name == name }?.tensor
    }

    // MARK: - Writing

    /// The file's bytes. Metadata keys are sorted so the same content gives the same bytes.
    /// `path` only names the file in errors.
    public func encoded(path: String = "<memory>") throws(SafeTensorsError) -> [UInt8] {
        var seen = Set<String>()
        var header: [(String, JSONValue)] = []
        if !metadata.isEmpty {
            header.append(("__metadata__", .object(metadata.keys.sorted().map { ($0, .string(metadata[$0]!)) })))
        }
        var offset = 0
        for entry in entries {
            guard seen.insert(entry.name).inserted, entry.name != "__metadata__" else {
                throw .duplicateName(path: path, name: entry.name)
            }
            let bytes = entry.tensor.count * 4
            header.append((entry.name, ["dtype": "F32", "shape": .array(entry.tensor.shape.map { JSONValue($0) }),
                                        "data_offsets": [JSONValue(offset), JSONValue(offset + bytes)]]))
            offset += bytes
        }
        var headerBytes = Array(JSONValue.object(header).compact.utf8)
        headerBytes += [UInt8](repeating: 0x20, count: (8 - headerBytes.count % 8) % 8)

        var out = [UInt8]()
        out.reserveCapacity(8 + headerBytes.count + offset)
        withUnsafeBytes(of: UInt64(headerBytes.count).littleEndian) { out += $0 }
        out += headerBytes
        for entry in entries {
            entry.tensor.data.withUnsafeBufferPointer { values in
                for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { out += $0 } }
            }
        }
        return out
    }

    /// Writes to a temporary file beside `path`, flushes it to disk and renames it over
    /// `path`, so an interrupted save (Ctrl-C, a full disk) never leaves a half-written
    /// checkpoint where a good one was.
    public func write(to path: String) throws(SafeTensorsError) {
        let bytes = try encoded(path: path)
        do { try AtomicFile.write(bytes, to: path) } catch { throw .cannotWrite(path: path, reason: error.reason) }
    }

    // MARK: - Reading

    /// Reads and validates a file.
    public init(contentsOf path: String) throws(SafeTensorsError) {
        let bytes: [UInt8]
        do { bytes = try InputFile.bytes(atPath: path) } catch { throw .cannotRead(path: path, reason: error.reason) }
        try self.init(decoding: bytes, path: path)
    }

    /// Parses a file's bytes, checking everything the reference reader checks: the header
    /// fits, is a JSON object, each tensor's range holds exactly its shape, and the ranges
    /// tile the data section. `path` only names the file in errors.
    public init(decoding bytes: [UInt8], path: String = "<memory>") throws(SafeTensorsError) {
        guard bytes.count >= 8 else { throw .tooShort(path: path, size: bytes.count) }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= UInt64(bytes.count - 8) else {
            throw .headerLengthOutOfRange(path: path, headerLength: n, fileSize: bytes.count)
        }
        let headerEnd = 8 + Int(n)
        let object: [(String, JSONValue)]
        do {
            guard let members = try JSONValue.parse(bytes: Array(bytes[8..<headerEnd])).object else {
                throw SafeTensorsError.badHeader(path: path, detail: "not a JSON object")
            }
            object = members
        } catch let error as SafeTensorsError {
            throw error
        } catch {
            throw .badHeader(path: path, detail: "not valid JSON")
        }

        var metadata: [String: String] = [:]
        if let raw = object.last(where: { $0.0 == "__metadata__" })?.1 {
            guard let members = raw.object else { throw .badMetadata(path: path, key: nil) }
            for (key, value) in members {
                guard let string = value.string else { throw .badMetadata(path: path, key: key) }
                metadata[key] = string
            }
        }

        struct Slot { var name: String; var shape: [Int]; var begin: Int; var end: Int }
        var slots: [Slot] = []
        for (name, raw) in object where name != "__metadata__" {
            guard raw.object != nil else {
                throw .badEntry(path: path, name: name, field: name, expected: "an object")
            }
            guard let dtype = raw["dtype"]?.string else {
                throw .badEntry(path: path, name: name, field: "dtype", expected: "a string")
            }
            guard dtype == "F32" else { throw .unsupportedDType(path: path, name: name, dtype: dtype) }
            guard let shape = Self.integers(raw["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw .badEntry(path: path, name: name, field: "shape", expected: "a list of non-negative integers")
            }
            guard let offsets = Self.integers(raw["data_offsets"]), offsets.count == 2,
                  offsets[0] >= 0, offsets[1] >= offsets[0] else {
                throw .badEntry(path: path, name: name, field: "data_offsets",
                                expected: "two integers [begin, end] with 0 <= begin <= end")
            }
            // Checked arithmetic: [2⁶², 4] wraps to 0 elements in unchecked code.
            let elements = shape.reduce(Optional(1)) { product, dimension in
                product.flatMap { let (p, overflow) = $0.multipliedReportingOverflow(by: dimension); return overflow ? nil : p }
            }
            guard let elements, elements <= Int.max / 4, offsets[1] - offsets[0] == elements * 4 else {
                throw .sizeMismatch(path: path, name: name, shape: shape, begin: offsets[0], end: offsets[1])
            }
            slots.append(Slot(name: name, shape: shape, begin: offsets[0], end: offsets[1]))
        }
        // Order by position; zero-size tensors share a begin, so break ties by name.
        slots.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }

        let dataBytes = bytes.count - headerEnd
        var expected = 0
        for slot in slots {
            guard slot.begin == expected else {
                throw .misplacedData(path: path, name: slot.name, begin: slot.begin, expectedBegin: expected)
            }
            expected = slot.end
        }
        guard expected == dataBytes else { throw .dataSizeMismatch(path: path, dataBytes: dataBytes, tensorsEnd: expected) }

        var entries: [Entry] = []
        entries.reserveCapacity(slots.count)
        bytes.withUnsafeBytes { raw in
            for slot in slots {
                let count = (slot.end - slot.begin) / 4
                let start = headerEnd + slot.begin
                let values = [Float](unsafeUninitializedCapacity: count) { out, initialized in
                    for i in 0..<count {
                        let bits = raw.loadUnaligned(fromByteOffset: start + 4 * i, as: UInt32.self)
                        out[i] = Float(bitPattern: UInt32(littleEndian: bits))
                    }
                    initialized = count
                }
                entries.append(Entry(name: slot.name, tensor: Tensor(shape: slot.shape, data: values)))
            }
        }
        self.init(entries: entries, metadata: metadata)
    }

    // MARK: - Helpers

    /// A JSON array of integers (each an integral number in range).
    private static func integers(_ value: JSONValue?) -> [Int]? {
        guard let array = value?.array else { return nil }
        var out: [Int] = []
        for element in array {
            guard let int = element.int else { return nil }
            out.append(int)
        }
        return out
    }
}
