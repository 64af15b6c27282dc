import Foundation

/// What the CPU can run, for code compiled for more than the package's baseline target.
/// This lives here, compiled for the baseline (x86-64-v3), and not in KernelsAVX512: every
/// function of that module may contain AVX-512 instructions, the check itself included.
public enum CPUFeatures {
    /// The AVX-512 subsets `-target-cpu znver4` float code relies on.
    static let avx512Flags = ["avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512cd"]

    /// Whether this process may run `KernelsAVX512`: the CPU has those subsets (read once from
    /// /proc/cpuinfo; other systems report false), and `SHEARS_AVX512=0` is not set (to measure
    /// or test the portable path on an AVX-512 CPU).
    public static let hasAVX512: Bool = {
        if ProcessInfo.processInfo.environment["SHEARS_AVX512"] == "0" { return false }
        #if arch(x86_64) && os(Linux)
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let flags = Set(line.split(separator: " ").map(String.init))
        return avx512Flags.allSatisfy(flags.contains)
        #else
        return false
        #endif
    }()
}
