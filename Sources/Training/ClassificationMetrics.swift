import Kernels

/// Running top-1/top-5 accuracy, mean loss and per-class accuracy over batches.
/// Only integer counts and one Double sum, so results are exact and independent of batch
/// size, and a half-finished epoch can be stored in a checkpoint and continued.
public struct ClassificationMetrics: Equatable, Sendable {
    public let classCount: Int
    public private(set) var images: Int = 0
    /// Sum over images of the per-image loss (batch mean × batch size).
    public private(set) var lossSum: Double = 0
    public private(set) var top1Correct: Int = 0
    public private(set) var top5Correct: Int = 0
    public private(set) var perClassCorrect: [Int]
    public private(set) var perClassImages: [Int]

    public init(classCount: Int) {
        self.classCount = classCount
        perClassCorrect = [Int](repeating: 0, count: classCount)
        perClassImages = [Int](repeating: 0, count: classCount)
    }

    /// Counts one batch: `logits` `[B, classCount]`, `labels` B class indices,
    /// `meanLoss` the batch's mean loss.
    public mutating func add(logits: Tensor, labels: [Int], meanLoss: Float) {
        precondition(logits.shape == [labels.count, classCount],
                     "metrics expect logits [\(labels.count), \(classCount)], got \(logits.shape)")
        for (i, label) in labels.enumerated() {
            let r = Self.rank(of: label, in: logits.data[(i * classCount) ..< ((i + 1) * classCount)])
            images += 1
            perClassImages[label] += 1
            if r < 1 {
                top1Correct += 1
                perClassCorrect[label] += 1
            }
            if r < 5 { top5Correct += 1 }
        }
        lossSum += Double(meanLoss) * Double(labels.count)
    }

    /// Merges counts from another run over the same classes.
    public mutating func merge(_ other: ClassificationMetrics) {
        precondition(other.classCount == classCount)
        images += other.images
        lossSum += other.lossSum
        top1Correct += other.top1Correct
        top5Correct += other.top5Correct
        for c in 0..<classCount {
            perClassCorrect[c] += other.perClassCorrect[c]
            perClassImages[c] += other.perClassImages[c]
        }
    }

    /// Zero-based position of `label` when `row` is sorted by descending score, ties broken
    /// by lower class index (as a stable sort would). Ties therefore never count in the
    /// model's favour: all-equal logits give top-1 only for class 0.
    public static func rank(of label: Int, in row: ArraySlice<Float>) -> Int {
        let base = row.startIndex, score = row[base + label]
        var r = 0
        for k in 0..<row.count where k != label {
            let v = row[base + k]
            if v > score || (v == score && k < label) || v.isNaN { r += 1 }
        }
        return score.isNaN ? row.count - 1 : r
    }

    /// Fraction of images whose label is the highest score (0 when there are no images).
    public var top1: Double { images == 0 ? 0 : Double(top1Correct) / Double(images) }
    /// Fraction whose label is among the five highest (among all classes when fewer than five).
    public var top5: Double { images == 0 ? 0 : Double(top5Correct) / Double(images) }
    public var meanLoss: Double { images == 0 ? 0 : lossSum / Double(images) }
    /// Top-1 per class (nil for a class with no images).
    public var perClassAccuracy: [Double?] {
        (0..<classCount).map { perClassImages[$0] == 0 ? nil : Double(perClassCorrect[$0]) / Double(perClassImages[$0]) }
    }

    // MARK: - Checkpoint form

    /// One line of integers and the loss sum: `images lossSum top1 top5 c0/n0 c1/n1 ...`.
    /// The Double prints with full round-trip precision.
    public var serialized: String {
        (["\(images)", "\(lossSum)", "\(top1Correct)", "\(top5Correct)"]
            + (0..<classCount).map { "\(perClassCorrect[$0])/\(perClassImages[$0])" }).joined(separator: " ")
    }

    /// Parses `serialized`; nil when the text is malformed.
    public init?(serialized text: String, classCount: Int) {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 4 + classCount, let images = Int(parts[0]), let loss = Double(parts[1]),
              let t1 = Int(parts[2]), let t5 = Int(parts[3]) else { return nil }
        self.init(classCount: classCount)
        (self.images, lossSum, top1Correct, top5Correct) = (images, loss, t1, t5)
        for c in 0..<classCount {
            let pair = parts[4 + c].split(separator: "/")
            guard pair.count == 2, let correct = Int(pair[0]), let total = Int(pair[1]) else { return nil }
            perClassCorrect[c] = correct
            perClassImages[c] = total
        }
    }
}
