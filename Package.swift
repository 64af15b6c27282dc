// swift-tools-version:6.0
// Shears: prune ResNets until they are really faster, measured on a real runtime.
// No package dependencies by design: everything beyond the toolchain is our own code.
import PackageDescription

// Kernels live or die by the target flags. Measured here (ARCHITECTURE.md): a SIMD8 FMA
// micro-kernel runs at 0.7 GFLOP/s without an FMA target (addProduct becomes per-lane
// library calls) and at 93 GFLOP/s with `-target-cpu haswell` (AVX2 + FMA, x86-64-v3).
// The flags apply in debug builds too, so tests that train stay fast enough.
#if arch(x86_64)
let fastMath: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-target-cpu", "haswell"])]
#else
let fastMath: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]
#endif
// The batch-1 inference convolution for AVX-512 CPUs (Zen 4/5, Xeon): explicit SIMD16 code.
// znver4, not x86-64-v4: LLVM splits 512-bit vectors in two for x86-64-v4 (it prefers
// 256-bit ones there). Entered only after a CPU check (Kernels/CPUFeatures.swift).
#if arch(x86_64)
let avx512: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-target-cpu", "znver4"])]
#else
let avx512 = fastMath
#endif

let readme = ["README.md"]

let package = Package(
    name: "Shears",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "shears", targets: ["shears"]),
    ],
    targets: [
        .target(name: "JSON", exclude: readme),
        .target(name: "GEMMAVX512", exclude: readme, swiftSettings: avx512),
        .target(name: "Kernels", dependencies: ["GEMMAVX512"], exclude: readme, swiftSettings: fastMath),
        .target(name: "KernelsAVX512", dependencies: ["Kernels"], exclude: readme, swiftSettings: avx512),
        .target(name: "Network", dependencies: ["Kernels", "JSON"], exclude: readme, swiftSettings: fastMath),
        .target(name: "Data", dependencies: ["Kernels", "JSON"], exclude: readme, swiftSettings: fastMath),
        .target(name: "Training", dependencies: ["Kernels", "Network", "Data"], exclude: readme,
                swiftSettings: fastMath),
        .target(name: "Pruning", dependencies: ["Kernels", "Network", "Data", "Training", "JSON"], exclude: readme,
                swiftSettings: fastMath),
        .target(name: "ONNX", dependencies: ["Kernels", "Network", "JSON"], exclude: readme),
        .target(name: "Bench", dependencies: ["Kernels", "KernelsAVX512", "Network", "Data", "Training", "ONNX", "JSON"], exclude: readme,
                swiftSettings: fastMath),
        .target(name: "Tuning", dependencies: ["Kernels", "Network", "Data", "Training", "Pruning", "ONNX", "Bench", "JSON"],
                exclude: readme, swiftSettings: fastMath),
        .target(name: "Queue", dependencies: ["Tuning", "Training", "Bench", "JSON"], exclude: readme),
        .executableTarget(
            name: "shears",
            dependencies: ["Kernels", "Network", "Data", "Training", "Pruning", "ONNX", "Bench", "Tuning", "Queue", "JSON"],
            exclude: readme),

        .target(name: "ShearsTestSupport", path: "Tests/ShearsTestSupport"),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "KernelsAVX512", "ShearsTestSupport"], swiftSettings: fastMath),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "ShearsTestSupport"]),
        .testTarget(name: "DataTests", dependencies: ["Data", "ShearsTestSupport"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "ShearsTestSupport"]),
        .testTarget(name: "PruningTests", dependencies: ["Pruning", "ShearsTestSupport"]),
        .testTarget(name: "ONNXTests", dependencies: ["ONNX", "Network", "Training", "Bench", "ShearsTestSupport"]),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "Network", "ONNX", "ShearsTestSupport"]),
        .testTarget(name: "TuningTests", dependencies: ["Tuning", "Pruning", "Network", "ShearsTestSupport"]),
        .testTarget(name: "QueueTests", dependencies: ["Queue", "ShearsTestSupport"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "ShearsTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ShearsTestSupport"]),
    ]
)
