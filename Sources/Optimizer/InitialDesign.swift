
/// Space-filling points for the first trials, before a surrogate has anything to learn from.
///
/// A Sobol sequence spreads the first `2^m` points one per elementary interval in every
/// coordinate (and one per elementary box in the first two), which random points do not: with
/// five or ten points random sampling often leaves a third of a range untouched. The sequence
/// is randomised by a digital shift (XOR of every coordinate with a random 32-bit word drawn
/// from the seed), which keeps those stratification properties and makes different seeds give
/// different designs. Beyond the 21 dimensions with built-in direction numbers, a scrambled
/// Latin hypercube is used instead.
public enum InitialDesign {
    /// Joe and Kuo's `new-joe-kuo-6.21201` direction numbers for dimensions 2…21 as
    /// (degree s, coefficient a, initial m₁…m_s); dimension 1 is the van der Corput sequence.
    static let directionNumbers: [(s: Int, a: UInt32, m: [UInt32])] = [
        (1, 0, [1]),
        (2, 1, [1, 3]),
        (3, 1, [1, 3, 1]),
        (3, 2, [1, 1, 1]),
        (4, 1, [1, 1, 3, 3]),
        (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]),
        (5, 4, [1, 1, 5, 5, 5]),
        (5, 7, [1, 1, 7, 11, 19]),
        (5, 11, [1, 1, 5, 1, 1]),
        (5, 13, [1, 1, 1, 3, 11]),
        (5, 14, [1, 3, 5, 5, 31]),
        (6, 1, [1, 3, 3, 9, 7, 49]),
        (6, 13, [1, 1, 1, 15, 21, 21]),
        (6, 16, [1, 3, 1, 13, 27, 49]),
        (6, 19, [1, 1, 1, 15, 7, 5]),
        (6, 22, [1, 3, 1, 15, 13, 25]),
        (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]),
        (7, 4, [1, 3, 7, 13, 13, 15, 69]),
    ]

    /// Largest dimension the Sobol generator supports.
    public static let maxSobolDimension = directionNumbers.count + 1

    static let bits = 32

    /// The 32 direction numbers vₖ (as 32-bit fractions) of one dimension (0-based).
    static func directions(dimension j: Int) -> [UInt32] {
        if j == 0 { return (0..<bits).map { UInt32(1) << UInt32(bits - 1 - $0) } }
        let (s, a, m) = directionNumbers[j - 1]
        var v = [UInt32](repeating: 0, count: bits)
        for k in 0..<bits {
            if k < s {
                v[k] = m[k] << UInt32(bits - 1 - k)
            } else {
                var x = v[k - s] ^ (v[k - s] >> UInt32(s))
                for i in 1..<s where (a >> UInt32(s - 1 - i)) & 1 == 1 { x ^= v[k - i] }
                v[k] = x
            }
        }
        return v
    }

    /// Point `index` of the unscrambled Sobol sequence in `dimension` coordinates (index 0 is the origin).
    public static func sobolPoint(index: Int, dimension: Int) -> [Double] {
        precondition(dimension >= 1 && dimension <= maxSobolDimension,
                     "Sobol points need 1...\(maxSobolDimension) dimensions, asked for \(dimension)")
        return sobolWords(index: index, dimension: dimension).map { Double($0) / 4_294_967_296.0 }
    }

    static func sobolWords(index: Int, dimension: Int) -> [UInt32] {
        precondition(index >= 0 && index < 1 << bits, "Sobol index \(index) out of range")
        let gray = UInt64(index) ^ (UInt64(index) >> 1)
        return (0..<dimension).map { j in
            let v = directions(dimension: j)
            var x: UInt32 = 0
            for k in 0..<bits where (gray >> UInt64(k)) & 1 == 1 { x ^= v[k] }
            return x
        }
    }

    /// Point `index` of the digitally shifted Sobol sequence for `seed`, in [0, 1).
    public static func shiftedSobolPoint(index: Int, dimension: Int, seed: UInt64) -> [Double] {
        var rng = TuningRandom(seed: seed, stream: 0x50B0, index: 0)
        let shifts = (0..<dimension).map { _ in UInt32(truncatingIfNeeded: rng.next() >> 32) }
        let words = sobolWords(index: index, dimension: dimension)
        // Centre of the 2⁻³² cell, so no coordinate is exactly 0.
        return (0..<dimension).map { (Double(words[$0] ^ shifts[$0]) + 0.5) / 4_294_967_296.0 }
    }

    /// `count` points of a Latin hypercube for `seed`: each coordinate takes every one of the
    /// `count` equal strata exactly once, at a random position inside it, in a random order.
    public static func latinHypercube(count: Int, dimension: Int, seed: UInt64) -> [[Double]] {
        var rng = TuningRandom(seed: seed, stream: 0x1A7, index: count)
        var points = [[Double]](repeating: [Double](repeating: 0, count: dimension), count: count)
        for j in 0..<dimension {
            var strata = Array(0..<count)
            strata.shuffle(using: &rng)
            for i in 0..<count { points[i][j] = (Double(strata[i]) + rng.uniform()) / Double(count) }
        }
        return points
    }

    /// Point `index` of the design used by the optimiser: shifted Sobol when the dimension allows,
    /// otherwise a Latin hypercube of `count` points.
    public static func point(index: Int, count: Int, dimension: Int, seed: UInt64) -> [Double] {
        if dimension <= maxSobolDimension { return shiftedSobolPoint(index: index, dimension: dimension, seed: seed) }
        return latinHypercube(count: max(count, index + 1), dimension: dimension, seed: seed)[index]
    }
}
