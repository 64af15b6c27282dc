
/// Byte layouts of the C structs we exchange with OpenVINO by pointer, read field by field at
/// fixed offsets (Swift does not promise C layout for its own structs). The offsets were checked
/// by compiling `sizeof`/`offsetof` against the 2026.4 headers on x86-64 Linux (LP64; arm64
/// Linux and macOS share them):
///
/// | struct | size | fields (offset) |
/// | --- | --- | --- |
/// | `ov_version_t` | 16 | buildNumber (0), description (8) |
/// | `ov_shape_t` | 16 | rank int64 (0), dims int64* (8) |
/// | `ov_partial_shape_t` | 24 | rank {min,max} (0), dims (16) |
/// | `ov_profiling_info_t` | 48 | status enum (0), real_time µs (8), cpu_time (16), node_name (24), exec_type (32), node_type (40) |
/// | `ov_profiling_info_list_t` | 16 | profiling_infos (0), size (8) |
/// | `ov_property_t` | 16 | key (0), value (8) |
enum OpenVINOLayouts {
    static let versionSize = 16
    static let shapeSize = 16
    static let partialShapeSize = 24
    static let profilingInfoSize = 48
    static let profilingInfoListSize = 16
    static let propertySize = 16

    /// Reads an `ov_shape_t` (rank, then a pointer to `rank` int64 dims).
    static func shape(at raw: UnsafeRawPointer) -> [Int] {
        let rank = Int(raw.load(as: Int64.self))
        guard rank > 0, let dims = raw.load(fromByteOffset: 8, as: UnsafePointer<Int64>?.self) else { return [] }
        return (0..<rank).map { Int(dims[$0]) }
    }

    /// Reads one `ov_profiling_info_t`.
    static func profilingInfo(at raw: UnsafeRawPointer) -> NodeTiming {
        func string(_ offset: Int) -> String {
            raw.load(fromByteOffset: offset, as: UnsafePointer<CChar>?.self).map { String(cString: $0) } ?? ""
        }
        let status = raw.load(as: Int32.self)
        return NodeTiming(
            name: string(24),
            nodeType: string(40),
            execType: string(32),
            status: NodeTiming.Status(rawValue: status) ?? .notRun,
            realTimeMicroseconds: raw.load(fromByteOffset: 8, as: Int64.self))
    }

    /// Reads an `ov_profiling_info_list_t`.
    static func profilingInfoList(at raw: UnsafeRawPointer) -> [NodeTiming] {
        let count = raw.load(fromByteOffset: 8, as: Int.self)
        guard count > 0, let items = raw.load(as: UnsafeRawPointer?.self) else { return [] }
        return (0..<count).map { profilingInfo(at: items + $0 * profilingInfoSize) }
    }
}
