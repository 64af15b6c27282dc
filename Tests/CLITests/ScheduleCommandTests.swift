import Foundation
import ShearsTestSupport
import Testing

/// `shears schedule check` on Distiller's own schedules (when ../shared is present) and on the
/// Distiller-format fixtures written here, run from the package root so the path is printed as given.
struct ScheduleCommandTests {
    static let own = "Tests/Fixtures/distiller-format/"

    static let fixtures = "../shared/fixtures/distiller-schedules/"

    func check(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestPaths.shearsBinary, ["schedule", "check"] + arguments, currentDirectory: TestPaths.root)
    }

    @Test(.enabled(if: ScheduleFixtures.distillerPresent, Comment(rawValue: ScheduleFixtures.skipReason)))
    func aSupportedScheduleExitsZeroWithASummary() throws {
        let r = try check(ScheduleCommandTests.fixtures + "agp-pruning__resnet20_filters.schedule_agp_2.yaml")
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout == """
            ../shared/fixtures/distiller-schedules/agp-pruning__resnet20_filters.schedule_agp_2.yaml: OK for \
            resnet20_cifar (2 pruners, 1 lr_scheduler, 1 extension, 4 policies)
              pruner low_pruner: L1RankedStructureParameterPruner_AGP, Filters, 0.1 -> 0.4 on 6 weights, epochs 0..<20 every 2
              pruner fine_pruner: AutomatedGradualPruner, elementwise, 0.05 -> 0.7 on 4 weights, epochs 20..<40 every 2
              extension net_thinner: FilterRemover, epochs [22]
              lr_scheduler pruning_lr: StepLR, epochs 0..<400 every 1

            """)
    }

    @Test(.enabled(if: ScheduleFixtures.distillerPresent, Comment(rawValue: ScheduleFixtures.skipReason)))
    func anUnsupportedClassExitsTwoWithThePositionedError() throws {
        let r = try check(ScheduleCommandTests.fixtures + "network_surgery__resnet20.network_surgery.yaml")
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            ../shared/fixtures/distiller-schedules/network_surgery__resnet20.network_surgery.yaml:88:12: error: \
            pruner 'pruner1' has class 'SplicingPruner' (network surgery recomputes masks every mini-batch, which is \
            not implemented); supported: AutomatedGradualPruner, L1RankedStructureParameterPruner_AGP, \
            L1RankedStructureParameterPruner, SparsityLevelParameterPruner
                class: SplicingPruner
                       ^

            """)
    }

    @Test(.enabled(if: ScheduleFixtures.distillerPresent, Comment(rawValue: ScheduleFixtures.skipReason)))
    func jsonPrintsTheResolvedSchedule() throws {
        let r = try check(ScheduleCommandTests.fixtures + "agp-pruning__resnet20_filters.schedule_agp.yaml", "--json")
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["arch"] as? String == "resnet20_cifar")
        let policies = try #require(object["policies"] as? [[String: Any]])
        #expect(policies.first?["epochs"] as? [Int] == Array(stride(from: 0, to: 30, by: 2)))
        #expect((policies.first?["sparsity"] as? [Double])?.last == 0.5)
    }

    @Test func ownSupportedScheduleExitsZeroWithASummary() throws {
        let r = try check(ScheduleCommandTests.own + "channels-agp.yaml")
        #expect(r.status == 0)
        #expect(r.stderr == "")
        #expect(r.stdout == """
            Tests/Fixtures/distiller-format/channels-agp.yaml: OK for resnet20_cifar (1 pruner, 0 lr_schedulers, \
            1 extension, 2 policies)
              pruner channel_pruner: L1RankedStructureParameterPruner_AGP, Channels, 0.1 -> 0.4 on 3 weights, epochs 0..<20 every 2
              extension net_thinner: ChannelRemover, epochs [20]

            """)
    }

    @Test func ownUnsupportedClassExitsTwoWithThePositionedError() throws {
        let r = try check(ScheduleCommandTests.own + "surgery.yaml")
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            Tests/Fixtures/distiller-format/surgery.yaml:4:12: error: pruner 'surgeon' has class 'SplicingPruner' \
            (network surgery recomputes masks every mini-batch, which is not implemented); supported: \
            AutomatedGradualPruner, L1RankedStructureParameterPruner_AGP, L1RankedStructureParameterPruner, \
            SparsityLevelParameterPruner
                class: SplicingPruner
                       ^

            """)
    }

    @Test func ownJSONPrintsTheResolvedSchedule() throws {
        let r = try check(ScheduleCommandTests.own + "agp-filters.yaml", "--json")
        #expect(r.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["arch"] as? String == "resnet20_cifar")
        let policies = try #require(object["policies"] as? [[String: Any]])
        #expect(policies.first?["epochs"] as? [Int] == Array(stride(from: 0, to: 30, by: 2)))
        #expect((policies.first?["sparsity"] as? [Double])?.last == 0.5)
    }

    /// The thinning extension names the data set; `--dataset` says which one to check against.
    @Test func theExtensionsDataSetMustMatchDataset() throws {
        let r = try check(ScheduleCommandTests.own + "channels-agp.yaml", "--dataset", "cifar100")
        #expect(r.status == 2)
        #expect(r.stderr == """
            Tests/Fixtures/distiller-format/channels-agp.yaml:19:16: error: the thinning extension's dataset is \
            'cifar10', but the schedule is checked for 'cifar100'
                  dataset: cifar10
                           ^

            """)
    }

    @Test func aMissingFileExitsTwo() throws {
        let r = try check("no-such-schedule.yaml")
        #expect(r.status == 2)
        #expect(r.stderr == "Error: cannot read schedule 'no-such-schedule.yaml': no such file\n")
    }

    @Test func aDeeperNetworkIsChosenWithArch() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-schedule-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("deep.yaml")
        try """
            pruners:
              p:
                class: AutomatedGradualPruner
                initial_sparsity: 0.1
                final_sparsity: 0.5
                weights: [layer3.8.conv2.weight]
            policies:
              - pruner: {instance_name: p}
                starting_epoch: 0
                ending_epoch: 4
                frequency: 1
            """.write(to: file, atomically: true, encoding: .utf8)
        #expect(try check(file.path, "--arch", "resnet56").status == 0)
        let r = try check(file.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: parameter 'layer3.8.conv2.weight' in 'p' does not exist in resnet20_cifar"))
    }
}
