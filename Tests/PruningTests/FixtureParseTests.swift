import Foundation
import Pruning
import ShearsTestSupport
import Testing

struct FixtureParseTests {
    @Test func everyDistillerFixtureParses() throws {
        let dir = TestPaths.root.appendingPathComponent("../shared/fixtures/distiller-schedules")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count == 15)
        for name in names {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            let doc = try YAMLDocument(parsing: text, file: name)
            #expect(doc.root != nil, "\(name)")
        }
    }
}
