#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Datasets
import Foundation
import JSON
import Kernels
import Network
import Training
import Support
import Runtime

/// Training throughput of a CIFAR ResNet: images per second of one optimisation step
/// (forward, softmax cross-entropy, backward, SGD) at the batch size training uses, the peak
/// resident memory it needs, and the equivalent GFLOP/s, which `make bench` divides by
/// numpy's GEMM rate measured in the same run (issue 3: at least 0.4, aim 0.7).
///
/// The steps run through `Trainer` itself, on random images, so the figure is the loop
/// `shears train` runs; a hook times each step from `batchBegan` to `batchEnded`, which
/// leaves out assembling the batch (augmentation, normalisation) and the metrics. The loop
/// rate over the timed steps, which includes both, is reported beside it.
public struct TrainingBenchmark: Sendable {
    public var architecture: ResNetArchitecture
    public var batchSize = 128
    /// Untimed steps first (buffers grow, momentum buffers are created, the pool spins up).
    public var warmupSteps = 3
    /// Timed steps; the median is the headline.
    public var steps = 10
    public var seed: UInt64 = 0

    public init(architecture: ResNetArchitecture) { self.architecture = architecture }

    /// What `shears bench training` prints.
    public struct Report: Sendable {
        public var architecture: String
        public var batchSize: Int
        public var warmupSteps: Int
        /// Seconds of each timed step, in order.
        public var stepSeconds: [Double]
        /// Seconds from the first timed step's start to the last one's end (batch assembly included).
        public var loopSeconds: Double
        /// Distiller's multiply-accumulates per image (convolutions and `fc`).
        public var macsPerImage: Int
        /// `ru_maxrss` of this process after training, in bytes.
        public var peakRSSBytes: Int

        public init(architecture: String, batchSize: Int, warmupSteps: Int, stepSeconds: [Double], loopSeconds: Double,
                    macsPerImage: Int, peakRSSBytes: Int) {
            (self.architecture, self.batchSize, self.warmupSteps) = (architecture, batchSize, warmupSteps)
            (self.stepSeconds, self.loopSeconds) = (stepSeconds, loopSeconds)
            (self.macsPerImage, self.peakRSSBytes) = (macsPerImage, peakRSSBytes)
        }

        public var step: LatencyStatistics { LatencyStatistics(samples: stepSeconds) }
        /// Images per second of the median step.
        public var imagesPerSecond: Double { Double(batchSize) / step.median }
        /// Images per second over the timed steps, batch assembly and metrics included.
        public var loopImagesPerSecond: Double { Double(batchSize * stepSeconds.count) / loopSeconds }
        /// Training FLOPs per image: 2 per MAC, for forward, backward-data and backward-weights
        /// (≈ 245 M for ResNet-20). Batch-norm, ReLU and the optimiser are not counted.
        public var flopsPerImage: Double { 6 * Double(macsPerImage) }
        /// Equivalent throughput of the median step.
        public var gflops: Double { flopsPerImage * imagesPerSecond / 1e9 }

        /// One line: `{"arch":..,"batch":..,"warmup":..,"steps":..,"step_ms":{median,min,max},
        /// "images_per_second":..,"loop_images_per_second":..,"macs_per_image":..,
        /// "mflop_per_image":..,"gflops":..,"peak_rss_mb":..}`.
        public var json: String {
            let stats = step
            return JSONValue.object([
                ("arch", JSONValue(architecture)), ("batch", JSONValue(batchSize)),
                ("warmup", JSONValue(warmupSteps)), ("steps", JSONValue(stepSeconds.count)),
                ("step_ms", .object([("median", JSONValue(stats.median * 1e3, decimals: 3)),
                                     ("min", JSONValue(stats.min * 1e3, decimals: 3)),
                                     ("max", JSONValue(stats.max * 1e3, decimals: 3))])),
                ("images_per_second", JSONValue(imagesPerSecond, decimals: 2)),
                ("loop_images_per_second", JSONValue(loopImagesPerSecond, decimals: 2)),
                ("macs_per_image", JSONValue(macsPerImage)),
                ("mflop_per_image", JSONValue(flopsPerImage / 1e6, decimals: 3)),
                ("gflops", JSONValue(gflops, decimals: 2)),
                ("peak_rss_mb", JSONValue(Double(peakRSSBytes) / 1_048_576, decimals: 1)),
            ]).compact
        }

