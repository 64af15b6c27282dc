extension JSONValue {
    /// `value` rounded to `decimals` places, so measured figures print stably (`2.5`, not
    /// `2.4999999999999996`) and diffs of saved results show real changes only.
    public init(_ value: Double, decimals: Int) {
        var scale = 1.0
        for _ in 0..<max(decimals, 0) { scale *= 10 }
        self = .number((value * scale).rounded() / scale)
    }
}
