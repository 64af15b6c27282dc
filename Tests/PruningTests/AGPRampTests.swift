import Foundation
import Pruning
import ShearsTestSupport
import Testing

/// The AGP ramp of Distiller's resnet20 filter schedule (its pruners, in our fixture), epoch by epoch. Expected values
/// come from Distiller's own formula evaluated in Python (float64):
/// `s_f + (s_i - s_f) * (1 - (t - t0) / span) ** 3` with `span = ((end - start - 1) // freq) * freq`.
struct AGPRampTests {
    static let lowPruner: [(Int, Double)] = [
        (0, 0.09999999999999998), (2, 0.17973760932944605), (4, 0.2481049562682215), (6, 0.3059766763848396),
        (8, 0.3542274052478134), (10, 0.393731778425656), (12, 0.42536443148688047), (14, 0.45),
        (16, 0.4685131195335277), (18, 0.48177842565597667), (20, 0.49067055393586007), (22, 0.49606413994169096),
        (24, 0.4988338192419825), (26, 0.4998542274052478), (28, 0.5),
    ]
    static let finePruner: [(Int, Double)] = [
        (30, 0.050000000000000044), (32, 0.2434842249657066), (34, 0.39417009602194786), (36, 0.5074074074074073),
        (38, 0.5885459533607681), (40, 0.6429355281207133), (42, 0.6759259259259259), (44, 0.6928669410150892),
        (46, 0.6991083676268861), (48, 0.7),
    ]

    /// Tests/Fixtures/distiller-format/agp-filters.yaml: the pruners and policies of Distiller's
    /// `agp-pruning/resnet20_filters.schedule_agp.yaml`, so the ramp is checked in any clone.
    func fixtureSchedule() throws -> Schedule {
        let file = "agp-filters.yaml"
        let text = try String(contentsOf: ScheduleFixtures.own.appendingPathComponent(file), encoding: .utf8)
        return try Schedule(parsing: text, file: file)
    }

    @Test func rampMatchesDistillerAtEveryPruningEpoch() throws {
        let schedule = try fixtureSchedule()
        for (pruner, expected) in [("low_pruner", AGPRampTests.lowPruner), ("fine_pruner", AGPRampTests.finePruner)] {
            let policy = try #require(schedule.policies.first { $0.target == .pruner(pruner) })
            #expect(policy.epochs == expected.map(\.0), "\(pruner) epochs")
            for (epoch, sparsity) in expected {
                let targets = schedule.sparsityTargets(at: epoch).filter { $0.pruner == pruner }
                #expect(!targets.isEmpty, "\(pruner) epoch \(epoch)")
                for target in targets {
                    #expect(abs(target.sparsity - sparsity) <= 1e-15,
                            "\(pruner) \(target.weight) epoch \(epoch): \(target.sparsity) vs \(sparsity)")
                }
            }
        }
    }

    @Test func noPruningTargetsBetweenPolicyEpochs() throws {
        let schedule = try fixtureSchedule()
        #expect(schedule.sparsityTargets(at: 1).isEmpty)
        #expect(schedule.sparsityTargets(at: 29).isEmpty)
        // Epoch 30 starts both fine_pruner and fc_pruner: 4 + 1 weights.
        #expect(schedule.sparsityTargets(at: 30).map(\.weight) == [
            "layer3.1.conv1.weight", "layer3.1.conv2.weight", "layer3.2.conv1.weight", "layer3.2.conv2.weight",
            "fc.weight",
        ])
    }

    @Test func spanFollowsDistillerIntegerDivision() {
        #expect(AGPRamp.span(EpochWindow(start: 0, end: 30, frequency: 2)) == 28)
        #expect(AGPRamp.span(EpochWindow(start: 0, end: 31, frequency: 2)) == 30)
        #expect(AGPRamp.span(EpochWindow(start: 5, end: 8, frequency: 1)) == 2)
        #expect(AGPRamp.span(EpochWindow(start: 0, end: 2, frequency: 2)) == 0)
    }

    @Test func rampIsClampedOutsideItsWindow() {
        let ramp = AGPRamp(initial: 0.1, final: 0.5)
        let window = EpochWindow(start: 10, end: 20, frequency: 1)
        #expect(ramp.sparsity(at: 0, window: window) == ramp.sparsity(at: 10, window: window))
        #expect(ramp.sparsity(at: 40, window: window) == 0.5)
    }
}
