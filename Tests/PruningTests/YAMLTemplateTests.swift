import Pruning
import Testing
import YAML

struct YAMLTemplateTests {
    static let template = """
        # sweep template: ${not_a_placeholder} in a comment stays
        pruners:
          filters:
            class: L1RankedStructureParameterPruner_AGP
            initial_sparsity: 0.05
            final_sparsity: ${stage2}
            group_type: Filters
            weights: [layer2.0.conv1.weight, layer2.1.conv1.weight]
          fine:
            class: AutomatedGradualPruner
            initial_sparsity: ${fine_start}
            final_sparsity: ${fine}
            weights: [layer3.1.conv1.weight]
        policies:
          - pruner: {instance_name: filters}
            starting_epoch: 0
            ending_epoch: ${epochs}
            frequency: 1
          - pruner: {instance_name: fine}
            starting_epoch: 0
            ending_epoch: ${epochs}
            frequency: 1
        """

    @Test func placeholdersAreListedOnceInOrderOfUse() throws {
        let t = try YAMLTemplate(YAMLTemplateTests.template, file: "sweep.yaml")
        #expect(t.placeholderNames == ["stage2", "fine_start", "fine", "epochs"])
    }

    @Test func filledTemplateLoadsWithExactNumbers() throws {
        let t = try YAMLTemplate(YAMLTemplateTests.template, file: "sweep.yaml")
        let text = try t.fill(["stage2": .number(0.30000000000000004), "fine_start": .number(1e-05),
                               "fine": .number(0.7), "epochs": .int(6)])
        #expect(text.contains("# sweep template: ${not_a_placeholder} in a comment stays"))
        #expect(text.contains("final_sparsity: 0.30000000000000004\n"))
        #expect(text.contains("initial_sparsity: 1e-05\n"))
        let schedule = try Schedule(parsing: text, file: "trial-1.yaml")
        #expect(schedule.pruners[0].weights[0].target == .ramp(AGPRamp(initial: 0.05, final: 0.30000000000000004)))
        #expect(schedule.pruners[1].weights[0].target == .ramp(AGPRamp(initial: 1e-05, final: 0.7)))
        #expect(schedule.policies.map(\.epochs) == [[0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5]])
    }

    @Test func aPlaceholderWithoutValueIsAnErrorAtItsPosition() throws {
        let t = try YAMLTemplate(YAMLTemplateTests.template, file: "sweep.yaml")
        #expect(renderedError { _ = try t.fill(["stage2": .number(0.5), "fine_start": .number(0.0), "fine": .int(0)] ) }
            == """
            sweep.yaml:17:19: error: no value for placeholder '${epochs}'; values given: fine, fine_start, stage2
                ending_epoch: ${epochs}
                              ^
            """)
        #expect(renderedError { _ = try t.fill([:]) }.hasPrefix(
            "sweep.yaml:6:21: error: no value for placeholder '${stage2}'; values given: none"))
    }

    @Test func placeholdersInsideFlowSequencesAndWordsAreFilled() throws {
        let t = try YAMLTemplate("r: [${lo}, ${hi}]\nname: layer${n}.conv1\nq: '${s}'\n", file: "t.yaml")
        let text = try t.fill(["lo": .number(0.1), "hi": .number(-.infinity), "n": .int(2), "s": .string("x")])
        #expect(text == "r: [0.1, -.inf]\nname: layer2.conv1\nq: 'x'\n")
    }

    @Test func valuesRenderAsYAMLReadsThemBack() {
        #expect(PlaceholderValue.number(0.1).yamlText == "0.1")
        #expect(PlaceholderValue.number(2).yamlText == "2.0")
        #expect(PlaceholderValue.number(.nan).yamlText == ".nan")
        #expect(PlaceholderValue.int(-3).yamlText == "-3")
        for v in [0.1, 1e-05, 0.30000000000000004, 123456.789, 2.0] {
            #expect(YAMLScalar(PlaceholderValue.number(v).yamlText).double == v)
        }
    }
}
