#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The clock every latency figure is read from: `CLOCK_MONOTONIC`, which never jumps with
/// NTP or wall-clock changes (benchmark_app uses `std::chrono::steady_clock`, the same clock).
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point.
    public static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Milliseconds elapsed since `start` (a value of `nanoseconds()`).
    public static func milliseconds(since start: UInt64) -> Double {
        Double(nanoseconds() &- start) / 1_000_000
    }
}

/// Monotonic seconds (not wall-clock time, which can jump), for progress and durations.
public func monotonicSeconds() -> Double {
    Double(MonotonicClock.nanoseconds()) / 1e9
}
