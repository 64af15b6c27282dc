
/// The `ov_status_e` codes of OpenVINO's C API (`openvino/c/ov_common.h`), so an error names
/// the status the way the header does (`GENERAL_ERROR`) instead of printing a bare `-1`.
public struct OpenVINOStatus: RawRepresentable, Equatable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let ok = OpenVINOStatus(rawValue: 0)

    /// Code → (header name, the header's own comment). Kept as a table so a code added by a
    /// newer runtime still prints as `UNKNOWN_STATUS(-18)` rather than crashing a switch.
    static let table: [Int32: (name: String, summary: String)] = [
        0: ("OK", "success"),
        -1: ("GENERAL_ERROR", "general error"),
        -2: ("NOT_IMPLEMENTED", "not implemented"),
        -3: ("NETWORK_NOT_LOADED", "network not loaded"),
        -4: ("PARAMETER_MISMATCH", "input parameter mismatch"),
        -5: ("NOT_FOUND", "cannot find the value"),
        -6: ("OUT_OF_BOUNDS", "out of bounds"),
        -7: ("UNEXPECTED", "unexpected exception"),
        -8: ("REQUEST_BUSY", "request is busy"),
        -9: ("RESULT_NOT_READY", "result is not ready"),
        -10: ("NOT_ALLOCATED", "not allocated"),
        -11: ("INFER_NOT_STARTED", "inference not started"),
        -12: ("NETWORK_NOT_READ", "network not read"),
        -13: ("INFER_CANCELLED", "inference cancelled"),
        -14: ("INVALID_C_PARAM", "invalid C parameter"),
        -15: ("UNKNOWN_C_ERROR", "unknown error in the C wrapper"),
        -16: ("NOT_IMPLEMENT_C_METHOD", "not implemented in the C API"),
        -17: ("UNKNOW_EXCEPTION", "unknown exception"),
    ]

    /// The enumerator's name in `ov_common.h` (its spelling, typo in UNKNOW_EXCEPTION included).
    public var name: String { Self.table[rawValue]?.name ?? "UNKNOWN_STATUS(\(rawValue))" }

    /// A short explanation, used when OpenVINO left no message of its own.
    public var summary: String { Self.table[rawValue]?.summary ?? "status code not in ov_common.h" }

    public var description: String { name }
}
