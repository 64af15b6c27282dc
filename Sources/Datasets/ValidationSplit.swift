
/// Holds out `count` training images as a validation set, chosen by `seed`. The tuner
/// optimises on validation accuracy so the test set stays untouched; the choice must be
/// reproducible so every trial of a sweep validates on the same images.
/// Both parts keep the original file order (a shuffled order would only be re-shuffled).
public struct ValidationSplit: Sendable {
    public var train: LabeledImages
    public var validation: LabeledImages
    /// Indices into the original set, ascending, for reports and for checking disjointness.
    public var trainIndices: [Int]
    public var validationIndices: [Int]

    public init(_ images: LabeledImages, validationCount: Int, seed: UInt64) throws(DataError) {
        precondition(validationCount >= 0, "validation count must be non-negative")
        guard validationCount == 0 || validationCount < images.count else {
            throw .validationTooLarge(requested: validationCount, available: images.count)
        }
        var rng = SeedStream.validationSplit.generator(seed: seed)
        let order = deterministicPermutation(images.count, using: &rng)
        validationIndices = order.prefix(validationCount).sorted()
        trainIndices = order.dropFirst(validationCount).sorted()
        train = validationCount == 0 ? images : images.subset(trainIndices)
        validation = images.subset(validationIndices)
    }
}
