import Pruning
import Testing

/// A schedule that must be refused, loading or validating against resnet20, with the whole
/// rendered message. `base` is spliced into most inputs so each case changes one thing.
struct ScheduleErrorCase: CustomTestStringConvertible, Sendable {
    let id: String
    let input: String
    let expected: String
    var testDescription: String { id }

    static let policy = """
        policies:
          - pruner:
              instance_name: p
            starting_epoch: 0
            ending_epoch: 10
            frequency: 2
        """

    static func pruner(_ body: String) -> String {
        "pruners:\n  p:\n" + body.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n") + "\n" + policy
    }

    static let all: [ScheduleErrorCase] = [
        ScheduleErrorCase(id: "A word where an integer belongs is named with its key.", input: """
            pruners:
              p:
                class: AutomatedGradualPruner
                initial_sparsity: 0.05
                final_sparsity: 0.5
                weights: [conv1.weight]
            policies:
              - pruner:
                  instance_name: p
                starting_epoch: ten
                ending_epoch: 10
                frequency: 2
            """, expected: """
            agp.yaml:10:21: error: expected an integer for 'starting_epoch', found 'ten'
                starting_epoch: ten
                                ^
            """),
        ScheduleErrorCase(id: "An unknown pruner class lists the supported ones.", input: pruner("class: FooPruner"),
                          expected: """
            agp.yaml:3:12: error: pruner 'p' has class 'FooPruner', which is not a Distiller class Shears knows; \
            supported: AutomatedGradualPruner, L1RankedStructureParameterPruner_AGP, L1RankedStructureParameterPruner, \
            SparsityLevelParameterPruner
                class: FooPruner
                       ^
            """),
        ScheduleErrorCase(id: "A misspelt key is refused with the class's keys.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weight: [conv1.weight]
            """), expected: """
            agp.yaml:6:5: error: unknown key 'weight' in pruner 'p' (AutomatedGradualPruner); supported: class, \
            initial_sparsity, final_sparsity, weights
                weight: [conv1.weight]
                ^
            """),
        ScheduleErrorCase(id: "A desired_sparsity on an AGP pruner is an unknown key there.", input: pruner("""
            class: L1RankedStructureParameterPruner_AGP
            desired_sparsity: 0.5
            """), expected: """
            agp.yaml:4:5: error: unknown key 'desired_sparsity' in pruner 'p' (L1RankedStructureParameterPruner_AGP); \
            supported: class, initial_sparsity, final_sparsity, group_type, weights, group_dependency, round_to
                desired_sparsity: 0.5
                ^
            """),
        ScheduleErrorCase(id: "A missing key is reported at its mapping.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            """), expected: """
            agp.yaml:3:5: error: missing 'weights' in pruner 'p' (AutomatedGradualPruner)
                class: AutomatedGradualPruner
                ^
            """),
        ScheduleErrorCase(id: "A sparsity of 1 or more is refused.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 1.5
            weights: [conv1.weight]
            """), expected: """
            agp.yaml:5:21: error: 'final_sparsity' must be in [0, 1), found 1.5
                final_sparsity: 1.5
                                ^
            """),
        ScheduleErrorCase(id: "An AGP ramp must grow.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.5
            final_sparsity: 0.2
            weights: [conv1.weight]
            """), expected: """
            agp.yaml:5:21: error: final_sparsity (0.2) must be greater than initial_sparsity (0.5)
                final_sparsity: 0.2
                                ^
            """),
        ScheduleErrorCase(id: "An unknown group type lists the supported ones.", input: pruner("""
            class: L1RankedStructureParameterPruner
            group_type: Blocks
            desired_sparsity: 0.5
            weights: [conv1.weight]
            """), expected: """
            agp.yaml:4:17: error: group_type 'Blocks' is not supported; supported: Filters, Channels, Rows
                group_type: Blocks
                            ^
            """),
        ScheduleErrorCase(id: "Only the Leader group dependency exists.", input: pruner("""
            class: L1RankedStructureParameterPruner
            group_type: Filters
            desired_sparsity: 0.5
            weights: [conv1.weight]
            group_dependency: Follower
            """), expected: """
            agp.yaml:7:23: error: group_dependency 'Follower' is not supported; supported: Leader
                group_dependency: Follower
                                  ^
            """),
        ScheduleErrorCase(id: "round_to counts structures, so it is a positive integer.", input: pruner("""
            class: L1RankedStructureParameterPruner
            group_type: Filters
            desired_sparsity: 0.5
            weights: [conv1.weight]
            round_to: 0
            """), expected: """
            agp.yaml:7:15: error: 'round_to' must be greater than 0, found 0
                round_to: 0
                          ^
            """),
        ScheduleErrorCase(id: "round_to belongs to structure pruners only.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weights: [conv1.weight]
            round_to: 16
            """), expected: """
            agp.yaml:7:5: error: unknown key 'round_to' in pruner 'p' (AutomatedGradualPruner); supported: class, \
            initial_sparsity, final_sparsity, weights
                round_to: 16
                ^
            """),
        ScheduleErrorCase(id: "A weight listed twice in one pruner is refused, module. prefix or not.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weights: [conv1.weight, module.conv1.weight]
            """), expected: """
            agp.yaml:6:29: error: weight 'conv1.weight' is listed twice in pruner 'p'
                weights: [conv1.weight, module.conv1.weight]
                                        ^
            """),
        ScheduleErrorCase(id: "The wildcard level is refused.", input: pruner("""
            class: SparsityLevelParameterPruner
            levels:
              '*': 0.5
            """), expected: """
            agp.yaml:5:7: error: the '*' level (every parameter) is not supported; name each weight
                  '*': 0.5
                  ^
            """),
        ScheduleErrorCase(id: "A quantizer is refused with the reason.", input: """
            quantizers:
              q:
                class: DorefaQuantizer
            """ + "\n" + policy, expected: """
            agp.yaml:3:12: error: quantizer 'q' has class 'DorefaQuantizer' (low-bit training quantizer; OpenVINO \
            CPU executes 8-bit layers only); supported: PostTrainLinearQuantizer
                class: DorefaQuantizer
                       ^
            """),
        ScheduleErrorCase(id: "Quantisation-aware training is refused by name.", input: """
            quantizers:
              q:
                class: QuantAwareTrainRangeLinearQuantizer
                bits_activations: 8
            """, expected: """
            agp.yaml:3:12: error: quantizer 'q' has class 'QuantAwareTrainRangeLinearQuantizer' (quantisation-aware \
            training is not implemented; use PostTrainLinearQuantizer); supported: PostTrainLinearQuantizer
                class: QuantAwareTrainRangeLinearQuantizer
                       ^
            """),
        ScheduleErrorCase(id: "An unknown quantizer key lists the supported ones.", input: """
            quantizers:
              q:
                class: PostTrainLinearQuantizer
                bits_weight: 8
            """, expected: """
            agp.yaml:4:5: error: unknown key 'bits_weight' in quantizer 'q' (PostTrainLinearQuantizer); supported: \
            class, bits_activations, bits_parameters, bits_accum, mode, per_channel_wts, clip_acts, clip_n_stds, \
            overrides, model_activation_stats
                bits_weight: 8
                ^
            """),
        ScheduleErrorCase(id: "A clip mode Shears does not implement is refused by name.", input: """
            quantizers:
              q:
                class: PostTrainLinearQuantizer
                clip_acts: LAPLACE
            """, expected: """
            agp.yaml:4:16: error: 'clip_acts' LAPLACE (not implemented) is not supported; supported: NONE, AVG, N_STD
                clip_acts: LAPLACE
                           ^
            """),
        ScheduleErrorCase(id: "N_STD needs clip_n_stds.", input: """
            quantizers:
              q:
                class: PostTrainLinearQuantizer
                clip_acts: N_STD
            """, expected: """
            agp.yaml:4:16: error: missing 'clip_n_stds' in quantizer 'q' (PostTrainLinearQuantizer)
                clip_acts: N_STD
                           ^
            """),
        ScheduleErrorCase(id: "An unknown mode lists Distiller's modes.", input: """
            quantizers:
              q:
                class: PostTrainLinearQuantizer
                mode:
                  activations: ASYMMETRIC
            """, expected: """
            agp.yaml:5:20: error: 'activations' ASYMMETRIC is not supported; supported: SYMMETRIC, \
            ASYMMETRIC_UNSIGNED, ASYMMETRIC_SIGNED
                  activations: ASYMMETRIC
                               ^
            """),
        ScheduleErrorCase(id: "Accumulators other than 32 bits are refused.", input: """
            quantizers:
              q:
                class: PostTrainLinearQuantizer
                bits_accum: 16
            """, expected: """
            agp.yaml:4:17: error: bits_accum 16 is not supported; supported: 32 (integer convolutions accumulate in int32)
                bits_accum: 16
                            ^
            """),
        ScheduleErrorCase(id: "Bit widths beyond 8 are refused even for simulation.", input: """
            quantizers:
              q:
                class: PostTrainLinearQuantizer
                overrides:
                  fc:
                    bits_weights: 16
            """, expected: """
            agp.yaml:6:23: error: 'bits_weights' must be 2 to 8 or null (float), found 16
                    bits_weights: 16
                                  ^
            """),
        ScheduleErrorCase(id: "An override must be a regular expression.", input: """
            quantizers:
              q:
                class: PostTrainLinearQuantizer
                overrides:
                  'layer[1':
                    bits_weights: null
            """, expected: """
            agp.yaml:5:7: error: override 'layer[1' is not a valid regular expression
                  'layer[1':
                  ^
            """),
        ScheduleErrorCase(id: "A schedule has at most one quantizer.", input: """
            quantizers:
              q:
                class: PostTrainLinearQuantizer
              r:
                class: PostTrainLinearQuantizer
            """, expected: """
            agp.yaml:4:3: error: quantizer 'r' is a second quantizer after 'q'; a schedule has at most one
              r:
              ^
            """),
        ScheduleErrorCase(id: "An unsupported LR scheduler lists the supported ones.", input: """
            lr_schedulers:
              l:
                class: LambdaLR
            """ + "\n" + policy, expected: """
            agp.yaml:3:12: error: lr_scheduler 'l' has class 'LambdaLR' (takes Python code); supported: StepLR, \
            MultiStepLR, ExponentialLR, CosineAnnealingLR
                class: LambdaLR
                       ^
            """),
        ScheduleErrorCase(id: "MultiStepLR milestones must increase.", input: """
            lr_schedulers:
              l:
                class: MultiStepLR
                milestones: [30, 20]
            """ + "\n" + policy, expected: """
            agp.yaml:4:22: error: 'milestones' must increase: 20 follows 30
                milestones: [30, 20]
                                 ^
            """),
        ScheduleErrorCase(id: "StepLR needs a positive step size.", input: """
            lr_schedulers:
              l:
                class: StepLR
                step_size: 0
            """ + "\n" + policy, expected: """
            agp.yaml:4:16: error: 'step_size' must be greater than 0, found 0
                step_size: 0
                           ^
            """),
        ScheduleErrorCase(id: "A thinning function must match its remover class.", input: """
            extensions:
              t:
                class: FilterRemover
                thinning_func_str: remove_channels
                arch: resnet20_cifar
                dataset: cifar10
            """ + "\n" + policy, expected: """
            agp.yaml:4:24: error: thinning_func_str 'remove_channels' does not match class FilterRemover; expected \
            'remove_filters'
                thinning_func_str: remove_channels
                                   ^
            """),
        ScheduleErrorCase(id: "An unknown top-level key lists the sections.", input: "prunerz: {}\n" + policy, expected: """
            agp.yaml:1:1: error: unknown key 'prunerz' in the schedule; supported: version, pruners, regularizers, \
            quantizers, lr_schedulers, extensions, policies
            prunerz: {}
            ^
            """),
        ScheduleErrorCase(id: "Only version 1 exists.", input: "version: 2\n" + policy, expected: """
            agp.yaml:1:10: error: unsupported schedule version 2; supported: 1
            version: 2
                     ^
            """),
        ScheduleErrorCase(id: "A schedule without policies does nothing and is refused.", input: "version: 1\n",
                          expected: """
            agp.yaml:1:1: error: the schedule has no 'policies'; without them nothing is pruned
            version: 1
            ^
            """),
        ScheduleErrorCase(id: "A policy must name a defined instance.", input: "version: 1\n" + policy, expected: """
            agp.yaml:4:22: error: the policy refers to pruner 'p', which is not defined; defined: none
                  instance_name: p
                                 ^
            """),
        ScheduleErrorCase(id: "A regularizer policy is refused.", input: """
            policies:
              - regularizer:
                  instance_name: r
                epochs: [0]
            """, expected: """
            agp.yaml:2:5: error: regularizer policies are not supported; supported: pruner, lr_scheduler, extension, \
            quantizer
              - regularizer:
                ^
            """),
        ScheduleErrorCase(id: "Policy arguments are refused by name.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weights: [conv1.weight]
            """).replacingOccurrences(of: "instance_name: p", with: "instance_name: p\n      args:\n        keep_mask: True"),
                          expected: """
            agp.yaml:11:9: error: policy argument 'keep_mask' for 'p' is not supported; supported: none (masks are \
            applied after every optimiser step)
                    keep_mask: True
                    ^
            """),
        ScheduleErrorCase(id: "A policy may not mix epochs with a window.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weights: [conv1.weight]
            """).replacingOccurrences(of: "frequency: 2", with: "frequency: 2\n    epochs: [1]"), expected: """
            agp.yaml:10:5: error: a policy gives both 'epochs' and starting_epoch/ending_epoch/frequency; use one form
                starting_epoch: 0
                ^
            """),
        ScheduleErrorCase(id: "An AGP pruner needs a window, not an epochs list.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weights: [conv1.weight]
            """).replacingOccurrences(of: "    starting_epoch: 0\n    ending_epoch: 10\n    frequency: 2",
                                      with: "    epochs: [0, 5]"), expected: """
            agp.yaml:10:5: error: AGP pruner 'p' ramps from starting_epoch to ending_epoch; it cannot run on an \
            'epochs' list
                epochs: [0, 5]
                ^
            """),
        ScheduleErrorCase(id: "An AGP window with a single step is refused as Distiller asserts.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weights: [conv1.weight]
            """).replacingOccurrences(of: "ending_epoch: 10", with: "ending_epoch: 2"), expected: """
            agp.yaml:11:19: error: AGP pruner 'p' needs at least two pruning steps: starting_epoch 0, ending_epoch 2, \
            frequency 2 leave a ramp of 0 epochs
                ending_epoch: 2
                              ^
            """),
        ScheduleErrorCase(id: "An empty window is refused.", input: pruner("""
            class: L1RankedStructureParameterPruner
            group_type: Filters
            desired_sparsity: 0.5
            weights: [conv1.weight]
            """).replacingOccurrences(of: "ending_epoch: 10", with: "ending_epoch: 0"), expected: """
            agp.yaml:11:19: error: ending_epoch (0) must be greater than starting_epoch (0)
                ending_epoch: 0
                              ^
            """),
        ScheduleErrorCase(id: "Two pruners on one weight at a common epoch are refused.", input: """
            pruners:
              a:
                class: AutomatedGradualPruner
                initial_sparsity: 0.05
                final_sparsity: 0.5
                weights: [layer1.0.conv1.weight]
              b:
                class: L1RankedStructureParameterPruner
                group_type: Filters
                desired_sparsity: 0.5
                weights: [module.layer1.0.conv1.weight]
            policies:
              - pruner: {instance_name: a}
                starting_epoch: 0
                ending_epoch: 10
                frequency: 2
              - pruner: {instance_name: b}
                epochs: [3, 4]
            """, expected: """
            agp.yaml:11:15: error: weight 'layer1.0.conv1.weight' is pruned by both 'a' and 'b' at epoch 4
                weights: [module.layer1.0.conv1.weight]
                          ^
            """),
        ScheduleErrorCase(id: "A duplicate pruner name is refused where it is read.", input: """
            pruners:
              p: {class: AutomatedGradualPruner}
              p: {class: AutomatedGradualPruner}
            """ + "\n" + policy, expected: """
            agp.yaml:3:3: error: duplicate key 'p' (first written at line 2, column 3)
              p: {class: AutomatedGradualPruner}
              ^
            """),
        ScheduleErrorCase(id: "A placeholder left in a schedule is refused.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: ${s}
            weights: [conv1.weight]
            """), expected: """
            agp.yaml:5:21: error: unfilled placeholder '${s}'; fill the template with values before loading it as \
            a schedule
                final_sparsity: ${s}
                                ^
            """),
        // Validation against resnet20
        ScheduleErrorCase(id: "A parameter the network lacks is named with the nearest names.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weights: [module.layer1.0.conv3.weight]
            """), expected: """
            agp.yaml:6:15: error: parameter 'module.layer1.0.conv3.weight' in 'p' does not exist in resnet20_cifar; \
            nearest: layer1.0.conv1.weight, layer1.0.conv2.weight, layer1.1.conv1.weight
                weights: [module.layer1.0.conv3.weight]
                          ^
            """),
        ScheduleErrorCase(id: "Filters need a 4-D weight.", input: pruner("""
            class: L1RankedStructureParameterPruner
            group_type: Filters
            desired_sparsity: 0.5
            weights: [fc.weight]
            """), expected: """
            agp.yaml:6:15: error: group_type Filters needs a 4-D weight, but 'fc.weight' has shape [10, 64]
                weights: [fc.weight]
                          ^
            """),
        ScheduleErrorCase(id: "Rows need a 2-D weight.", input: pruner("""
            class: L1RankedStructureParameterPruner
            group_type: Rows
            desired_sparsity: 0.5
            weights: [conv1.weight]
            """), expected: """
            agp.yaml:6:15: error: group_type Rows needs a 2-D weight, but 'conv1.weight' has shape [16, 3, 3, 3]
                weights: [conv1.weight]
                          ^
            """),
        ScheduleErrorCase(id: "Batch-norm parameters are not pruned.", input: pruner("""
            class: AutomatedGradualPruner
            initial_sparsity: 0.05
            final_sparsity: 0.5
            weights: [bn1.weight]
            """), expected: """
            agp.yaml:6:15: error: 'bn1.weight' has shape [16]; only convolution (4-D) and fully-connected (2-D) \
            weights are pruned
                weights: [bn1.weight]
                          ^
            """),
        ScheduleErrorCase(id: "Leader groups need equal structure counts.", input: pruner("""
            class: L1RankedStructureParameterPruner
            group_type: Filters
            desired_sparsity: 0.5
            group_dependency: Leader
            weights: [layer1.0.conv1.weight, layer2.0.conv1.weight]
            """), expected: """
            agp.yaml:7:38: error: group_dependency Leader needs equal filter counts: 'layer2.0.conv1.weight' has 32, \
            leader 'layer1.0.conv1.weight' has 16
                weights: [layer1.0.conv1.weight, layer2.0.conv1.weight]
                                                 ^
            """),
        ScheduleErrorCase(id: "A thinning extension for another architecture is refused.", input: """
            extensions:
              t:
                class: ChannelRemover
                thinning_func_str: remove_channels
                arch: 'simplenet_mnist'
                dataset: mnist
            policies:
              - extension: {instance_name: t}
                epochs: [2]
            """, expected: """
            agp.yaml:5:11: error: the thinning extension's arch is 'simplenet_mnist', but the schedule is checked for \
            'resnet20_cifar'
                arch: 'simplenet_mnist'
                      ^
            """),
    ]
}

struct ScheduleErrorTests {
    @Test(arguments: ScheduleErrorCase.all)
    func refuses(_ c: ScheduleErrorCase) {
        let message = renderedError {
            let schedule = try Schedule(parsing: c.input, file: "agp.yaml")
            _ = try schedule.validate(against: ResNet20.table)
        }
        #expect(message == c.expected)
    }

    @Test func fileLevelErrorsNameThePath() {
        #expect(renderedError { _ = try Schedule.load(path: "/nonexistent/agp.yaml") }
            == "cannot read schedule '/nonexistent/agp.yaml': no such file")
        #expect(renderedError { _ = try Schedule(parsing: "# only a comment\n", file: "e.yaml") } == """
            e.yaml:1:1: error: the schedule is empty; expected a mapping with 'pruners' and 'policies'
            # only a comment
            ^
            """)
    }
}
