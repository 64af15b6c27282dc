import Foundation
import Network
import Tuning
import Benchmarks
import Optimizer

extension Command {
    /// `shears bench optimizer`: median simple regret of GP vs random search on Branin and Hartmann-6.
    static let benchOptimizer = Command(
        name: "optimizer",
        abstract: "Benchmark the Bayesian optimiser against random search on standard test functions.",
        discussion: """
            Runs every seed to the largest budget and reports the median simple regret (best value \
            found minus the known minimum) at each budget, and the time of one suggestion at the \
            largest budget. '--reference' adds the columns of a JSON report from \
            tools/bench_skopt.py (scikit-optimize's gp_minimize on the same seeds and budgets).
            """,
        options: [
            .option("seeds", "n", help: "Seeds 0..<n per function and method.", default: "20"),
            .option("budgets", "list", help: "Comma-separated evaluation budgets.", default: "20,40,60"),
            .option("functions", "list", help: "Comma-separated: branin, hartmann6.", default: "branin,hartmann6"),
            .option("jobs", "n", help: "Runs in parallel (timings are taken on one thread).", default: "1"),
            .option("reference", "file", help: "JSON report of tools/bench_skopt.py to compare against."),
            .flag("json", help: "Print the report as JSON."),
        ],
        run: { args in
            var bench = OptimizerBenchmark()
            let seeds = try args.int("seeds")!
            let jobs = try args.int("jobs")!
            guard seeds > 0 else { throw UsageError.invalidValue("\(seeds)", "--seeds <n>", "a positive integer") }
            guard jobs > 0 else { throw UsageError.invalidValue("\(jobs)", "--jobs <n>", "a positive integer") }
            bench.seeds = (0..<UInt64(seeds)).map { $0 }
            bench.jobs = jobs
            bench.budgets = try args.doubles("budgets")!.map { b in
                guard b >= 1, b == b.rounded() else {
                    throw UsageError.invalidValue(args.string("budgets")!, "--budgets <list>", "positive integers")
                }
                return Int(b)
            }
            bench.functions = try args.string("functions")!.split(separator: ",").map { name in
                guard let f = BenchmarkFunction(rawValue: String(name)) else {
                    throw UsageError.invalidValue(String(name), "--functions <list>", "branin or hartmann6")
                }
                return f
            }
            let reference = try args.string("reference").map { path in
                let bytes: [UInt8]
                do { bytes = try InputFile.bytes(atPath: path) } catch {
                    throw UsageError.invalidValue(path, "--reference <file>", "a readable file (\(error))")
                }
                do { return try OptimizerBenchmark.Report(json: Data(bytes)) } catch {
                    throw UsageError.invalidValue(path, "--reference <file>",
                                                  "a JSON report of tools/bench_skopt.py")
                }
            }
            let json = args.flag("json")
            let report = try bench.run { line in if !json { Terminal.note(line) } }
            print(json ? try report.json() : report.markdown(reference: reference), terminator: json ? "\n" : "")
        })
}
