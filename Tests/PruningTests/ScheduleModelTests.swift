import Foundation
import Network
import Pruning
import ShearsTestSupport
import Testing
import Training

struct ScheduleModelTests {
    @Test func libraryResNetTableMatchesDistillerNames() {
        #expect(ParameterTable.resnetCIFAR(depth: 20) == ResNet20.table)
        let table = ParameterTable.resnetCIFAR(depth: 20)
        let convAndFC = table.shapes.filter { $0.value.count >= 2 }.values.map { $0.reduce(1, *) }.reduce(0, +)
        #expect(convAndFC == 270_896, "Distiller's figure for resnet20_cifar's conv+fc weights")
        #expect(ParameterTable.resnetCIFAR(depth: 56).shapes["layer3.8.conv2.weight"] == [64, 64, 3, 3])
        #expect(ParameterTable.resnetCIFAR(depth: 56).arch == "resnet56_cifar")
    }

    @Test func prefixedAndBareNamesResolveAlike() throws {
        let schedule = try Schedule(parsing: """
            pruners:
              p:
                class: SparsityLevelParameterPruner
                levels: {module.conv1.weight: 0.5, fc.weight: 0.25}
            policies:
              - pruner: {instance_name: p}
                epochs: [0]
            """, file: "s.yaml")
        #expect(schedule.pruners[0].weights.map(\.name) == ["conv1.weight", "fc.weight"])
        #expect(schedule.pruners[0].weights.map(\.written) == ["module.conv1.weight", "fc.weight"])
        #expect(schedule.sparsityTargets(at: 0).map(\.sparsity) == [0.5, 0.25])
        #expect(try schedule.validate(against: ResNet20.table).isEmpty)
    }

