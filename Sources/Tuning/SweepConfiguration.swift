import JSON
import Pruning
import YAML
import Optimizer

/// Everything a sweep file decides: what to prune (the baseline), on what data, with which
/// schedule template and search space, what to minimise, what accuracy to keep, how long.
///
/// Read with `SweepConfiguration(parsing:file:readTemplate:)` (SweepConfiguration+Decoding.swift);
/// the format is documented in Sources/Tuning/README.md and by `Schedules/sweep-resnet20.yaml`.
/// Relative paths (baseline, data, template) are taken from the working directory, as every
/// other path on the command line is.
public struct SweepConfiguration: Sendable {
    /// Names the run directory `runs/<name>/`.
    public var name: String
    /// The trained, unpruned checkpoint every trial starts from.
    public var baseline: String
    /// CIFAR-10 binary batches.
    public var data: String
    /// Path of the schedule template as written in the file.
    public var templatePath: String
    /// The parsed template; `schedule(for:)` fills it.
    public var template: YAMLTemplate
    public var space: SearchSpace
    public var objective: Objective
    public var constraint: Constraint?
    public var budget: Budget
    public var fineTune: FineTune
    /// The configuration file's text and name, kept for the ledger header (replay re-reads it).
    public var text: String
    public var file: String

    /// What a trial is scored on and how it is measured.
    public struct Objective: Equatable, Sendable {
        /// Only `latency` for now: the median of timed single-image inferences.
        public var minimize: String
        /// Inference backend: `openvino` (the C API, loaded at run time) or `native` (our kernels).
        public var backend: String
        public var device: String
        /// Pinned inference threads (nil: the runtime's choice; pin it for comparable figures).
        public var threads: Int?
        /// Timed inferences per model (trial and baseline are measured interleaved).
        public var iterations: Int
        public var warmup: Int
        /// Profiled inferences for the per-layer table (0: no table).
        public var profileIterations: Int
        /// Which figure of the timed samples is the trial's latency.
        public var statistic: Statistic

        /// The median by default; the minimum for a machine shared with other jobs, where bursts
        /// of foreign load inflate medians (measured here: medians of 18 ms beside minima of
        /// 0.53 ms while a compiler ran) but rarely reach the fastest runs.
        public enum Statistic: String, Equatable, Sendable, CaseIterable {
            case median
            case min

            public func value(_ latency: BenchedTrial.Latency) -> Double {
                self == .median ? latency.median : latency.min
            }
        }

        public static let supportedObjectives = ["latency"]
        public static let supportedBackends = ["openvino", "native"]

        public init(minimize: String = "latency", backend: String = "openvino", device: String = "CPU",
                    threads: Int? = 1, iterations: Int = 200, warmup: Int = 20, profileIterations: Int = 50,
                    statistic: Statistic = .median) {
            self.minimize = minimize
            self.backend = backend
            self.device = device
            self.threads = threads
            self.iterations = iterations
            self.warmup = warmup
            self.profileIterations = profileIterations
        self.statistic = statistic
        }
    }

    /// The accuracy floor on validation top-1: absolute, or relative to the baseline measured
    /// at the start of the sweep.
    public enum Constraint: Equatable, Sendable {
        case top1Min(Double)
        case maxTop1Drop(Double)

        /// The top-1 a trial must reach to be feasible.
        public func floor(baselineTop1: Double) -> Double {
            switch self {
            case .top1Min(let v): return v
            case .maxTop1Drop(let d): return baselineTop1 - d
            }
        }
    }

    /// How much work the sweep may spend and how it draws its randomness.
    public struct Budget: Equatable, Sendable {
        public var trials: Int
        public var fineTuneEpochs: Int
        /// Training images held out for validation (decisions use these, never the test set).
        /// nil: the baseline checkpoint's own held-out split, which is the only honest choice
        /// (any other split would validate on images the baseline trained on).
        public var validationSplit: Int?
        public var seed: UInt64
        /// Trials taken from the space-filling design before the GP leads (nil: the default).
        public var initialDesign: Int?

        public init(trials: Int, fineTuneEpochs: Int, validationSplit: Int? = nil, seed: UInt64, initialDesign: Int? = nil) {
            self.trials = trials
            self.fineTuneEpochs = fineTuneEpochs
            self.validationSplit = validationSplit
            self.seed = seed
            self.initialDesign = initialDesign
        }
    }

    /// SGD settings of the fine-tuning after pruning (the schedule's `lr_schedulers` shape the rate).
    public struct FineTune: Equatable, Sendable {
        public var learningRate: Double
        public var batchSize: Int
        public var momentum: Double
        public var weightDecay: Double

        public init(learningRate: Double = 0.01, batchSize: Int = 128, momentum: Double = 0.9,
                    weightDecay: Double = 5e-4) {
            self.learningRate = learningRate
            self.batchSize = batchSize
            self.momentum = momentum
            self.weightDecay = weightDecay
        }
    }

    /// The schedule text of one trial: the template with every `${name}` replaced by its value
    /// as `ParameterValue.templateText` writes it (floats always with a decimal point, so
    /// PyYAML and Distiller read the same numbers).
    /// The built-in placeholders come from the budget, so a cosine's `T_max: ${fine_tune_epochs}`
    /// always spans the fine-tuning however long the sweep file makes it.
    public func schedule(for assignment: [String: ParameterValue]) throws -> String {
        var values = assignment.mapValues { PlaceholderValue.string($0.templateText) }
        values[Self.fineTuneEpochsPlaceholder] = .int(budget.fineTuneEpochs)
        return try template.fill(values)
    }

    /// `${fine_tune_epochs}`: the budget's fine-tune length, filled into every trial's schedule.
    public static let fineTuneEpochsPlaceholder = "fine_tune_epochs"
    /// Placeholders the sweep fills itself; a parameter may not take these names.
    public static let builtInPlaceholders = [fineTuneEpochsPlaceholder]

    /// The TRAIN stage's request for one trial of this sweep (`schedule` nil: the baseline).
    public func request(trial: Int, seed: UInt64, parameters: [(String, JSONValue)], schedule: String?) -> TrialRequest {
        TrialRequest(sweep: name, trial: trial, seed: seed, parameters: parameters, schedule: schedule,
                     baseline: baseline, data: data, fineTuneEpochs: budget.fineTuneEpochs,
                     validationSplit: budget.validationSplit, fineTune: fineTune)
    }
}
