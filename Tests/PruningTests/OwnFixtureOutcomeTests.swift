import Foundation
import Pruning
import YAML
import ShearsTestSupport
import Testing

/// The Distiller-format fixtures written for Shears (Tests/Fixtures/distiller-format), checked for
/// resnet20 in every clone: each loads, or is refused with exactly the message its counterpart
/// among Distiller's own examples gets (`FixtureOutcomeTests`, which needs the workspace's shared fixtures).
struct OwnFixtureOutcomeTests {
    static let all: [FixtureOutcome] = [
        FixtureOutcome(file: "agp-filters.yaml", expected: "loads"),
        FixtureOutcome(file: "alexnet.yaml", expected: """
            alexnet.yaml:8:15: error: parameter 'classifier.1.weight' in 'fc_pruner' does not exist in resnet20_cifar; \
            nearest: conv1.weight, layer1.0.bn1.weight, layer1.1.bn1.weight
                weights: ['classifier.1.weight', 'classifier.4.weight']
                          ^
            """),
        FixtureOutcome(file: "channels-agp.yaml", expected: "loads"),
        FixtureOutcome(file: "fold-bn.yaml", expected: """
            fold-bn.yaml:13:9: error: policy argument 'fold_batchnorm' for 'filter_pruner' is not supported; \
            supported: none (masks are applied after every optimiser step)
                    fold_batchnorm: True
                    ^
            """),
        FixtureOutcome(file: "link-as-text.yaml", expected: """
            link-as-text.yaml:1:1: error: a schedule must be a mapping (version, pruners, lr_schedulers, extensions, \
            policies), found '../../ssl/resnet20_baseline_training.yaml' (a path: the file may be a symbolic link \
            stored as text)
            ../../ssl/resnet20_baseline_training.yaml
            ^
            """),
        // 8-bit PTQ with Distiller's booleans and a stats path: OpenVINO can run it, so it loads (the
        // 6-bit refusal is FixtureOutcomeTests' Distiller example and ScheduleErrorTests' cases).
        FixtureOutcome(file: "quantizer.yaml", expected: "loads"),
        FixtureOutcome(file: "random-level.yaml", expected: """
            random-level.yaml:4:12: error: pruner 'random_pruner' has class 'RandomLevelStructureParameterPruner' \
            (random per-step sparsity with per-mini-batch masks is not implemented); supported: AutomatedGradualPruner, \
            L1RankedStructureParameterPruner_AGP, L1RankedStructureParameterPruner, SparsityLevelParameterPruner
                class: RandomLevelStructureParameterPruner
                       ^
            """),
        FixtureOutcome(file: "repeated-keys.yaml", expected: """
            repeated-keys.yaml:6:12: error: regularizer 'Channels_groups_regularizer' has class 'GroupLassoRegularizer' \
            (regularizers are not implemented; use a structure pruner); supported: none
                class: GroupLassoRegularizer
                       ^
            """),
        FixtureOutcome(file: "slimming.yaml", expected: """
            slimming.yaml:5:12: error: regularizer 'scale_regularizer' has class 'L1Regularizer' (regularizers are not \
            implemented; use the optimiser's weight decay); supported: none
                class: L1Regularizer
                       ^
            """),
        FixtureOutcome(file: "surgery.yaml", expected: """
            surgery.yaml:4:12: error: pruner 'surgeon' has class 'SplicingPruner' (network surgery recomputes masks \
            every mini-batch, which is not implemented); supported: AutomatedGradualPruner, \
            L1RankedStructureParameterPruner_AGP, L1RankedStructureParameterPruner, SparsityLevelParameterPruner
                class: SplicingPruner
                       ^
            """),
    ]

    @Test(arguments: OwnFixtureOutcomeTests.all)
    func outcomeForResNet20(_ fixture: FixtureOutcome) throws {
        #expect(try FixtureOutcome.outcome(fixture.file, in: ScheduleFixtures.own) == fixture.expected)
    }

    @Test func everyFixtureHasAnExpectedOutcome() throws {
        #expect(try ScheduleFixtures.names(in: ScheduleFixtures.own) == Self.all.map(\.file))
    }

    /// A key written twice is kept twice, in file order (PyYAML keeps only the last, which the
    /// tree parity test models); schedule loading then refuses it through `uniqueEntries`.
    @Test func aRepeatedKeyIsKeptInFileOrder() throws {
        let text = try String(contentsOf: ScheduleFixtures.own.appendingPathComponent("repeated-keys.yaml"), encoding: .utf8)
        let root = try #require(try YAMLDocument(parsing: text, file: "repeated-keys.yaml").root)
        func entry(_ node: YAMLNode?, _ name: String) -> YAMLNode? { node?.mapping?.first { $0.name == name }?.value }
        let regims = try #require(entry(entry(entry(root, "regularizers"), "Channels_groups_regularizer"), "reg_regims"))
        let repeated = try #require(regims.mapping).filter { $0.name == "module.layer2.1.conv2.weight" }
        #expect(repeated.map { $0.value.sequence?.first?.scalar?.double } == [0.0008, 0.0004])
        #expect(repeated.map(\.key.location.line) == [10, 11])
    }
}
