import Foundation
import Pruning
import ShearsTestSupport
import Testing
import YAML

/// Every Distiller fixture must parse, and to the same tree PyYAML (what Distiller itself uses)
/// builds: compared as JSON, with PyYAML's last-wins rule for the one fixture that repeats keys.
struct PyYAMLParityTests {
    static let fixtures = TestPaths.root.appendingPathComponent("../shared/fixtures/distiller-schedules").standardized

    static func fixtureNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func everyFixtureParses() throws {
        let names = try PyYAMLParityTests.fixtureNames()
        #expect(names.count == 15)
        for name in names {
            let text = try String(contentsOf: PyYAMLParityTests.fixtures.appendingPathComponent(name), encoding: .utf8)
            let document = try YAMLDocument(parsing: text, file: name)
            #expect(document.root != nil, "\(name) parsed to an empty document")
        }
    }

    @Test func fixturesParseToTheSameTreeAsPyYAML() throws {
        let python = try #require(TestPaths.python, "the Python venv is missing: run 'make setup'")
        let script = """
            import json, sys, yaml
            out = {}
            for path in sys.argv[1:]:
                with open(path) as f:
                    out[path.rsplit('/', 1)[-1]] = yaml.safe_load(f)
            print(json.dumps(out))
            """
        let names = try PyYAMLParityTests.fixtureNames()
        let paths = names.map { PyYAMLParityTests.fixtures.appendingPathComponent($0).path }
        let result = try runProcess(python, ["-c", script] + paths)
        #expect(result.status == 0, "PyYAML failed (is PyYAML in the venv? run 'make setup'): \(result.stderr)")
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for name in names {
            let text = try String(contentsOf: PyYAMLParityTests.fixtures.appendingPathComponent(name), encoding: .utf8)
            let ours = plainObject(try YAMLDocument(parsing: text, file: name).root)
            let theirs = try #require(expected[name])
            #expect(try canonicalJSON(ours) == canonicalJSON(theirs), "\(name) differs from PyYAML")
        }
    }

    func canonicalJSON(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: [object], options: [.sortedKeys]), as: UTF8.self)
    }

    /// Our tree as Foundation objects, scalars resolved the way PyYAML resolves these files.
    func plainObject(_ node: YAMLNode?) -> Any {
        guard let node else { return NSNull() }
        switch node.value {
        case .scalar(let s):
            if s.isNull { return NSNull() }
            if let b = s.bool { return NSNumber(value: b) }
            if let i = s.int { return NSNumber(value: i) }
            if let d = s.double { return NSNumber(value: d) }
            return s.text
        case .sequence(let items): return items.map(plainObject)
        case .mapping(let entries):
            var object: [String: Any] = [:]
            for entry in entries { object[entry.name] = plainObject(entry.value) }
            return object
        }
    }
}
