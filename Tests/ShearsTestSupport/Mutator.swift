import Foundation

/// Seeded mutations of real inputs for the fuzz tests: bit flips, truncation, splices of
/// another input, numbers replaced by huge or negative ones, and deep nesting. The same seed
/// gives the same sequence of inputs, so a failure printed as (seed, iteration) reproduces.
public struct Mutator {
    public private(set) var random: TestRandom
    /// Texts that broke parsers before (sizes past Int, NaN, nesting).
    public static let interestingNumbers = [
        "0", "-1", "-5", "1e9", "1e308", "-1e308", "nan", "NaN", "inf", "-inf", "1099511627776",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "18446744073709551616",
        "4611686018427387904", "1073741824", "2147483648", "99999", "999999", "0.5e-400", "1000",
    ]

    public init(seed: UInt64) { random = TestRandom(seed: seed) }

    public mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(random.next() % UInt64(n)) }

    /// One to three mutations of `input`; `donor` supplies splices.
    public mutating func mutate(_ input: [UInt8], donor: [UInt8]) -> [UInt8] {
        var out = input
        for _ in 0...below(3) { out = once(out, donor: donor) }
        return out
    }

    mutating func once(_ input: [UInt8], donor: [UInt8]) -> [UInt8] {
        var out = input
        let at = below(out.count + 1)
        switch below(9) {
        case 0:  // flip bits
            for _ in 0...below(4) where !out.isEmpty { out[below(out.count)] ^= UInt8(1) << UInt8(below(8)) }
        case 1:  // truncate
            out = Array(out.prefix(at))
        case 2:  // splice a chunk of the donor in
            guard !donor.isEmpty else { break }
            let start = below(donor.count), length = below(min(64, donor.count - start) + 1)
            out.replaceSubrange(at..<min(out.count, at + below(16)), with: donor[start..<start + length])
        case 3, 4:  // replace a number with an interesting one
            out = replaceNumber(out)
        case 5:  // deep nesting: flow and JSON brackets, block sequences, indented block mappings
            let depth = [200, 1_000, 5_000][below(3)]
            let nesting: String
            switch below(4) {
            case 0: nesting = String(repeating: "[", count: depth)
            case 1: nesting = String(repeating: "{\"a\":", count: depth)
            case 2: nesting = String(repeating: "- ", count: depth)
            default: nesting = (0..<min(depth, 400)).map { String(repeating: " ", count: $0) + "k:\n" }.joined()
            }
            out.insert(contentsOf: Array(nesting.utf8), at: at)
        case 6:  // interesting bytes: huge varints, NUL, 0xFF runs
            let runs: [[UInt8]] = [[0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0], [0x80, 0x80, 0x80],
                                   Array(repeating: 0xFF, count: 8), [0x0A], Array(":\n  ".utf8)]
            out.replaceSubrange(at..<min(out.count, at + below(4)), with: runs[below(runs.count)])
        case 7:  // duplicate a chunk (repeated keys, repeated fields)
            guard !out.isEmpty else { break }
            let start = below(out.count), length = below(min(256, out.count - start) + 1)
            out.insert(contentsOf: Array(out[start..<start + length]), at: at)
        default:  // delete a chunk
            out.removeSubrange(at..<min(out.count, at + 1 + below(32)))
        }
        return out
    }

    /// Mutates a safetensors file's JSON header (the part a person or a tool edits) and fixes
    /// the length prefix most of the time, so the mutation reaches the metadata checks.
    public mutating func mutateSafeTensorsHeader(_ input: [UInt8], donor: [UInt8]) -> [UInt8] {
        if below(8) == 0 || input.count < 8 { return mutate(input, donor: donor) }
        var n = 0
        for i in 0..<8 { n |= Int(input[i]) << (8 * i) }
        guard n <= input.count - 8 else { return mutate(input, donor: donor) }
        let header = Array(input[8..<8 + n]), data = input[(8 + n)...]
        let mutated = below(2) == 0 ? replaceNumber(header) : mutate(header, donor: Array(donor.prefix(4096)))
        var length = UInt64(mutated.count)
        if below(10) == 0 { length = UInt64(below(1 << 20)) }
        return withUnsafeBytes(of: length.littleEndian) { Array($0) } + mutated + data
    }

    /// Replaces one run of digits (with its sign and exponent) by an interesting number.
    public mutating func replaceNumber(_ input: [UInt8]) -> [UInt8] {
        let digits = input.indices.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(input[$0]) }
        guard !digits.isEmpty else { return input }
        var start = digits[below(digits.count)], end = start
        let isNumberByte = { (b: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: ".") }
        while start > 0, isNumberByte(input[start - 1]) || input[start - 1] == UInt8(ascii: "-") { start -= 1 }
        while end + 1 < input.count, isNumberByte(input[end + 1]) || input[end + 1] == UInt8(ascii: "e") { end += 1 }
        var out = input
        out.replaceSubrange(start...end, with: Array(Self.interestingNumbers[below(Self.interestingNumbers.count)].utf8))
        return out
    }
}

/// Fuzz settings from the environment: `SHEARS_FUZZ_SEED` (default fixed) and
/// `SHEARS_FUZZ_SCALE` (iterations multiplier, default 1; e.g. 50 for a long run).
public enum FuzzSettings {
    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SHEARS_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_207
    }

    public static func iterations(_ base: Int) -> Int {
        let scale = ProcessInfo.processInfo.environment["SHEARS_FUZZ_SCALE"].flatMap { Double($0) } ?? 1
        return max(1, Int(Double(base) * scale))
    }

    /// Where failing inputs are written (created on first use).
    public static let failureDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shears-fuzz-failures")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Writes a failing input and returns its path, for the failure message.
    public static func save(_ bytes: [UInt8], name: String) -> String {
        let url = failureDirectory.appendingPathComponent(name)
        try? Data(bytes).write(to: url)
        return url.path
    }
}
