
/// A set of 32×32 RGB images with labels, kept as the raw bytes of the CIFAR-10 files.
/// Bytes, not floats: a quarter of the memory, and normalisation and augmentation are
/// applied per batch anyway (the same image is cropped differently every epoch).
/// Each image is `imageBytes` bytes laid out as the file has them: the R plane, then G,
/// then B, each 32 rows of 32 pixels — already CHW, so a batch is NCHW with no transpose.
public struct LabeledImages: Equatable, Sendable {
    public static let channels = 3
    public static let height = 32
    public static let width = 32
    public static let imageBytes = channels * height * width

    /// `count × imageBytes` pixel values, image after image.
    public var pixels: [UInt8]
    /// One class index in `0..<classCount` per image.
    public var labels: [UInt8]

    public init(pixels: [UInt8], labels: [UInt8]) {
        precondition(pixels.count == labels.count * Self.imageBytes,
                     "\(labels.count) labels need \(labels.count * Self.imageBytes) pixel bytes, got \(pixels.count)")
        self.pixels = pixels
        self.labels = labels
    }

    public static let empty = LabeledImages(pixels: [], labels: [])

    public var count: Int { labels.count }

    /// The pixel bytes of image `index` (a copy; for tests and inspection, not the hot path).
    public func image(_ index: Int) -> [UInt8] {
        Array(pixels[index * Self.imageBytes ..< (index + 1) * Self.imageBytes])
    }

    /// The images at `indices`, in that order.
    public func subset(_ indices: [Int]) -> LabeledImages {
        var out = [UInt8](repeating: 0, count: indices.count * Self.imageBytes)
        let n = Self.imageBytes
        pixels.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (k, i) in indices.enumerated() {
                    precondition(i >= 0 && i < count, "image index \(i) out of 0..<\(count)")
                    dst.baseAddress!.advanced(by: k * n).update(from: src.baseAddress!.advanced(by: i * n), count: n)
                }
            }
        }
        return LabeledImages(pixels: out, labels: indices.map { labels[$0] })
    }

    /// Concatenation, used to join the five training files into one set.
    public static func + (a: LabeledImages, b: LabeledImages) -> LabeledImages {
        LabeledImages(pixels: a.pixels + b.pixels, labels: a.labels + b.labels)
    }

    /// How many images each class has (index = class), for sanity checks and reports.
    public func labelHistogram(classCount: Int = CIFAR10.classCount) -> [Int] {
        var h = [Int](repeating: 0, count: classCount)
        for l in labels { h[Int(l)] += 1 }
        return h
    }
}
