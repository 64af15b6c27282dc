import Kernels

/// How one pass over a set of images is cut into batches.
public struct BatchOptions: Equatable, Sendable {
    public var batchSize: Int
    /// Visit images in a per-epoch order drawn from `seed` (training) or in file order.
    public var shuffle: Bool
    public var augmentation: Augmentation
    /// Skip the last partial batch, so every training step sees `batchSize` images
    /// (batch-norm statistics from a handful of images are noisy).
    public var dropLast: Bool
    public var seed: UInt64

    public init(batchSize: Int, shuffle: Bool, augmentation: Augmentation, dropLast: Bool, seed: UInt64) {
        precondition(batchSize > 0, "batch size must be positive")
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.augmentation = augmentation
        self.dropLast = dropLast
        self.seed = seed
    }

    /// Shuffled, augmented with the standard recipe, last partial batch kept.
    public static func training(batchSize: Int, seed: UInt64, augmentation: Augmentation = .standard,
                                dropLast: Bool = false) -> BatchOptions {
        BatchOptions(batchSize: batchSize, shuffle: true, augmentation: augmentation, dropLast: dropLast, seed: seed)
    }

    /// File order, no augmentation, every image exactly once.
    public static func evaluation(batchSize: Int) -> BatchOptions {
        BatchOptions(batchSize: batchSize, shuffle: false, augmentation: .none, dropLast: false, seed: 0)
    }
}

/// One step's input: normalised images `[B, 3, 32, 32]` and their labels.
public struct Batch: Equatable, Sendable {
    public var images: Tensor
    public var labels: [Int]
    /// Which images of the set these are, in batch order.
    public var indices: [Int]
    /// The crop and flip applied to each image (identity without augmentation).
    public var crops: [CropFlip]
}

/// The batches of one epoch. Batch `b` is a pure function of (images, options, epoch, b):
/// the order comes from `SeedStream.shuffle` for the epoch and each crop from
/// `SeedStream.augmentation` for (epoch, position), so a resumed run can start at any
/// batch and reproduce an uninterrupted run bit for bit.
public struct Batches: Sequence, IteratorProtocol, Sendable {
    public let images: LabeledImages
    public let options: BatchOptions
    public let epoch: Int
    /// Image indices in the order this epoch visits them.
    public let order: [Int]
    /// The index of the batch `next()` returns.
    public private(set) var position: Int
    private let table: [Float]

    public init(_ images: LabeledImages, normalization: ChannelNormalization, options: BatchOptions,
                epoch: Int = 0, startingAt batch: Int = 0) {
        self.images = images
        self.options = options
        self.epoch = epoch
        if options.shuffle {
            var rng = SeedStream.shuffle.generator(seed: options.seed, epoch)
            order = deterministicPermutation(images.count, using: &rng)
        } else {
            order = Array(0..<images.count)
        }
        table = normalization.lookupTable
        position = batch
    }

    /// Batches in the epoch.
    public var count: Int {
        let n = images.count, b = options.batchSize
        return options.dropLast ? n / b : (n + b - 1) / b
    }

    /// Images the epoch visits (fewer than `images.count` when the last batch is dropped).
    public var imageCount: Int { options.dropLast ? count * options.batchSize : images.count }

    public mutating func next() -> Batch? {
        guard position < count else { return nil }
        defer { position += 1 }
        return batch(position)
    }

    /// Assembles batch `index`: crop, flip and normalise each image straight into the
    /// output tensor through a 3×256 look-up table, images split across cores.
    /// - Complexity: O(B·3072); allocates the output only.
    public func batch(_ index: Int) -> Batch {
        precondition(index >= 0 && index < count, "batch \(index) out of 0..<\(count)")
        let start = index * options.batchSize
        let end = Swift.min(start + options.batchSize, images.count)
        let n = end - start
        let indices = Array(order[start..<end])
        let augmentation = options.augmentation
        let randomCrops = augmentation != .none
        let (seed, epoch) = (options.seed, self.epoch)
        let crops = (0..<n).map { k -> CropFlip in
            guard randomCrops else { return .identity }
            var rng = SeedStream.augmentation.generator(seed: seed, epoch, start + k)
            return augmentation.draw(using: &rng)
        }
        let imageBytes = LabeledImages.imageBytes
        let data = [Float](unsafeUninitializedCapacity: n * imageBytes) { out, initialized in
            let dst = UnsafeSendable(out.baseAddress!)
            images.pixels.withUnsafeBufferPointer { pixels in
                table.withUnsafeBufferPointer { lut in
                    let src = UnsafeSendable(pixels.baseAddress!), t = UnsafeSendable(lut.baseAddress!)
                    // A few images per task: enough tasks to balance two to eight cores,
                    // few enough that dispatch overhead stays below the copying.
                    let chunks = Swift.min(n, 16)
                    parallelFor(chunks) { chunk in
                        for k in (chunk * n / chunks) ..< ((chunk + 1) * n / chunks) {
                            crops[k].render(source: src.value + indices[k] * imageBytes,
                                            into: dst.value + k * imageBytes) { c, p in t.value[c &* 256 &+ Int(p)] }
                        }
                    }
                }
            }
            initialized = n * imageBytes
        }
        return Batch(images: Tensor(shape: [n, LabeledImages.channels, LabeledImages.height, LabeledImages.width],
                                    data: data),
                     labels: indices.map { Int(images.labels[$0]) },
                     indices: indices, crops: crops)
    }
}

/// A raw pointer that parallel workers use for disjoint slices only.
struct UnsafeSendable<P>: @unchecked Sendable {
    let value: P
    init(_ value: P) { self.value = value }
}
