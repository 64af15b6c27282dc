import Foundation
import Testing
import Support

struct SHA256Tests {
    /// FIPS 180-4 examples and the padding boundaries (55/56 bytes: length fits or spills into
    /// a second block; 63/64/65 around one block), the latter from Python's hashlib.
    static let vectors: [(id: String, input: [UInt8], digest: String)] = [
        ("empty", [], "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", Array("abc".utf8), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("two-block FIPS message", Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("55 bytes", pattern(55), "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
        ("56 bytes", pattern(56), "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
        ("63 bytes", pattern(63), "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
        ("64 bytes", pattern(64), "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        ("65 bytes", pattern(65), "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
        ("119 bytes", pattern(119), "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
    ]

    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 251) } }

    @Test(arguments: vectors.indices)
    func knownVector(index: Int) {
        let vector = Self.vectors[index]
        #expect(SHA256.hex(vector.input) == vector.digest, "\(vector.id)")
    }

    @Test func millionAsInChunksOfOddSize() {
        var hasher = SHA256()
        var remaining = 1_000_000
        while remaining > 0 {
            let n = min(remaining, 997)
            hasher.update([UInt8](repeating: UInt8(ascii: "a"), count: n))
            remaining -= n
        }
        let hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        #expect(hex == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func fileDigestMatchesBytes() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(Self.pattern(119)).write(to: url)
        #expect(try SHA256.hex(ofFile: url) == "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6")
    }
}
