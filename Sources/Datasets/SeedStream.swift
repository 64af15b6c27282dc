import Support

/// Independent random streams derived from the one `--seed`: the split, each epoch's
/// shuffle and each image's crop get their own generator, computed from (seed, purpose,
/// indices) rather than drawn in sequence. A run resumed at epoch 7, batch 12 therefore
/// sees exactly the shuffle and crops an uninterrupted run would, and images of one batch
/// can be augmented in parallel without the order of draws mattering.
public enum SeedStream: UInt64, Sendable {
    case validationSplit = 1
    case shuffle = 2
    case augmentation = 3

    /// A generator for this purpose, seeded from `seed` and any number of indices.
    public func generator(seed: UInt64, _ indices: Int...) -> SeededRandom {
        var h = Self.mix(seed ^ (rawValue &* 0xD1B5_4A32_D192_ED03))
        for i in indices { h = Self.mix(h ^ UInt64(bitPattern: Int64(i))) }
        return SeededRandom(seed: h)
    }

    /// SplitMix64's finaliser: a bijective avalanche, so nearby inputs give unrelated seeds
    /// (the first output of the generator seeded with `x`).
    static func mix(_ x: UInt64) -> UInt64 {
        var generator = SeededRandom(seed: x)
        return generator.next()
    }
}

/// Fisher–Yates with our own loop (not `shuffle(using:)`, whose algorithm the standard
/// library does not promise to keep), so a seed means the same order on every toolchain.
func deterministicPermutation(_ count: Int, using rng: inout SeededRandom) -> [Int] {
    var order = Array(0..<count)
    if count < 2 { return order }
    for i in stride(from: count - 1, to: 0, by: -1) {
        let j = Int(rng.next() % UInt64(i + 1))
        order.swapAt(i, j)
    }
    return order
}
