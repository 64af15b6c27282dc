import Foundation
import Pruning
import ShearsTestSupport
import Testing
import YAML

/// Every Distiller fixture must parse, and to the same tree PyYAML (what Distiller itself uses)
/// builds: compared as JSON, with PyYAML's last-wins rule for the one fixture that repeats keys.
struct PyYAMLParityTests {
    /// Distiller's examples; only read by tests enabled when they are present.
    static var fixtures: URL { ScheduleFixtures.distiller ?? ScheduleFixtures.own }

    static func fixtureNames() throws -> [String] { try ScheduleFixtures.names(in: fixtures) }

    // Skipped with the reason in a clone without ../shared; the own-fixture tests below cover the same paths.
    @Test(.enabled(if: ScheduleFixtures.distillerPresent, Comment(rawValue: ScheduleFixtures.skipReason)))
    func everyDistillerFixtureParses() throws {
        try everyFixtureParses(in: ScheduleFixtures.distiller!, count: 15)
    }

    @Test(.enabled(if: ScheduleFixtures.distillerPresent, Comment(rawValue: ScheduleFixtures.skipReason)))
    func distillerFixturesParseToTheSameTreeAsPyYAML() throws {
        try parseToTheSameTreeAsPyYAML(in: ScheduleFixtures.distiller!)
    }

    @Test func everyOwnFixtureParses() throws {
        try everyFixtureParses(in: ScheduleFixtures.own, count: 10)
    }

    @Test func ownFixturesParseToTheSameTreeAsPyYAML() throws {
        try parseToTheSameTreeAsPyYAML(in: ScheduleFixtures.own)
    }

    func everyFixtureParses(in directory: URL, count: Int) throws {
        let names = try ScheduleFixtures.names(in: directory)
        #expect(names.count == count)
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            let document = try YAMLDocument(parsing: text, file: name)
            #expect(document.root != nil, "\(name) parsed to an empty document")
        }
    }

    /// Compared as JSON, with PyYAML's last-wins rule for a fixture that repeats keys.
    func parseToTheSameTreeAsPyYAML(in directory: URL) throws {
        let python = try #require(TestPaths.python, "the Python venv is missing: run 'make setup'")
        let script = """
            import json, sys, yaml
            out = {}
            for path in sys.argv[1:]:
                with open(path) as f:
                    out[path.rsplit('/', 1)[-1]] = yaml.safe_load(f)
            print(json.dumps(out))
            """
        let names = try ScheduleFixtures.names(in: directory)
        let paths = names.map { directory.appendingPathComponent($0).path }
        let result = try runProcess(python, ["-c", script] + paths)
        #expect(result.status == 0, "PyYAML failed (is PyYAML in the venv? run 'make setup'): \(result.stderr)")
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for name in names {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
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
