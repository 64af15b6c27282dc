import Kernels
import Testing
import Datasets

struct BatchesTests {
    /// `n` distinct images labelled `i % 10`.
    static func images(_ n: Int) -> LabeledImages {
        var pixels = [UInt8]()
        for i in 0..<n { for k in 0..<3072 { pixels.append(UInt8(truncatingIfNeeded: i &* 13 &+ k &* 7 &+ k / 1024)) } }
        return LabeledImages(pixels: pixels, labels: (0..<n).map { UInt8($0 % 10) })
    }

    @Test func evaluationBatchesAreFileOrderNormalisedAndKeepTheTail() {
        let set = Self.images(10)
        let norm = ChannelNormalization(mean: [0.5, 0.25, 0], std: [0.5, 2, 1])
        let batches = Array(Batches(set, normalization: norm, options: .evaluation(batchSize: 4)))
        #expect(batches.map(\.images.shape) == [[4, 3, 32, 32], [4, 3, 32, 32], [2, 3, 32, 32]])
        #expect(batches.flatMap(\.indices) == Array(0..<10))
        #expect(batches.flatMap(\.labels) == (0..<10).map { $0 % 10 })
        let b = batches[2]
        for (k, i) in b.indices.enumerated() {
            let image = set.image(i)
            for c in 0..<3 {
                for p in [0, 33, 1023] {
                    let expected = (Float(image[c * 1024 + p]) / 255 - norm.mean[c]) / norm.std[c]
                    #expect(b.images.data[k * 3072 + c * 1024 + p] == expected)
                }
            }
        }
    }

    @Test func dropLastSkipsThePartialBatch() {
        var it = Batches(Self.images(10), normalization: .unit,
                         options: .training(batchSize: 4, seed: 1, dropLast: true))
        #expect(it.count == 2 && it.imageCount == 8)
        #expect(it.next()?.labels.count == 4)
        #expect(it.next()?.labels.count == 4)
        #expect(it.next() == nil)
    }

    /// Every training image is the augmented source image named by `indices` and `crops`.
    @Test func trainingBatchesAreAugmentedSourceImages() {
        let set = Self.images(37)
        let options = BatchOptions.training(batchSize: 16, seed: 42)
        var pads = 0
        for batch in Batches(set, normalization: .unit, options: options, epoch: 3) {
            for (k, i) in batch.indices.enumerated() {
                let crop = batch.crops[k]
                #expect(abs(crop.dx) <= 4 && abs(crop.dy) <= 4)
                if crop.dx != 0 || crop.dy != 0 { pads += 1 }
                let expected = crop.apply(to: set.image(i)).map { Float($0) / 255 }
                #expect(Array(batch.images.data[k * 3072 ..< (k + 1) * 3072]) == expected, "image \(i) \(crop)")
            }
        }
        #expect(pads > 20, "almost every image should be shifted; \(pads) of 37 were")
    }

    @Test func sameSeedAndEpochGiveTheSameBatchesAndResumeMidEpoch() {
        let set = Self.images(50)
        let options = BatchOptions.training(batchSize: 8, seed: 7)
        let a = Array(Batches(set, normalization: .unit, options: options, epoch: 2))
        let b = Array(Batches(set, normalization: .unit, options: options, epoch: 2))
        let resumed = Array(Batches(set, normalization: .unit, options: options, epoch: 2, startingAt: 3))
        #expect(a.map(\.images) == b.map(\.images) && a.map(\.crops) == b.map(\.crops))
        #expect(resumed.map(\.images) == a.dropFirst(3).map(\.images))
        #expect(Set(a.flatMap(\.indices)) == Set(0..<50), "an epoch visits every image once")
    }

    @Test func epochsAndSeedsShuffleDifferently() {
        let set = Self.images(50)
        func order(seed: UInt64, epoch: Int) -> [Int] {
            Batches(set, normalization: .unit, options: .training(batchSize: 50, seed: seed), epoch: epoch).order
        }
        #expect(order(seed: 1, epoch: 0) != order(seed: 1, epoch: 1))
        #expect(order(seed: 1, epoch: 0) != order(seed: 2, epoch: 0))
        #expect(order(seed: 1, epoch: 5) == order(seed: 1, epoch: 5))
        #expect(order(seed: 1, epoch: 0) != Array(0..<50))
    }
}
