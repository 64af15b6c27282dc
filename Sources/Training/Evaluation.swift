import Datasets
import Kernels
import Network
import Support

/// The evaluation loop: every image once, in file order, no augmentation, inference-mode
/// forward (batch-norm running statistics). Batch size changes speed only, never results.
/// - Parameter progress: shows a bar or periodic lines for long evaluations.
public func evaluate(_ model: any Model, on images: LabeledImages, normalization: ChannelNormalization,
                     batchSize: Int = 250, classCount: Int = CIFAR10.classCount,
                     progress: ProgressReporter = .silent) -> ClassificationMetrics {
    var metrics = ClassificationMetrics(classCount: classCount)
    let batches = Batches(images, normalization: normalization, options: .evaluation(batchSize: batchSize))
    let started = monotonicSeconds()
    for batch in batches {
        let logits = model.forward(batch.images, training: false)
        let (loss, _) = softmaxCrossEntropy(logits: logits, labels: batch.labels)
        metrics.add(logits: logits, labels: batch.labels, meanLoss: loss)
        let now = monotonicSeconds()
        let rate = Double(metrics.images) / max(now - started, 1e-9)
        progress.batch(BatchProgress(label: "eval", batch: (metrics.images + batchSize - 1) / batchSize,
                                     batches: batches.count, meanLoss: metrics.meanLoss, accuracy: metrics.top1,
                                     imagesPerSecond: rate, etaSeconds: Double(images.count - metrics.images) / rate),
                       now: now)
    }
    return metrics
}
