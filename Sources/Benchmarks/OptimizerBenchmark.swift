import Foundation
import Optimizer
import Support

/// Median simple regret of the optimiser and of random search on standard test functions, over
/// many seeds and several budgets, plus the time one suggestion takes: the evidence that the
/// Bayesian search earns its cost, in the same terms as scikit-optimize's `gp_minimize`
/// (`tools/bench_skopt.py` prints the same JSON rows for it).
///
/// One run per (function, method, seed) goes to the largest budget; the regret at a smaller
/// budget is read off its first evaluations, which is exact because neither method looks at
/// the budget when choosing a point.
public struct OptimizerBenchmark: Sendable {
    public var functions: [BenchmarkFunction] = BenchmarkFunction.allCases
    public var methods: [Optimizer.Method] = Optimizer.Method.allCases
    public var seeds: [UInt64] = Array(0..<20)
    public var budgets: [Int] = [20, 40, 60]
    /// Runs in parallel; timings are always taken afterwards on one thread.
    public var jobs: Int = 1
    /// Seeds whose suggestion at `max(budgets)` observations is timed.
    public var timedSeeds: Int = 5

    public init() {}

    /// One line of the result table; the JSON schema shared with `tools/bench_skopt.py`.
    public struct Row: Codable, Equatable, Sendable {
        public var function: String
        public var method: String
        public var budget: Int
        public var medianRegret: Double
        /// Regret per seed, in seed order.
        public var regrets: [Double]

        enum CodingKeys: String, CodingKey {
            case function, method, budget, regrets
            case medianRegret = "median_regret"
        }
    }

    /// Time of one `suggest()` with `observations` trials recorded.
    public struct Timing: Codable, Equatable, Sendable {
        public var function: String
        public var observations: Int
        public var medianSeconds: Double
        public var maxSeconds: Double

        enum CodingKeys: String, CodingKey {
            case function, observations
            case medianSeconds = "median_seconds"
            case maxSeconds = "max_seconds"
        }
    }

    public struct Report: Codable, Equatable, Sendable {
        public var tool: String
        public var seeds: [UInt64]
        public var rows: [Row]
        public var timings: [Timing]
        public var seconds: Double
    }

    /// Runs every (function, method, seed); `progress` receives one line per finished run.
    public func run(progress: @Sendable (String) -> Void = { _ in }) throws -> Report {
        let start = Date()
        let budget = budgets.max() ?? 0
        let cases = functions.flatMap { f in methods.flatMap { m in seeds.map { (f, m, $0) } } }
        let traces = ResultBox(count: cases.count)
        DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { worker in
            for index in stride(from: worker, to: cases.count, by: max(1, jobs)) {
                let (function, method, seed) = cases[index]
                let result = Result { try Self.trace(function, method: method, seed: seed, budget: budget) }
                traces.set(index, result)
                if case .success(let values) = result {
                    let regret = (values.min() ?? .nan) - function.minimum
                    progress("\(function.rawValue) \(method.rawValue) seed \(seed): regret \(regret) after \(budget)")
                }
            }
        }
        var rows: [Row] = []
        for function in functions {
            for method in methods {
                var perSeed: [[Double]] = []
                for (index, c) in cases.enumerated() where c.0 == function && c.1 == method {
                    perSeed.append(try traces.get(index).get())
                }
                for b in budgets.sorted() {
                    let regrets = perSeed.map { $0.prefix(b).min()! - function.minimum }
                    rows.append(Row(function: function.rawValue, method: method.rawValue, budget: b,
                                    medianRegret: Self.median(regrets), regrets: regrets))
                }
            }
        }
        var timings: [Timing] = []
        if methods.contains(.gp) && timedSeeds > 0 {
            for function in functions {
                var times: [Double] = []
                for seed in seeds.prefix(timedSeeds) {
                    times.append(try Self.suggestionSeconds(function, seed: seed, observations: budget))
                }
                timings.append(Timing(function: function.rawValue, observations: budget,
                                      medianSeconds: Self.median(times), maxSeconds: times.max() ?? .nan))
            }
        }
        return Report(tool: "shears", seeds: seeds, rows: rows, timings: timings,
                      seconds: Date().timeIntervalSince(start))
    }

    /// Objective values of one run, in evaluation order.
    public static func trace(_ function: BenchmarkFunction, method: Optimizer.Method, seed: UInt64,
                             budget: Int) throws -> [Double] {
        var optimizer = try Optimizer(space: function.space, method: method, seed: seed)
        var values: [Double] = []
        for _ in 0..<budget {
            let s = try optimizer.suggest()
            let y = function.value(unitPoint: s.point)
            values.append(y)
            try optimizer.observe(s.point, objective: y)
        }
        return values
    }

    /// Seconds for one suggestion after a `gp` run of `observations` evaluations.
    static func suggestionSeconds(_ function: BenchmarkFunction, seed: UInt64, observations: Int) throws -> Double {
        var optimizer = try Optimizer(space: function.space, method: .gp, seed: seed)
        for _ in 0..<observations {
            let s = try optimizer.suggest()
            try optimizer.observe(s.point, objective: function.value(unitPoint: s.point))
        }
        let start = MonotonicClock.nanoseconds()
        _ = try optimizer.suggest()
        return MonotonicClock.milliseconds(since: start) / 1000
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }
}

/// Per-index results written by parallel workers; each index is written by exactly one worker.
private final class ResultBox: @unchecked Sendable {
    private var values: [Result<[Double], Error>?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ r: Result<[Double], Error>) {
        lock.lock(); defer { lock.unlock() }
        values[i] = r
    }

    func get(_ i: Int) -> Result<[Double], Error> {
        lock.lock(); defer { lock.unlock() }
        return values[i]!
    }
}