        /// A few aligned lines for terminals.
        public var text: String {
            let stats = step
            return """
                \(architecture), batch \(batchSize), \(stepSeconds.count) timed steps after \(warmupSteps) warm-up
                step         median \(format(stats.median * 1e3)) ms  (min \(format(stats.min * 1e3)), max \(format(stats.max * 1e3)))
                throughput   \(format(imagesPerSecond, "%.1f")) images/s  (loop with batch assembly: \(format(loopImagesPerSecond, "%.1f")))
                equivalent   \(format(gflops, "%.1f")) GFLOP/s  (\(format(flopsPerImage / 1e6, "%.1f")) MFLOP per image = 6 × \(macsPerImage) MACs)
                peak RSS     \(format(Double(peakRSSBytes) / 1_048_576, "%.0f")) MB

                """
        }
    }

    /// Runs `warmupSteps + steps` SGD steps (momentum 0.9, Nesterov, weight decay 5e-4, lr 0.1,
    /// standard augmentation) on random images; `progress` receives one line per step.
    public func run(progress: (String) -> Void = { _ in }) throws -> Report {
        precondition(batchSize > 0 && steps > 0 && warmupSteps >= 0)
        let model = try ResNet(architecture: architecture, seed: seed)
        let totalSteps = warmupSteps + steps
        var random = SeededRandom(seed: seed &+ 1)
        let count = totalSteps * batchSize
        let images = LabeledImages(
            pixels: (0..<count * LabeledImages.imageBytes).map { _ in UInt8(truncatingIfNeeded: random.next()) },
            labels: (0..<count).map { _ in UInt8(random.int(below: architecture.classes)) })
        let configuration = TrainingConfiguration(epochs: 1, batchSize: batchSize, learningRate: 0.1, seed: seed,
                                                  dropLast: true, classCount: architecture.classes)
        let trainer = Trainer(model: model, optimizer: SGD(momentum: 0.9, weightDecay: 5e-4, nesterov: true),
                              configuration: configuration, training: images,
                              normalization: ChannelNormalization(computedFrom: images))
        let timer = StepTimer()
        trainer.hooks = [timer]
        withoutActuallyEscaping(progress) { progress in
            timer.stepEnded = { step, seconds in
                progress(String(format: "step %d/%d%@: %.1f ms", step + 1, totalSteps,
                                step < warmupSteps ? " (warm-up)" : "", seconds * 1e3))
            }
            _ = trainer.run(stopRequested: { false })
            timer.stepEnded = nil
        }
        let steps = zip(timer.began, timer.ended).map { $1 - $0 }
        return Report(architecture: architecture.name, batchSize: batchSize, warmupSteps: warmupSteps,
                      stepSeconds: Array(steps.dropFirst(warmupSteps)),
                      loopSeconds: timer.ended[totalSteps - 1] - timer.began[warmupSteps],
                      macsPerImage: architecture.macs(), peakRSSBytes: Self.peakResidentBytes())
    }

    /// The process's peak resident set size (`getrusage` `ru_maxrss`: KiB on Linux, bytes on macOS).
    public static func peakResidentBytes() -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
        #else
        getrusage(RUSAGE_SELF, &usage)
        return usage.ru_maxrss
        #endif
    }
}

/// Start and end of every step, on the training loop's own clock.
private final class StepTimer: TrainingHooks {
    var began: [Double] = []
    var ended: [Double] = []
    /// Called with the step index and its seconds as each step ends.
    var stepEnded: ((Int, Double) -> Void)?

    func batchBegan(epoch: Int, batch: Int, batches: Int) { began.append(monotonicSeconds()) }
    func batchEnded(epoch: Int, batch: Int, batches: Int) {
        ended.append(monotonicSeconds())
        stepEnded?(ended.count - 1, ended[ended.count - 1] - began[ended.count - 1])
    }
}

private func format(_ value: Double, _ pattern: String = "%.1f") -> String { String(format: pattern, value) }
