import Foundation
import ShearsTestSupport
import Testing

/// `shears summary` on a model written by Python's `onnx.helper` (bytes embedded, so the
/// test needs no venv): conv (stride 2) → relu → pool → flatten → gemm, IR 8, opset 13.
struct SummaryCommandTests {
    static let tinyModel = """
        0808120b6f6e6e782e68656c7065723a88030a380a05696e7075740a0b636f6e762e7765696768741204636f6e761a04636f6e76\
        2204436f6e762a100a077374726964657340024002a001070a180a04636f6e76120472656c751a0472656c75220452656c750a25\
        0a0472656c751204706f6f6c1a04706f6f6c2211476c6f62616c41766572616765506f6f6c0a1e0a04706f6f6c1204666c61741a\
        07666c617474656e2207466c617474656e0a3b0a04666c61740a0966632e7765696768740a0766632e6269617312066c6f676974\
        731a026663220447656d6d2a0d0a067472616e73421801a00102120474696e792a2108020801080108011001420b636f6e762e77\
        65696768744a080000803f000000402a2b080308021001420966632e7765696768744a180000803f0000803f0000803f0000803f\
        0000803f0000803f2a1b08031001420766632e626961734a0c0000000000000000000000005a200a05696e70757412170a150801\
        12110a0312014e0a0208010a0208040a02080462190a066c6f67697473120f0a0d080112090a0312014e0a02080342040a00100d
        """

    static func write(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shears-summary-\(UUID()).onnx")
        try Data(bytes).write(to: url)
        return url
    }

    static var tinyBytes: [UInt8] {
        let hex = Array(tinyModel.utf8)
        return stride(from: 0, to: hex.count, by: 2).map { UInt8(String(decoding: hex[$0..<($0 + 2)], as: UTF8.self),
                                                                 radix: 16)! }
    }

    @Test func printsOneRowPerNodeAndTotals() throws {
        let url = try Self.write(Self.tinyBytes)
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try runProcess(TestPaths.shearsBinary, ["summary", url.path])
        #expect(r.stderr == "")
        #expect(r.status == 0)
        #expect(r.stdout == """
            node     op                 output shape  params  MACs
            conv     Conv               1x2x2x2            2     8
            relu     Relu               1x2x2x2            0     0
            pool     GlobalAveragePool  1x2x1x1            0     0
            flatten  Flatten            1x2                0     0
            fc       Gemm               1x3                9     6
            total                                         11    14

            """)
    }

    /// The graph field starts at byte 15; its 392-byte payload starts at 18, so a 100-byte cut leaves 82.
    @Test func truncatedFileIsBadInputNamingTheField() throws {
        let url = try Self.write(Array(Self.tinyBytes.prefix(100)))
        defer { try? FileManager.default.removeItem(at: url) }
        let r = try runProcess(TestPaths.shearsBinary, ["summary", url.path, "--batch", "4"])
        #expect(r.stdout == "")
        #expect(r.stderr == "Error: \(url.path): not a readable ONNX model: ModelProto: field 7 at byte 15 needs 392 bytes "
                    + "but only 82 remain\n")
        #expect(r.status == 2)
    }
}
