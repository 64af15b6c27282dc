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
        // Leaves: no project dependencies.
        .target(name: "Support", exclude: readme, swiftSettings: fastMath),
        .target(name: "JSON", exclude: readme),
        .target(name: "YAML", exclude: readme),
        .target(name: "GEMMAVX512", exclude: readme, swiftSettings: avx512),
        .target(name: "Kernels", dependencies: ["GEMMAVX512"], exclude: readme, swiftSettings: fastMath),
        .target(name: "KernelsAVX512", dependencies: ["Kernels"], exclude: readme, swiftSettings: avx512),
        .target(name: "Optimizer", dependencies: ["Support"], exclude: readme, swiftSettings: fastMath),
        // The model and its data.
        .target(name: "Datasets", dependencies: ["Kernels", "Support"], exclude: readme, swiftSettings: fastMath),
        .target(name: "Network", dependencies: ["Datasets", "JSON", "Kernels", "Support"], exclude: readme,
                swiftSettings: fastMath),
        .target(name: "Training", dependencies: ["Datasets", "Kernels", "Network", "Support"], exclude: readme,
                swiftSettings: fastMath),
        .target(name: "Quantization", dependencies: ["Datasets", "Kernels", "Network"], exclude: readme,
                swiftSettings: fastMath),
        .target(name: "Pruning",
                dependencies: ["Datasets", "JSON", "Kernels", "Network", "Quantization", "Support", "Training", "YAML"],
                exclude: readme, swiftSettings: fastMath),
        // Export and inference.
        .target(name: "ONNX", dependencies: ["Datasets", "JSON", "Kernels", "Network", "Quantization", "Support"],
                exclude: readme),
        .target(name: "Runtime", dependencies: ["JSON", "Kernels", "KernelsAVX512", "ONNX", "Support"], exclude: readme,
                swiftSettings: fastMath),
        // Orchestration.
        .target(name: "Tuning",
                dependencies: ["JSON", "Network", "ONNX", "Optimizer", "Pruning", "Quantization", "Runtime", "Support",
                               "Training", "YAML"],
                exclude: readme, swiftSettings: fastMath),
        .target(name: "Queue", dependencies: ["JSON", "Runtime", "Support", "Tuning"], exclude: readme),
        .target(name: "Benchmarks",
                dependencies: ["Datasets", "JSON", "Kernels", "Network", "Optimizer", "Queue", "Runtime", "Support",
                               "Training"],
                exclude: readme, swiftSettings: fastMath),
        .executableTarget(
            name: "shears",
            dependencies: ["Benchmarks", "Datasets", "Network", "ONNX", "Optimizer", "Pruning", "Quantization", "Queue",
                           "Runtime", "Support", "Training", "Tuning", "YAML"],
            exclude: readme),

        .target(name: "ShearsTestSupport", path: "Tests/ShearsTestSupport"),
        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "KernelsAVX512", "ShearsTestSupport"], swiftSettings: fastMath),
        .testTarget(name: "NetworkTests", dependencies: ["Kernels", "Network", "ShearsTestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "Kernels", "ShearsTestSupport", "Support"]),
        .testTarget(name: "TrainingTests",
                    dependencies: ["Datasets", "Kernels", "Network", "ShearsTestSupport", "Support", "Training"]),
        .testTarget(name: "QuantizationTests",
                    dependencies: ["Datasets", "Kernels", "Network", "ONNX", "Quantization", "ShearsTestSupport", "Support",
                                   "Training"],
                    swiftSettings: fastMath),
        .testTarget(name: "PruningTests",
                    dependencies: ["Datasets", "Kernels", "Network", "Pruning", "Quantization", "ShearsTestSupport",
                                   "Support", "Training", "YAML"]),
        .testTarget(name: "ONNXTests",
                    dependencies: ["Kernels", "Network", "ONNX", "Runtime", "ShearsTestSupport", "Training"]),
        .testTarget(name: "RuntimeTests", dependencies: ["JSON", "Runtime", "ShearsTestSupport", "Support"]),
        .testTarget(name: "BenchmarksTests", dependencies: ["Benchmarks", "Network", "ShearsTestSupport"]),
        .testTarget(name: "OptimizerTests", dependencies: ["Benchmarks", "Optimizer", "ShearsTestSupport"]),
        .testTarget(name: "TuningTests",
                    dependencies: ["JSON", "Kernels", "Network", "ONNX", "Optimizer", "Pruning", "ShearsTestSupport", "Support", "Tuning"]),
        .testTarget(name: "QueueTests", dependencies: ["JSON", "Queue", "ShearsTestSupport", "Tuning"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "CLITests", dependencies: ["ShearsTestSupport"]),
        .testTarget(name: "FuzzTests", dependencies: ["Datasets", "JSON", "Network", "ONNX", "Optimizer", "Pruning", "Queue",
                                                      "ShearsTestSupport", "Training", "Tuning"]),
    ]
)
