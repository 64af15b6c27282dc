import Foundation
import Pruning
import ShearsTestSupport
import Testing

/// What each real Distiller schedule does when checked for resnet20: loads (with its
/// warnings), or is refused with exactly this message.
struct FixtureOutcome: CustomTestStringConvertible, Sendable {
    let file: String
    let expected: String
    var testDescription: String { file }

    static let all: [FixtureOutcome] = [
        FixtureOutcome(file: "agp-pruning__alexnet.schedule_agp.yaml", expected: """
            agp-pruning__alexnet.schedule_agp.yaml:57:15: error: parameter 'classifier.1.weight' in 'fc_pruner' does \
            not exist in resnet20_cifar; nearest: conv1.weight, layer1.0.bn1.weight, layer1.1.bn1.weight
                weights: ['classifier.1.weight', 'classifier.4.weight']
                          ^
            """),
        FixtureOutcome(file: "agp-pruning__resnet20_filters.bn_fold.schedule_agp.yaml", expected: """
            agp-pruning__resnet20_filters.bn_fold.schedule_agp.yaml:107:9: error: policy argument 'fold_batchnorm' \
            for 'low_pruner' is not supported; supported: none (masks are applied after every optimiser step)
                    fold_batchnorm: True
                    ^
            """),
        FixtureOutcome(file: "agp-pruning__resnet20_filters.schedule_agp.yaml", expected: "loads"),
        FixtureOutcome(file: "agp-pruning__resnet20_filters.schedule_agp_2.yaml", expected: "loads"),
        FixtureOutcome(file: "agp-pruning__resnet20_filters.schedule_agp_3.yaml", expected: "loads"),
        FixtureOutcome(file: "agp-pruning__resnet50.schedule_agp.filters.yaml", expected: """
            agp-pruning__resnet50.schedule_agp.filters.yaml:131:15: error: parameter 'module.layer2.3.conv1.weight' \
            in 'filter_pruner' does not exist in resnet20_cifar; nearest: layer2.0.conv1.weight, \
            layer2.1.conv1.weight, layer2.2.conv1.weight
                          module.layer2.3.conv1.weight,
                          ^
            """),
        FixtureOutcome(file: "baseline_networks__cifar__resnet20_cifar_baseline_training.yaml", expected: """
            baseline_networks__cifar__resnet20_cifar_baseline_training.yaml:1:1: error: a schedule must be a mapping \
            (version, pruners, lr_schedulers, extensions, policies), found '../../ssl/resnet20_cifar_baseline_training.yaml' \
            (a path: the file may be a symbolic link stored as text)
            ../../ssl/resnet20_cifar_baseline_training.yaml
            ^
            """),
        FixtureOutcome(file: "drop_filter__resnet20_cifar_randomlevel_training.yaml", expected: """
            drop_filter__resnet20_cifar_randomlevel_training.yaml:63:12: error: pruner 'random_filter_pruner' has \
            class 'RandomLevelStructureParameterPruner' (random per-step sparsity with per-mini-batch masks is not \
            implemented); supported: AutomatedGradualPruner, L1RankedStructureParameterPruner_AGP, \
            L1RankedStructureParameterPruner, SparsityLevelParameterPruner
                class: RandomLevelStructureParameterPruner
                       ^
            """),
        FixtureOutcome(file: "network_slimming__resnet20_slimming.yaml", expected: """
            network_slimming__resnet20_slimming.yaml:17:12: error: regularizer 'Channels_groups_regularizer' has \
            class 'L1Regularizer' (regularizers are not implemented; use the optimiser's weight decay); supported: none
                class: L1Regularizer
                       ^
            """),
        FixtureOutcome(file: "network_surgery__resnet20.network_surgery.yaml", expected: """
            network_surgery__resnet20.network_surgery.yaml:88:12: error: pruner 'pruner1' has class 'SplicingPruner' \
            (network surgery recomputes masks every mini-batch, which is not implemented); supported: \
            AutomatedGradualPruner, L1RankedStructureParameterPruner_AGP, L1RankedStructureParameterPruner, \
            SparsityLevelParameterPruner
                class: SplicingPruner
                       ^
            """),
        FixtureOutcome(file: "quantization__post_train_quant__resnet18_imagenet_post_train.yaml", expected: """
            quantization__post_train_quant__resnet18_imagenet_post_train.yaml:53:23: error: 'bits_activations' is 6 \
            bits, which OpenVINO's CPU plugin cannot execute (it runs 8-bit integer layers only); use 8, null \
            (float), or pass '--simulate-only' to evaluate it in simulation
                bits_activations: 6
                                  ^
            """),
        FixtureOutcome(file: "ssl__ssl_4D-removal_training.yaml", expected: """
            ssl__ssl_4D-removal_training.yaml:71:12: error: regularizer '4D_groups_regularizer' has class \
            'GroupLassoRegularizer' (regularizers are not implemented; use a structure pruner); supported: none
                class: GroupLassoRegularizer
                       ^
            """),
        FixtureOutcome(file: "ssl__ssl_channels-removal_training.yaml", expected: """
            ssl__ssl_channels-removal_training.yaml:64:12: error: regularizer 'Channels_groups_regularizer' has \
            class 'GroupLassoRegularizer' (regularizers are not implemented; use a structure pruner); supported: none
                class: GroupLassoRegularizer
                       ^
            """),
        FixtureOutcome(file: "ssl__ssl_filter-removal_training.yaml", expected: """
            ssl__ssl_filter-removal_training.yaml:63:12: error: regularizer 'Filters_groups_regularizer' has class \
            'GroupLassoRegularizer' (regularizers are not implemented; use a structure pruner); supported: none
                class: GroupLassoRegularizer
                       ^
            """),
        FixtureOutcome(file: "tests__full_flow_tests__simplenet_mnist_pruning.yaml", expected: """
            tests__full_flow_tests__simplenet_mnist_pruning.yaml:17:15: error: parameter 'module.conv2.weight' in \
            'filter_pruner_agp' does not exist in resnet20_cifar; nearest: conv1.weight, bn1.weight, fc.weight
                weights: [module.conv2.weight]
                          ^
            """),
    ]

    /// Loads the fixture and checks it for resnet20: "loads" plus any warnings, or the error.
    static func outcome(_ file: String) throws -> String {
        let text = try String(contentsOf: PyYAMLParityTests.fixtures.appendingPathComponent(file), encoding: .utf8)
        return renderedError {
            let schedule = try Schedule(parsing: text, file: file)
            try schedule.checkDeployable()   // as `shears schedule check` does without --simulate-only
            let warnings = schedule.warnings + (try schedule.validate(against: ResNet20.table))
            if !warnings.isEmpty { throw ScheduleWarningsFound(warnings: warnings) }
        }.replacingOccurrences(of: "<no error>", with: "loads")
    }
}

struct ScheduleWarningsFound: Error, CustomStringConvertible {
    let warnings: [ScheduleWarning]
    var description: String { "loads with warnings:\n" + warnings.map(\.description).joined(separator: "\n") }
}

struct FixtureOutcomeTests {
    @Test(arguments: FixtureOutcome.all)
    func outcomeForResNet20(_ fixture: FixtureOutcome) throws {
        #expect(try FixtureOutcome.outcome(fixture.file) == fixture.expected)
    }

    @Test func everyFixtureHasAnExpectedOutcome() throws {
        #expect(try PyYAMLParityTests.fixtureNames() == FixtureOutcome.all.map(\.file))
    }
}
