import Benchmarks



extension Command {
    /// `shears bench kernels`: GEMM GFLOP/s on squares and ResNet-20's im2col shapes, and conv layer times.
    static let benchKernels = Command(
        name: "kernels",
        abstract: "Measure GEMM and convolution throughput (GFLOP/s) on ResNet-20's shapes.",
        discussion: """
            GEMM on squares and on ResNet-20's batch-128 im2col shapes, then every distinct \
            ResNet-20 convolution at batch 128, forward and forward+backward (backward counted as \
            twice the forward's FLOPs). Each shape runs until it has at least '--repeats' timed calls \
            and '--seconds' of timing, after one warm-up call; the median is reported. 'make bench' runs this beside \
            numpy's matmul (tools/bench.sh) and writes the ratios to BENCHMARKS.md.
            """,
        options: [
            .option("repeats", "n", help: "Minimum timed calls per shape.", default: "7"),
            .option("seconds", "s", help: "Minimum timing per shape.", default: "0.5"),
            .flag("json", help: "Print one JSON object: {\"gemm\":[...],\"conv\":[...]}."),
        ],
        run: { args in
            var bench = KernelBenchmark()
            let repeats = try args.int("repeats")!
            let seconds = try args.double("seconds")!
            guard repeats > 0 else { throw UsageError.invalidValue("\(repeats)", "--repeats <n>", "a positive integer") }
            guard seconds >= 0 else { throw UsageError.invalidValue("\(seconds)", "--seconds <s>", "a non-negative number") }
            bench.minRepeats = repeats
            bench.minSeconds = seconds
            let json = args.flag("json")
            let report = bench.run { line in if !json { Terminal.note(line) } }
            print(json ? report.json : report.text, terminator: json ? "\n" : "")
        })
}