    @Test func warningsNameUnusedInstancesAndEmptyStructurePruning() throws {
        let schedule = try Schedule(parsing: """
            pruners:
              tiny:
                class: L1RankedStructureParameterPruner
                group_type: Filters
                desired_sparsity: 0.05
                weights: [conv1.weight]
              unused:
                class: AutomatedGradualPruner
                initial_sparsity: 0.1
                final_sparsity: 0.2
                weights: [fc.weight]
            extensions:
              thin:
                class: FilterRemover
                thinning_func_str: remove_filters
                arch: resnet20_cifar
                dataset: cifar10
            policies:
              - pruner: {instance_name: tiny}
                starting_epoch: 0
                ending_epoch: 10
                frequency: 1
              - extension: {instance_name: thin}
                epochs: [5]
            """, file: "w.yaml")
        let warnings = schedule.warnings + (try schedule.validate(against: ResNet20.table))
        #expect(warnings.map(\.description) == [
            "w.yaml:7:3: warning: pruner 'unused' is defined but no policy uses it",
            "w.yaml:23:5: warning: 'thin' thins at epoch 5, before pruner 'tiny' finishes at epoch 9; structures "
                + "pruned later stay as zeros until the final thinning",
            "w.yaml:6:15: warning: pruner 'tiny' removes nothing from 'conv1.weight': 0.05 of 16 structures rounds "
                + "down to 0",
        ])
    }

    @Test func roundToWiderThanTheLayerIsWarnedAbout() throws {
        let schedule = try Schedule(parsing: """
            version: 1
            pruners:
              filters:
                class: L1RankedStructureParameterPruner
                group_type: Filters
                desired_sparsity: 0.3
                round_to: 16
                weights: [layer1.0.conv1.weight, layer2.0.conv1.weight]
            policies:
              - pruner: {instance_name: filters}
                epochs: [0]
            """, file: "r.yaml")
        #expect(try schedule.validate(against: ResNet20.table).map(\.description) == [
            "r.yaml:8:15: warning: pruner 'filters' removes nothing from 'layer1.0.conv1.weight': 0.3 of 16 "
                + "structures, with the kept count rounded to a multiple of 16 (round_to), prunes none",
        ])
    }

    @Test(arguments: [
        (LRSchedule.step(size: 50, gamma: 0.1), [(0, 0.1), (49, 0.1), (50, 0.01), (100, 0.001)]),
        (LRSchedule.multiStep(milestones: [30, 60], gamma: 0.2), [(29, 0.1), (30, 0.02), (60, 0.004)]),
        (LRSchedule.exponential(gamma: 0.9), [(0, 0.1), (2, 0.081)]),
        (LRSchedule.cosine(period: 10, minimum: 0.001), [(0, 0.1), (5, 0.0505), (10, 0.001), (15, 0.001)]),
    ])
    func learningRatesFollowPyTorchClosedForms(_ schedule: LRSchedule, _ expected: [(Int, Double)]) {
        for (step, lr) in expected {
            #expect(abs(schedule.learningRate(base: 0.1, step: step) - lr) < 1e-12, "\(schedule) step \(step)")
        }
    }

    /// The ramp's first value is Distiller's float arithmetic, 0.5 + (0.1 - 0.5) · 1³ = 0.09999999999999998,
    /// printed exactly rather than rounded so the JSON says what the pruner will use.
    @Test func jsonShowsTheResolvedSchedule() throws {
        let schedule = try Schedule(parsing: """
            version: 1
            pruners:
              filters:
                class: L1RankedStructureParameterPruner_AGP
                initial_sparsity: 0.1
                final_sparsity: 0.5
                group_type: Filters
                group_dependency: Leader
                round_to: 8
                weights: [module.layer2.0.conv1.weight, module.layer2.1.conv1.weight]
            lr_schedulers:
              lr: {class: StepLR, step_size: 2}
            extensions:
              thin: {class: FilterRemover, thinning_func_str: remove_filters, arch: resnet20_cifar, dataset: cifar10}
            policies:
              - pruner: {instance_name: filters}
                starting_epoch: 0
                ending_epoch: 5
                frequency: 2
              - lr_scheduler: {instance_name: lr}
                starting_epoch: 0
                ending_epoch: 3
                frequency: 1
              - extension: {instance_name: thin}
                epochs: [5]
            """, file: "j.yaml")
        #expect(schedule.json(table: ResNet20.table) == """
            {
              "file": "j.yaml",
              "version": 1,
              "arch": "resnet20_cifar",
              "pruners": [
                {
                  "name": "filters",
                  "class": "L1RankedStructureParameterPruner_AGP",
                  "granularity": "Filters",
                  "group_dependency": "Leader",
                  "round_to": 8,
                  "weights": [
                    {
                      "name": "layer2.0.conv1.weight",
                      "shape": [32, 16, 3, 3],
                      "initial_sparsity": 0.1,
                      "final_sparsity": 0.5
                    },
                    {
                      "name": "layer2.1.conv1.weight",
                      "shape": [32, 32, 3, 3],
                      "initial_sparsity": 0.1,
                      "final_sparsity": 0.5
                    }
                  ]
                }
              ],
              "lr_schedulers": [
                {
                  "name": "lr",
                  "class": "StepLR",
                  "step_size": 2,
                  "gamma": 0.1
                }
              ],
              "extensions": [
                {
                  "name": "thin",
                  "class": "FilterRemover",
                  "thinning_func_str": "remove_filters",
                  "arch": "resnet20_cifar",
                  "dataset": "cifar10"
                }
              ],
              "policies": [
                {
                  "pruner": "filters",
                  "starting_epoch": 0,
                  "ending_epoch": 5,
                  "frequency": 2,
                  "epochs": [0, 2, 4],
                  "sparsity": [0.09999999999999998, 0.45, 0.5]
                },
                {
                  "lr_scheduler": "lr",
                  "starting_epoch": 0,
                  "ending_epoch": 3,
                  "frequency": 1,
                  "epochs": [0, 1, 2]
                },
                {
                  "extension": "thin",
                  "epochs": [5]
                }
              ],
              "warnings": []
            }

            """)
        let parsed = try JSONSerialization.jsonObject(with: Data(schedule.json().utf8)) as? [String: Any]
        #expect(parsed?["file"] as? String == "j.yaml")
    }

    @Test func readmeTableIsTheCatalog() throws {
        let readme = try String(contentsOf: TestPaths.root.appendingPathComponent("Sources/Pruning/README.md"),
                                encoding: .utf8)
        #expect(readme.contains(DistillerCatalog.markdownTable))
        let supported = DistillerCatalog.all.filter(\.supported).map(\.name)
        #expect(supported == PrunerClass.allCases.map(\.rawValue) + ["PostTrainLinearQuantizer"]
            + ["StepLR", "MultiStepLR", "ExponentialLR", "CosineAnnealingLR"]
            + ThinningExtension.Kind.allCases.map(\.rawValue))
    }
}

struct NetworkTableTests {
    /// The Network module's resnet20 has exactly the parameters the schedules name.
    @Test func networkParametersMatchDistillerNames() throws {
        let network = try ResNet(depth: 20, seed: 1)
        #expect(ParameterTable(network: network) == ResNet20.table)
        #expect(ParameterTable(network: try ResNet(depth: 32, seed: 1)) == ParameterTable.resnetCIFAR(depth: 32))
    }
}
