
extension Command {
    /// `shears bench`: model latency (`bench MODEL...`, BenchModels.swift) and the benchmark
    /// subcommands (`bench kernels`, `bench training`, `bench optimizer`), chosen by the first argument.
    static let bench = Command(
        name: "bench",
        abstract: "Measure model latency (OpenVINO or the native backend), or run a benchmark subcommand.",
        discussion: BenchModels.discussion,
        arguments: BenchModels.arguments,
        options: BenchModels.options,
        subcommands: [.benchKernels, .benchTraining, .benchOptimizer, .benchQueue],
        run: BenchModels.run)
}
