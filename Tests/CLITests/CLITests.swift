import Foundation
import ShearsTestSupport
import Testing

/// Golden tests: run the built `shears` binary and compare streams and exit codes exactly.
struct CLITests {
    func shears(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestPaths.shearsBinary, arguments)
    }

    @Test func versionPrintsNameAndVersion() throws {
        let r = try shears("--version")
        #expect(r.status == 0)
        #expect(r.stdout == "shears 0.1.0\n")
        #expect(r.stderr == "")
    }

    @Test func helpGoesToStdoutAndExitsZero() throws {
        let r = try shears("--help")
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("OVERVIEW: Prune ResNets until they are really faster"))
        #expect(r.stdout.contains("\nUSAGE: shears <subcommand>\n"))
        #expect(r.stderr == "")
    }
}
