extension Command {
    /// `shears bench`: groups the benchmarks (`bench kernels`, ...).
    static let bench = Command(
        name: "bench",
        abstract: "Run benchmarks.",
        subcommands: [.benchKernels, .benchOptimizer])
}
