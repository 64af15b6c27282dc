
/// How long to measure: a warm-up, then a fixed count or a fixed time, as benchmark_app's
/// `-niter` / `-t`. Iterations count inferences per model, so interleaved models get equal shares.
public struct MeasurementPlan: Equatable, Sendable {
    public enum Stop: Equatable, Sendable {
        case iterations(Int)
        case seconds(Double)
    }

    /// Untimed inferences per model first: page faults, kernel JIT and caches settle here.
    public var warmup: Int
    public var stop: Stop

    public init(warmup: Int = 10, stop: Stop = .iterations(200)) {
        self.warmup = warmup
        self.stop = stop
    }

    func validate() throws {
        guard warmup >= 0 else { throw BenchError.invalidPlan("warm-up must be 0 or more, got \(warmup)") }
        switch stop {
        case .iterations(let count) where count < 1:
            throw BenchError.invalidPlan("iterations must be at least 1, got \(count)")
        case .seconds(let seconds) where !(seconds > 0):
            throw BenchError.invalidPlan("time must be positive, got \(seconds) s")
        default:
            break
        }
    }
}
