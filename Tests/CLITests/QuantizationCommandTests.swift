import Foundation
import ShearsTestSupport
import Testing

/// The quantisation commands end to end: a bit width OpenVINO cannot run is refused by
/// `schedule check` naming file:line:col and the key (accepted with --simulate-only), and
/// `prune` refuses more calibration images than the training split has before any work.
struct QuantizationCommandTests {
    static let fixture = "../shared/fixtures/distiller-schedules/quantization__post_train_quant__resnet18_imagenet_post_train.yaml"

    func shears(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestPaths.shearsBinary, arguments, currentDirectory: TestPaths.root)
    }

    @Test(.enabled(if: ScheduleFixtures.distillerPresent, Comment(rawValue: ScheduleFixtures.skipReason)))
    func sixBitsAreRefusedAtCheckTimeUnlessSimulationOnly() throws {
        let r = try shears("schedule", "check", Self.fixture)
        #expect(r.status == 2 && r.stdout == "")
        #expect(r.stderr == """
            \(Self.fixture):53:23: error: 'bits_activations' is 6 bits, which OpenVINO's CPU plugin cannot execute \
            (it runs 8-bit integer layers only); use 8, null (float), or pass '--simulate-only' to evaluate it in \
            simulation
                bits_activations: 6
                                  ^

            """)
        let simulated = try shears("schedule", "check", Self.fixture, "--simulate-only")
        #expect(simulated.status == 0)
        #expect(simulated.stdout.hasSuffix("""
              quantizer post_train_quantizer: PostTrainLinearQuantizer, activations 6-bit ASYMMETRIC_UNSIGNED \
            (clip AVG), weights 6-bit ASYMMETRIC_UNSIGNED per channel, after the last epoch

            """))
    }

    @Test func tooManyCalibrationImagesIsBadInput() throws {
        try #require(TestPaths.cifar != nil, "no CIFAR-10 subset: run `make data`")
        let r = try shears("prune", "--model", "Models/resnet20-cifar10-subset.safetensors", "--schedule",
                           "Schedules/ptq-int8.yaml", "--epochs", "0", "--calibration-images", "100000",
                           "--out", FileManager.default.temporaryDirectory.appendingPathComponent("never.safetensors").path)
        #expect(r.status == 2)
        #expect(r.stderr.contains(
            "Error: --calibration-images 100000 exceeds the 4585 training images (validation excluded)"), "\(r.stderr)")
    }
}
