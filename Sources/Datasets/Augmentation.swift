import Kernels
import Support

/// The standard CIFAR recipe: zero-pad by `padding` pixels, take a random 32×32 crop, and
/// flip left-right with probability ½ (torchvision's `RandomCrop(32, padding=4)` then
/// `RandomHorizontalFlip()`). Padding is black *before* normalisation, as torchvision
/// pads the PIL image, so padded pixels become `-mean/std`.
public struct Augmentation: Equatable, Sendable {
    public var padding: Int
    public var horizontalFlip: Bool

    public init(padding: Int = 4, horizontalFlip: Bool = true) {
        precondition(padding >= 0 && padding < LabeledImages.width, "padding \(padding) out of range")
        self.padding = padding
        self.horizontalFlip = horizontalFlip
    }

    public static let standard = Augmentation()
    public static let none = Augmentation(padding: 0, horizontalFlip: false)

    /// One image's crop and flip. Draws a fixed number of values whatever the policy,
    /// so changing `padding` does not shift later draws of the same generator.
    public func draw(using rng: inout SeededRandom) -> CropFlip {
        let span = UInt64(2 * padding + 1)
        let dx = Int(rng.next() % span) - padding
        let dy = Int(rng.next() % span) - padding
        let flip = horizontalFlip && (rng.next() >> 63) == 1
        return CropFlip(dx: dx, dy: dy, flip: flip)
    }
}

/// Where one augmented image reads its pixels from: output pixel (y, x) is source pixel
/// (y + dy, x + dx) — or (y + dy, 31 − x + dx) when flipped — and black outside the image.
/// `dx`, `dy` lie in `-padding...padding`.
public struct CropFlip: Equatable, Sendable, CustomStringConvertible {
    public var dx: Int
    public var dy: Int
    public var flip: Bool

    public init(dx: Int, dy: Int, flip: Bool) {
        self.dx = dx
        self.dy = dy
        self.flip = flip
    }

    public static let identity = CropFlip(dx: 0, dy: 0, flip: false)

    public var description: String { "CropFlip(dx: \(dx), dy: \(dy), flip: \(flip))" }

    /// The augmented image as bytes (padding black): the reference the batch path is tested against.
    public func apply(to image: [UInt8]) -> [UInt8] {
        precondition(image.count == LabeledImages.imageBytes)
        var out = [UInt8](repeating: 0, count: LabeledImages.imageBytes)
        image.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                render(source: src.baseAddress!, into: dst.baseAddress!) { _, p in p }
            }
        }
        return out
    }

    /// Writes the 3×32×32 augmented image, mapping each byte through `map(channel, byte)`
    /// (the byte is 0 for padding). Rows are clipped once, so the inner loop has no branches
    /// except the flip, which is hoisted out.
    /// - Complexity: O(3·32·32); allocates nothing.
    @inline(__always)
    func render<T>(source: UnsafePointer<UInt8>, into dest: UnsafeMutablePointer<T>,
                   map: (Int, UInt8) -> T) {
        let h = LabeledImages.height, w = LabeledImages.width, plane = h * w
        // Output columns whose source column is inside the image.
        let xs: Range<Int>
        if flip {
            // source column = w - 1 - x + dx  ∈ [0, w)  ⇔  x ∈ [dx, w + dx)
            xs = max(0, dx) ..< min(w, w + dx)
        } else {
            // source column = x + dx ∈ [0, w)  ⇔  x ∈ [-dx, w - dx)
            xs = max(0, -dx) ..< min(w, w - dx)
        }
        for c in 0..<LabeledImages.channels {
            let pad = map(c, 0)
            let src = source + c * plane
            let dst = dest + c * plane
            for y in 0..<h {
                let row = dst + y * w
                let sy = y + dy
                guard sy >= 0 && sy < h else {
                    for x in 0..<w { row[x] = pad }
                    continue
                }
                let srow = src + sy * w
                for x in 0..<xs.lowerBound { row[x] = pad }
                if flip {
                    for x in xs { row[x] = map(c, srow[w - 1 - x + dx]) }
                } else {
                    for x in xs { row[x] = map(c, srow[x + dx]) }
                }
                for x in xs.upperBound..<w { row[x] = pad }
            }
        }
    }
}
