import Foundation

/// Whether this process may run `KernelsAVX512`: the CPU has the AVX-512 subsets znver4 code
/// can use (read once from /proc/cpuinfo; other systems report false), and
/// `SHEARS_AVX512=0` is not set (to measure or test the portable path on an AVX-512 CPU).
public enum AVX512 {
    /// The feature flags `-target-cpu znver4` code may rely on for float work.
    static let required = ["avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd"]

    public static let isSupported: Bool = {
        if ProcessInfo.processInfo.environment["SHEARS_AVX512"] == "0" { return false }
        #if arch(x86_64) && os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let flags = Set(line.split(separator: " ").map(String.init))
        return required.allSatisfy(flags.contains)
        #else
        return false
        #endif
    }()
}
