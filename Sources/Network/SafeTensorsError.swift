
/// What can be wrong with a safetensors file. Every message starts with the file's path
/// and says which part of the format is violated, so a corrupt checkpoint can be told
/// apart from a missing one or from a file of another tool.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case cannotRead(path: String, reason: String)
    /// The file (or its temporary sibling) could not be written or renamed into place.
    case cannotWrite(path: String, reason: String)
    /// Fewer than the 8 bytes of the header-length prefix.
    case tooShort(path: String, size: Int)
    /// The header length prefix points past the end of the file.
    case headerLengthOutOfRange(path: String, headerLength: UInt64, fileSize: Int)
    /// The header is not a JSON object (`detail` says what the parser found).
    case badHeader(path: String, detail: String)
    /// `__metadata__` is not an object of string values.
    case badMetadata(path: String, key: String?)
    /// A tensor entry lacks a field or has a field of the wrong type.
    case badEntry(path: String, name: String, field: String, expected: String)
    /// A dtype other than F32.
    case unsupportedDType(path: String, name: String, dtype: String)
    /// The byte range does not hold exactly `shape`'s elements of 4 bytes.
    case sizeMismatch(path: String, name: String, shape: [Int], begin: Int, end: Int)
    /// Tensors must tile the data section from 0 to its end without gaps or overlaps.
    case misplacedData(path: String, name: String, begin: Int, expectedBegin: Int)
    /// Bytes after the last tensor's end (or a last tensor running past the end).
    case dataSizeMismatch(path: String, dataBytes: Int, tensorsEnd: Int)
    /// Two tensors with one name, while writing.
    case duplicateName(path: String, name: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .cannotWrite(path, reason):
            return "\(path): cannot write: \(reason)"
        case let .tooShort(path, size):
            return "\(path): not a safetensors file: \(size) bytes, fewer than the 8-byte header length"
        case let .headerLengthOutOfRange(path, headerLength, fileSize):
            return "\(path): not a safetensors file or truncated: header length \(headerLength) exceeds "
                + "the \(max(fileSize - 8, 0)) bytes after the 8-byte prefix"
        case let .badHeader(path, detail):
            return "\(path): corrupt safetensors header: \(detail)"
        case let .badMetadata(path, key):
            if let key { return "\(path): __metadata__ value for '\(key)' is not a string" }
            return "\(path): __metadata__ is not a JSON object of strings"
        case let .badEntry(path, name, field, expected):
            return "\(path): tensor '\(name)': '\(field)' must be \(expected)"
        case let .unsupportedDType(path, name, dtype):
            return "\(path): tensor '\(name)': dtype '\(dtype)' is not supported; shears reads F32"
        case let .sizeMismatch(path, name, shape, begin, end):
            let needed = shape.reduce(Optional(4)) { p, d in
                p.flatMap { let (r, overflow) = $0.multipliedReportingOverflow(by: d); return overflow ? nil : r }
            }
            return "\(path): tensor '\(name)': data_offsets [\(begin), \(end)] hold \(end - begin) bytes "
                + "but shape \(shape) of F32 needs " + (needed.map { "\($0)" } ?? "more than \(Int.max)")
        case let .misplacedData(path, name, begin, expectedBegin):
            return "\(path): tensor '\(name)' starts at data byte \(begin) but the previous tensor ends at "
                + "\(expectedBegin) (tensors must be contiguous)"
        case let .dataSizeMismatch(path, dataBytes, tensorsEnd):
            return "\(path): truncated or padded data: the data section is \(dataBytes) bytes but the tensors "
                + "end at \(tensorsEnd)"
        case let .duplicateName(path, name):
            return "\(path): tensor name '\(name)' appears twice"
        }
    }
}
