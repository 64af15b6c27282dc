import Kernels
import Testing
import Datasets
import Support

struct AugmentationTests {
    static let image = (0..<3072).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 1024) }

    /// Reference semantics written the obvious way: pad by 4, crop at (4+dy, 4+dx), maybe mirror.
    static func reference(_ image: [UInt8], _ crop: CropFlip) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 3072)
        for c in 0..<3 {
            for y in 0..<32 {
                for x in 0..<32 {
                    let cx = crop.flip ? 31 - x : x
                    let sy = y + crop.dy, sx = cx + crop.dx
                    if sy >= 0 && sy < 32 && sx >= 0 && sx < 32 { out[c * 1024 + y * 32 + x] = image[c * 1024 + sy * 32 + sx] }
                }
            }
        }
        return out
    }

    @Test func everyOffsetAndFlipMatchesThePaddedCrop() {
        for dy in -4...4 {
            for dx in -4...4 {
                for flip in [false, true] {
                    let crop = CropFlip(dx: dx, dy: dy, flip: flip)
                    #expect(crop.apply(to: Self.image) == Self.reference(Self.image, crop), "\(crop)")
                }
            }
        }
    }

    @Test func flipMirrorsColumns() {
        let out = CropFlip(dx: 0, dy: 0, flip: true).apply(to: Self.image)
        #expect(out[5 * 32 + 0] == Self.image[5 * 32 + 31])
        #expect(out[2048 + 31] == Self.image[2048 + 0])
    }

    @Test func drawsStayWithinPaddingAndCoverIt() {
        var rng = SeededRandom(seed: 9)
        var seenDx = Set<Int>(), seenDy = Set<Int>(), flips = 0
        for _ in 0..<2000 {
            let d = Augmentation.standard.draw(using: &rng)
            #expect((-4...4).contains(d.dx) && (-4...4).contains(d.dy))
            seenDx.insert(d.dx)
            seenDy.insert(d.dy)
            if d.flip { flips += 1 }
        }
        #expect(seenDx == Set(-4...4) && seenDy == Set(-4...4))
        #expect(flips > 900 && flips < 1100, "flips \(flips) of 2000")
        var none = SeededRandom(seed: 9)
        #expect(Augmentation.none.draw(using: &none) == .identity)
    }
}
