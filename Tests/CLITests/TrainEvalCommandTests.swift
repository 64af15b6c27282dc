import Foundation
import ShearsTestSupport
import Testing

/// `shears train` and `shears eval`: bad input exits 2 with the library's exact message.
/// (Training itself is covered by TrainingJobTests; these stay fast.)
struct TrainEvalCommandTests {
    func shears(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestPaths.shearsBinary, arguments)
    }

    @Test func evalOfAMissingModel() throws {
        let r = try shears("eval", "--model", "/nonexistent/m.safetensors")
        #expect(r.status == 2)
        #expect(r.stderr == "Error: /nonexistent/m.safetensors: cannot read: no such file\n")
        #expect(r.stdout == "")
    }

    @Test func trainWithoutData() throws {
        let r = try shears("train", "--data", "/nonexistent/cifar", "--out", "/tmp/never.safetensors")
        #expect(r.status == 2)
        #expect(r.stderr == "Error: /nonexistent/cifar: holds neither CIFAR-10 (test_batch.bin, data_batch_1..5.bin) "
            + "nor CIFAR-100 (test.bin, train.bin) in the official binary layout; run 'make data' or pass --data <dir>\n")
    }

    @Test func trainWithABadSchedule() throws {
        let r = try shears("train", "--lr-schedule", "cosin", "--out", "/tmp/never.safetensors")
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: cannot parse learning-rate schedule 'cosin'; expected one of constant,"))
    }

    @Test func trainNeedsOut() throws {
        let r = try shears("train")
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: Missing expected argument '--out <file>'\nUsage: shears train"))
    }

    @Test func evalSplitMustBeKnown() throws {
        let r = try shears("eval", "--model", "m", "--split", "dev")
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("Error: The value 'dev' is invalid for '--split <name>'"))
    }
}
