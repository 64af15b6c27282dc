import Foundation

/// The TRAIN stage of a trial: schedule text in, thinned model and accuracy out.
///
/// A trial is split in two stages so they can run on different machines (GPUs or big CPUs
/// fine-tune, the edge device measures), with JSON messages between them: `TrialRequest` →
/// `TrainedTrial` → `BenchedTrial`. The sweep loop holds one of each and never asks whether
/// they are local (`LocalTrialTrainer`, `LocalTrialBencher`) or agents behind a queue.
public protocol TrialTrainer {
    /// Prunes and fine-tunes from the baseline with `request.schedule`, thins, evaluates on the
    /// validation split and the test set, and exports ONNX. A request without a schedule
    /// evaluates and exports the baseline itself. Throws when the trial fails (diverged loss,
    /// a schedule the network rejects); the sweep records the failure and carries on.
    func train(_ request: TrialRequest) throws -> TrainedTrial
}

/// The BENCH stage: ONNX bytes in, latency against the baseline (measured in the same
/// process, interleaved) and a per-layer table out.
public protocol TrialBencher {
    /// Measures `trained.onnx` against the baseline model at `baseline` (an `.onnx` file).
    func bench(_ trained: TrainedTrial, baseline: URL) throws -> BenchedTrial
}
