import Foundation
import Kernels
import Network
import ShearsTestSupport
import Testing

struct SafeTensorsTests {
    static let sample = SafeTensors(
        entries: [
            .init(name: "conv1.weight", tensor: Tensor(shape: [2, 1, 3, 3], data: (0..<18).map { Float($0) * 0.25 - 2 })),
            .init(name: "bn1.running_var", tensor: Tensor(shape: [2], data: [1e-30, -0.0])),
            .init(name: "fc.bias", tensor: Tensor(shape: [3], data: [.infinity, -.infinity, 3.4028235e38])),
            .init(name: "scalar", tensor: Tensor(shape: [], data: [42])),
            .init(name: "empty", tensor: Tensor(shape: [0, 4], data: [])),
            .init(name: "odd \"name\"\\ü", tensor: Tensor(shape: [1], data: [1.5])),
        ],
        metadata: ["arch": "resnet20", "normalization.mean": "0.49139968,0.48215827,0.44653124",
                   "note": "quote \" backslash \\ newline \n tab \t é"])

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("shears-st-\(UUID().uuidString)-\(name)").path
    }

    @Test func roundTripThroughAFile() throws {
        let path = Self.temporaryPath("rt.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.sample.write(to: path)
        let back = try SafeTensors(contentsOf: path)
        #expect(back.metadata == Self.sample.metadata)
        #expect(back.entries.map(\.name) == Self.sample.entries.map(\.name), "file order is write order")
        for entry in Self.sample.entries {
            let t = try #require(back[entry.name], "\(entry.name) missing")
            #expect(t.shape == entry.tensor.shape)
            #expect(t.data.map(\.bitPattern) == entry.tensor.data.map(\.bitPattern), "\(entry.name)")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
            .filter { $0.hasPrefix((path as NSString).lastPathComponent + ".tmp") }
        #expect(leftovers.isEmpty, "temporary file left behind: \(leftovers)")
    }

    @Test func headerIsPaddedWithSpacesToEightBytes() throws {
        let bytes = try Self.sample.encoded()
        let n = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(n % 8 == 0)
        let header = String(decoding: bytes[8..<(8 + n)], as: UTF8.self)
        #expect(header.hasPrefix("{\"__metadata__\":{\"arch\":\"resnet20\","))
        #expect(header.trimmingCharacters(in: .init(charactersIn: " ")).hasSuffix("}"))
        let data = 18 * 4 + 2 * 4 + 3 * 4 + 4 + 0 + 4
        #expect(bytes.count == 8 + n + data)
        #expect(try Self.sample.encoded() == bytes, "same content gives the same bytes")
    }

    /// Python's reference implementation reads our file: names, shapes, exact values, metadata.
    @Test func pythonReadsOurFile() throws {
        guard let python = TestPaths.python else {
            Issue.record("Python venv not found at .venv; run make setup")
            return
        }
        let path = Self.temporaryPath("py.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.sample.write(to: path)
        let script = """
            import json, sys
            from safetensors import safe_open
            from safetensors.numpy import load_file
            tensors = load_file(sys.argv[1])
            with safe_open(sys.argv[1], framework="np") as f:
                meta = f.metadata()
            out = {"metadata": meta, "tensors": {k: {"dtype": str(v.dtype), "shape": list(v.shape),
                   "bits": [int(b) for b in v.reshape(-1).view("uint32")]} for k, v in tensors.items()}}
            print(json.dumps(out, sort_keys=True))
            """
        let result = try runProcess(python, ["-c", script, path])
        try #require(result.status == 0, "python failed: \(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["metadata"] as? [String: String] == Self.sample.metadata)
        let tensors = try #require(json["tensors"] as? [String: [String: Any]])
        #expect(Set(tensors.keys) == Set(Self.sample.entries.map(\.name)))
        for entry in Self.sample.entries {
            let t = try #require(tensors[entry.name])
            #expect(t["dtype"] as? String == "float32")
            #expect(t["shape"] as? [Int] == entry.tensor.shape, "\(entry.name)")
            #expect((t["bits"] as? [Int])?.map(UInt32.init) == entry.tensor.data.map(\.bitPattern), "\(entry.name)")
        }
    }

    /// We read what Python's writer produces (its own ordering and padding).
    @Test func weReadPythonsFile() throws {
        guard let python = TestPaths.python else {
            Issue.record("Python venv not found at .venv; run make setup")
            return
        }
        let path = Self.temporaryPath("from-py.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import sys, numpy as np
            from safetensors.numpy import save_file
            save_file({"b": np.arange(6, dtype=np.float32).reshape(2, 3) / 7,
                       "a.weight": np.array([-1.5, 2.25], dtype=np.float32),
                       "s": np.array(3.0, dtype=np.float32)}, sys.argv[1], metadata={"k": "v"})
            """
        let result = try runProcess(python, ["-c", script, path])
        try #require(result.status == 0, "python failed: \(result.stderr)")
        let file = try SafeTensors(contentsOf: path)
        #expect(file.metadata == ["k": "v"])
        #expect(file["a.weight"] == Tensor(shape: [2], data: [-1.5, 2.25]))
        #expect(file["b"] == Tensor(shape: [2, 3], data: (0..<6).map { Float($0) / 7 }))
        #expect(file["s"] == Tensor(shape: [], data: [3]))
    }

    // MARK: - Corrupt files

    static func file(header: String, data: [UInt8] = []) -> [UInt8] {
        let h = Array(header.utf8)
        return withUnsafeBytes(of: UInt64(h.count).littleEndian) { Array($0) } + h + data
    }

    static let corrupt: [(id: String, bytes: [UInt8], message: String)] = [
        ("fewer than 8 bytes", [1, 2, 3],
         "m.st: not a safetensors file: 3 bytes, fewer than the 8-byte header length"),
        ("header length past the end", [200, 0, 0, 0, 0, 0, 0, 0] + Array("{}".utf8),
         "m.st: not a safetensors file or truncated: header length 200 exceeds the 2 bytes after the 8-byte prefix"),
        ("header not JSON", file(header: "{nope"),
         "m.st: corrupt safetensors header: not valid JSON"),
        ("header an array", file(header: "[1]"),
         "m.st: corrupt safetensors header: not a JSON object"),
        ("metadata value not a string", file(header: #"{"__metadata__":{"epochs":3}}"#),
         "m.st: __metadata__ value for 'epochs' is not a string"),
        ("unsupported dtype", file(header: #"{"w":{"dtype":"F16","shape":[1],"data_offsets":[0,2]}}"#, data: [0, 0]),
         "m.st: tensor 'w': dtype 'F16' is not supported; shears reads F32"),
        ("fractional shape", file(header: #"{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, data: [0, 0, 0, 0]),
         "m.st: tensor 'w': 'shape' must be a list of non-negative integers"),
        ("range does not match shape", file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#,
                                            data: [0, 0, 0, 0]),
         "m.st: tensor 'w': data_offsets [0, 4] hold 4 bytes but shape [2] of F32 needs 8"),
        ("gap between tensors", file(header: #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
                                     + #""b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
                                     data: [UInt8](repeating: 0, count: 12)),
         "m.st: tensor 'b' starts at data byte 8 but the previous tensor ends at 4 (tensors must be contiguous)"),
        ("truncated data", file(header: #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#,
                                data: [0, 0, 0, 0]),
         "m.st: truncated or padded data: the data section is 4 bytes but the tensors end at 12"),
    ]

    @Test(arguments: 0..<corrupt.count)
    func corruptFilesAreNamedPrecisely(_ index: Int) {
        let c = Self.corrupt[index]
        do {
            _ = try SafeTensors(decoding: c.bytes, path: "m.st")
            Issue.record("\(c.id): accepted")
        } catch {
            #expect(error.description == c.message, "\(c.id)")
        }
    }

    @Test func missingFileAndDuplicateNames() throws {
        #expect(throws: SafeTensorsError.cannotRead(path: "/nonexistent/x.safetensors", reason: "no such file")) {
            try SafeTensors(contentsOf: "/nonexistent/x.safetensors")
        }
        let dup = SafeTensors(entries: [.init(name: "a", tensor: .zeros(1)), .init(name: "a", tensor: .zeros(1))])
        #expect(throws: SafeTensorsError.duplicateName(path: "/tmp/d.st", name: "a")) { try dup.write(to: "/tmp/d.st") }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/d.st"))
        let error = #expect(throws: SafeTensorsError.self) { try Self.sample.write(to: "/nonexistent/dir/x.st") }
        #expect(error?.description == "/nonexistent/dir/x.st: cannot write: No such file or directory")
    }
}
