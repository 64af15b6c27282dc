import Testing
import Optimizer

struct InitialDesignTests {
    /// Points of scipy.stats.qmc.Sobol(21, scramble=False, bits=32) as 32-bit words, the
    /// independent reference for our direction numbers (Joe–Kuo new-joe-kuo-6.21201).
    static let scipy: [(index: Int, words: [UInt64])] = [
        (5, [3758096384, 3758096384, 536870912, 1610612736, 3758096384, 2684354560, 3758096384, 1610612736,
             1610612736, 536870912, 1610612736, 3758096384, 3758096384, 536870912, 3758096384, 1610612736,
             3758096384, 1610612736, 1610612736, 2684354560, 2684354560]),
        (100, [1778384896, 1107296256, 3321888768, 3120562176, 3791650816, 3187671040, 100663296, 2046820352,
               2717908992, 2986344448, 1979711488, 2919235584, 2046820352, 3657433088, 1375731712, 2113929216,
               2919235584, 3187671040, 3590324224, 1442840576, 3254779904]),
        (1000, [943718400, 415236096, 2227175424, 2906652672, 1203765248, 3896508416, 197132288, 3862953984,
                2151677952, 297795584, 364904448, 1094713344, 692060160, 1648361472, 616562688, 1589641216,
                3091202048, 1480589312, 4257218560, 3116367872, 2243952640]),
        (1023, [4194304, 3233808384, 2629828608, 624951296, 801112064, 1883242496, 599785472, 2654994432,
                1480589312, 3653238784, 2915041280, 155189248, 557842432, 2856321024, 1556086784, 1992294400,
                1346371584, 3762290688, 2512388096, 1371537408, 3720347648]),
    ]

    @Test func sobolMatchesScipyInAll21Dimensions() {
        #expect(InitialDesign.maxSobolDimension == 21)
        for (index, words) in Self.scipy {
            let point = InitialDesign.sobolPoint(index: index, dimension: 21)
            let ours = point.map { UInt64($0 * 4_294_967_296.0) }
            #expect(ours == words, "Sobol point \(index)")
        }
    }

    @Test func shiftedSobolPutsOnePointInEveryElementaryInterval() {
        for seed: UInt64 in [0, 1, 99] {
            let m = 5, count = 1 << m
            let points = (0..<count).map { InitialDesign.shiftedSobolPoint(index: $0, dimension: 21, seed: seed) }
            for j in 0..<21 {
                let cells = Set(points.map { Int($0[j] * Double(count)) })
                #expect(cells.count == count, "seed \(seed), dimension \(j): \(cells.count) of \(count) intervals hit")
            }
            // The first two coordinates form a (0, m, 2)-net: every box of area 2⁻ᵐ holds one point.
            for k in 0...m {
                let boxes = Set(points.map { Int($0[0] * Double(1 << k)) * 1000 + Int($0[1] * Double(1 << (m - k))) })
                #expect(boxes.count == count, "seed \(seed): \(boxes.count) boxes of shape 2^-\(k) x 2^-\(m - k)")
            }
        }
    }

    @Test func shiftedSobolIsDeterministicAndSeedDependent() {
        let a = (0..<8).map { InitialDesign.shiftedSobolPoint(index: $0, dimension: 4, seed: 3) }
        let b = (0..<8).map { InitialDesign.shiftedSobolPoint(index: $0, dimension: 4, seed: 3) }
        let c = (0..<8).map { InitialDesign.shiftedSobolPoint(index: $0, dimension: 4, seed: 4) }
        #expect(a == b)
        #expect(a != c)
        #expect(a.allSatisfy { $0.allSatisfy { $0 > 0 && $0 < 1 } })
    }

    @Test func latinHypercubeHitsEveryStratumOncePerDimension() {
        let count = 17, d = 30
        let points = InitialDesign.latinHypercube(count: count, dimension: d, seed: 5)
        #expect(points.count == count)
        for j in 0..<d {
            let strata = points.map { Int($0[j] * Double(count)) }.sorted()
            #expect(strata == Array(0..<count), "dimension \(j)")
        }
        #expect(points == InitialDesign.latinHypercube(count: count, dimension: d, seed: 5))
        #expect(points != InitialDesign.latinHypercube(count: count, dimension: d, seed: 6))
    }

    @Test func designFallsBackToLatinHypercubeAboveTheSobolDimensions() {
        let p = InitialDesign.point(index: 2, count: 10, dimension: 25, seed: 1)
        #expect(p == InitialDesign.latinHypercube(count: 10, dimension: 25, seed: 1)[2])
        let q = InitialDesign.point(index: 2, count: 10, dimension: 5, seed: 1)
        #expect(q == InitialDesign.shiftedSobolPoint(index: 2, dimension: 5, seed: 1))
    }
}
