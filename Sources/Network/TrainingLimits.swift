/// The ranges `shears train`, `shears prune`, sweep files and checkpoint metadata accept for
/// training hyper-parameters, in one place so all of them refuse the same values: a negative
/// learning rate or weight decay and a momentum above 1 diverge, and a batch of 10⁸ images is
/// an allocation abort rather than a run.
public enum TrainingLimits {
    public static let batchSize = 1...65_536
    public static let epochs = 1...Checkpoint.maximumEpochs
    /// Learning rates must also be greater than 0.
    public static let learningRate: ClosedRange<Double> = 0...1_000
    public static let momentum: ClosedRange<Double> = 0...1
    public static let weightDecay: ClosedRange<Double> = 0...1
}
