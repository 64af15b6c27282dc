/// Upper bounds on an architecture read from a file or the command line. A checkpoint's
/// metadata is untrusted input: without bounds, a width of 10⁹ or 2⁴⁰ classes asks for
/// terabytes before anything can report the mistake, and an absurd stride makes 1×1 planes
/// deep inside the kernels. The bounds are far above any CIFAR ResNet Shears builds
/// (ResNet-56 at 4× width has 14 M parameters) and far below what would exhaust memory.
extension ResNetArchitecture {
    public enum Limits {
        public static let inputChannels = 1...64
        public static let classes = 1...100_000
        public static let stages = 1...8
        public static let blocksPerStage = 1...1_024
        public static let width = 1...16_384
        public static let stride = 1...4
        /// Trainable values (`parameterCount`): 100 M, 400 MB of Float32.
        public static let parameters = 100_000_000
    }

    /// Checks every count against `Limits`; messages name the field as `validate()` does.
    func checkLimits() throws(NetworkError) {
        func check(_ value: Int, _ range: ClosedRange<Int>, _ label: String) throws(NetworkError) {
            guard range.contains(value) else {
                throw .invalidArchitecture("\(label) must be between \(range.lowerBound) and \(range.upperBound), got \(value)")
            }
        }
        try check(inputChannels, Limits.inputChannels, "inputChannels")
        try check(classes, Limits.classes, "classes")
        try check(stages.count, Limits.stages, "the number of stages")
        for (s, stage) in stages.enumerated() {
            let label = "layer\(s + 1)"
            try check(stage.width, Limits.width, "\(label) width")
            try check(stage.stride, Limits.stride, "\(label) stride")
            try check(stage.innerWidths.count, Limits.blocksPerStage, "\(label) block count")
            for (b, inner) in stage.innerWidths.enumerated() { try check(inner, Limits.width, "\(label).\(b) inner width") }
        }
        // Each factor is bounded above, so this sum cannot overflow.
        guard parameterCount <= Limits.parameters else {
            throw .invalidArchitecture("\(parameterCount) parameters exceed the limit of \(Limits.parameters)")
        }
    }
}
