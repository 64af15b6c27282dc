import ShearsTestSupport
import Testing

/// `shears bench training`/`bench kernels`: bad values exit 2 with the usage line, before any work.
struct BenchCommandTests {
    @Test func trainingRejectsZeroSteps() throws {
        let r = try runProcess(TestPaths.shearsBinary, ["bench", "training", "--steps", "0"])
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            Error: The value '0' is invalid for '--steps <n>': expected a positive integer
            Usage: shears bench training [--arch <name>] [--batch-size <n>] [--warmup <n>] [--steps <n>] [--seed <n>] [--json]
              See 'shears bench training --help' for more information.

            """)
    }

    @Test func trainingRejectsAnUnknownArchitecture() throws {
        let r = try runProcess(TestPaths.shearsBinary, ["bench", "training", "--arch", "resnet21"])
        #expect(r.status == 2)
        #expect(r.stderr == "Error: unknown architecture 'resnet21'; supported: resnet20, resnet32, resnet44, resnet56\n")
    }

    @Test func benchListsTheTrainingSubcommand() throws {
        let r = try runProcess(TestPaths.shearsBinary, ["bench", "--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("  training "))
    }
}
