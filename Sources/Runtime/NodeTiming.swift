
/// One node of a runtime's own per-layer profile (OpenVINO `PERF_COUNT`): the runtime's node
/// name, which after fusion may be a generated one, and how long it ran in one inference.
public struct NodeTiming: Equatable, Sendable {
    /// `ov_profiling_info_t.status`: fused nodes appear as `notRun` beside the node they joined.
    public enum Status: Int32, Sendable {
        case notRun = 0
        case optimizedOut = 1
        case executed = 2
    }

    /// The runtime node name (e.g. `layer1.0.conv1`, `Multiply_3954`, `input_abcd_acdb_conv1`).
    public var name: String
    /// The operation after compilation (`Convolution`, `Reorder`, `FullyConnected`, ...).
    public var nodeType: String
    /// The kernel that ran (`brgconv_avx2_f32`, `jit_uni_f32`, ...).
    public var execType: String
    public var status: Status
    /// Wall time of the node in microseconds, as OpenVINO reports it.
    public var realTimeMicroseconds: Int64

    public init(name: String, nodeType: String, execType: String, status: Status, realTimeMicroseconds: Int64) {
        self.name = name
        self.nodeType = nodeType
        self.execType = execType
        self.status = status
        self.realTimeMicroseconds = realTimeMicroseconds
    }
}
