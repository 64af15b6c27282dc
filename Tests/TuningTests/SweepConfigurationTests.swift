import Foundation
import Network
import Pruning
import ShearsTestSupport
import Testing
import Tuning

/// One bad sweep file and the whole message it must produce (position, line, caret).
struct SweepConfigurationErrorCase: CustomTestStringConvertible, Sendable {
    let id: String
    let input: String
    let expected: String
    var testDescription: String { id }

    static let template = "version: 1\npruners:\n  p:\n    desired_sparsity: ${a}\n    other: ${b}\n"

    /// A valid file with `replace` swapped for `with` (the first occurrence).
    static func file(_ replace: String = "", with: String = "") -> String {
        let base = """
            name: t
            baseline: base.safetensors
            data: data
            schedule_template: t.yaml
            parameters:
              a: {min: 0.0, max: 0.5}
              b: {type: integer, min: 1, max: 4}
            constraint:
              top1_min: 0.7
            budget:
              trials: 4
              fine_tune_epochs: 1

            """
        return replace.isEmpty ? base : base.replacingOccurrences(of: replace, with: with)
    }

    static let all: [SweepConfigurationErrorCase] = [
        .init(id: "a name that climbs out of runs/", input: file("name: t", with: "name: ../../x"),
              expected: """
                  s.yaml:1:7: error: sweep name '../../x' cannot name a run directory: use 1 to 64 letters, digits, \
                  '_', '-' and '.', starting with a letter, digit or '_'
                  name: ../../x
                        ^
                  """),
        .init(id: "an empty name would write into runs/ itself", input: file("name: t", with: "name: \"\""),
              expected: """
                  s.yaml:1:7: error: sweep name '' cannot name a run directory: use 1 to 64 letters, digits, \
                  '_', '-' and '.', starting with a letter, digit or '_'
                  name: ""
                        ^
                  """),
        .init(id: "a name of '.'", input: file("name: t", with: "name: ."),
              expected: """
                  s.yaml:1:7: error: sweep name '.' cannot name a run directory: use 1 to 64 letters, digits, \
                  '_', '-' and '.', starting with a letter, digit or '_'
                  name: .
                        ^
                  """),
        .init(id: "a name that reads as a flag", input: file("name: t", with: "name: -rf"),
              expected: """
                  s.yaml:1:7: error: sweep name '-rf' cannot name a run directory: use 1 to 64 letters, digits, \
                  '_', '-' and '.', starting with a letter, digit or '_'
                  name: -rf
                        ^
                  """),
        .init(id: "an unknown top-level key names the supported ones",
              input: file("data: data", with: "dta: data"),
              expected: """
                  s.yaml:3:1: error: unknown key 'dta' in the sweep configuration; supported: name, baseline, data, \
                  schedule_template, parameters, objective, constraint, budget, fine_tune
                  dta: data
                  ^
                  """),
        .init(id: "a reversed range points at the parameter's mapping",
              input: file("a: {min: 0.0, max: 0.5}", with: "a: {min: 0.5, max: 0.25}"),
              expected: """
                  s.yaml:6:6: error: parameter 'a': min 0.5 must be less than max 0.25
                    a: {min: 0.5, max: 0.25}
                       ^
                  """),
        .init(id: "text where a number belongs",
              input: file("max: 0.5", with: "max: half"),
              expected: """
                  s.yaml:6:22: error: expected a number for 'max', found 'half'
                    a: {min: 0.0, max: half}
                                       ^
                  """),
        .init(id: "log on an integer parameter",
              input: file("b: {type: integer, min: 1, max: 4}", with: "b: {type: integer, min: 1, max: 4, log: true}"),
              expected: """
                  s.yaml:7:38: error: parameter 'b': 'log' applies to continuous parameters only
                    b: {type: integer, min: 1, max: 4, log: true}
                                                       ^
                  """),
        .init(id: "an unknown parameter type",
              input: file("type: integer", with: "type: float"),
              expected: """
                  s.yaml:7:13: error: parameter 'b': unknown type 'float'; supported: continuous, integer, categorical
                    b: {type: float, min: 1, max: 4}
                              ^
                  """),
        .init(id: "a parameter the template never uses",
              input: file("  b: {type: integer, min: 1, max: 4}\n", with: "  b: {type: integer, min: 1, max: 4}\n  c: {values: [x, y]}\n"),
              expected: """
                  s.yaml:8:3: error: parameter 'c' is not used by the schedule template t.yaml; add '${c}' to the \
                  template or remove the parameter
                    c: {values: [x, y]}
                    ^
                  """),
        .init(id: "a placeholder no parameter fills is reported in the template",
              input: file("  b: {type: integer, min: 1, max: 4}\n", with: ""),
              expected: """
                  t.yaml:5:12: error: placeholder '${b}' is not a declared parameter; declared: a; \
                  built in: fine_tune_epochs
                      other: ${b}
                             ^
                  """),
        .init(id: "a parameter may not take a built-in placeholder's name",
              input: file("  b: {type: integer, min: 1, max: 4}\n",
                          with: "  b: {type: integer, min: 1, max: 4}\n  fine_tune_epochs: {type: integer, min: 1, max: 4}\n"),
              expected: """
                  s.yaml:8:3: error: parameter 'fine_tune_epochs' is filled by the sweep itself (built in: \
                  fine_tune_epochs); choose another name
                    fine_tune_epochs: {type: integer, min: 1, max: 4}
                    ^
                  """),
        .init(id: "both constraint forms at once",
              input: file("  top1_min: 0.7\n", with: "  top1_min: 0.7\n  max_top1_drop: 0.01\n"),
              expected: """
                  s.yaml:10:3: error: the constraint needs exactly one of 'top1_min', 'max_top1_drop'
                    max_top1_drop: 0.01
                    ^
                  """),
        .init(id: "a constraint outside (0, 1)",
              input: file("top1_min: 0.7", with: "top1_min: 70"),
              expected: """
                  s.yaml:9:13: error: 'top1_min' must lie between 0 and 1, found 70.0
                    top1_min: 70
                              ^
                  """),
        .init(id: "a missing budget key names the section",
              input: file("  trials: 4\n", with: ""),
              expected: """
                  s.yaml:11:3: error: missing 'trials' in budget
                    fine_tune_epochs: 1
                    ^
                  """),
        .init(id: "zero trials",
              input: file("trials: 4", with: "trials: 0"),
              expected: """
                  s.yaml:11:11: error: 'trials' must be positive, found 0
                    trials: 0
                            ^
                  """),
        .init(id: "an objective Shears does not measure",
              input: file("constraint:", with: "objective:\n  minimize: energy\nconstraint:"),
              expected: """
                  s.yaml:9:13: error: cannot minimize 'energy'; supported: latency
                    minimize: energy
                              ^
                  """),
        .init(id: "a latency statistic other than median or min",
              input: file("constraint:", with: "objective:\n  backend: native\n  statistic: mean\nconstraint:"),
              expected: """
                  s.yaml:10:14: error: unknown latency statistic 'mean'; supported: median, min
                    statistic: mean
                               ^
                  """),
        .init(id: "a template file that does not exist",
              input: file("schedule_template: t.yaml", with: "schedule_template: missing.yaml"),
              expected: """
                  s.yaml:4:20: error: cannot read missing.yaml: no such file
                  schedule_template: missing.yaml
                                     ^
                  """),
    ]
}

struct SweepConfigurationTests {
    func parse(_ text: String) throws -> SweepConfiguration {
        try SweepConfiguration(parsing: text, file: "s.yaml") { path in
            guard path == "t.yaml" else { throw TuningError.unreadableFile(path: path, reason: "no such file") }
            return SweepConfigurationErrorCase.template
        }
    }

    @Test(arguments: SweepConfigurationErrorCase.all)
    func badFilesAreRefusedWithPositionedMessages(_ c: SweepConfigurationErrorCase) {
        do {
            _ = try parse(c.input)
            Issue.record("expected an error")
        } catch {
            #expect(String(describing: error) == c.expected)
        }
    }

    @Test func aValidFileGivesTheSpaceConstraintAndDefaults() throws {
        let c = try parse(SweepConfigurationErrorCase.file())
        #expect(c.name == "t")
        #expect(c.space.parameters == [.continuous("a", 0, 0.5), .integer("b", 1, 4)])
        #expect(c.constraint == .top1Min(0.7))
        #expect(c.budget == .init(trials: 4, fineTuneEpochs: 1, validationSplit: nil, seed: 1))
        #expect(c.objective == .init())
        #expect(c.fineTune == .init())
        #expect(try c.schedule(for: ["a": .real(0.25), "b": .integer(3)])
                    == "version: 1\npruners:\n  p:\n    desired_sparsity: 0.25\n    other: 3\n")
    }

    @Test func theFineTuneEpochsPlaceholderIsFilledFromTheBudget() throws {
        let template = "version: 1\npruners:\n  p:\n    desired_sparsity: ${a}\n    other: ${b}\n"
            + "lr_schedulers:\n  cos:\n    T_max: ${fine_tune_epochs}\n"
        let c = try SweepConfiguration(parsing: SweepConfigurationErrorCase.file("fine_tune_epochs: 1",
                                                                                with: "fine_tune_epochs: 7"),
                                       file: "s.yaml") { _ in template }
        #expect(c.template.placeholderNames == ["a", "b", "fine_tune_epochs"])
        #expect(try c.schedule(for: ["a": .real(0.25), "b": .integer(3)]).hasSuffix("    T_max: 7\n"))
    }

    @Test func theDocumentedExampleLoads() throws {
        let path = TestPaths.root.appendingPathComponent("Schedules/sweep-resnet20.yaml").path
        let c = try SweepConfiguration(parsing: try String(contentsOfFile: path, encoding: .utf8),
                                       file: "Schedules/sweep-resnet20.yaml") { template in
            try SweepConfiguration.readText(TestPaths.root.appendingPathComponent(template).path)
        }
        #expect(c.space.names == ["layer1_filters", "layer2_filters", "layer3_filters", "fine_sparsity"])
        #expect(c.constraint == .maxTop1Drop(0.01))
        #expect(c.constraint?.floor(baselineTop1: 0.75) == 0.75 - 0.01)
        #expect(c.objective.threads == 1)
        #expect(c.objective.statistic == .median)
        #expect(c.budget.trials == 20)
        let schedule = try c.schedule(for: ["layer1_filters": .real(0.5), "layer2_filters": .real(0.25),
                                            "layer3_filters": .real(0.125), "fine_sparsity": .real(0.0)])
        #expect(schedule.contains("desired_sparsity: 0.5\n"))
        #expect(schedule.contains("module.layer3.2.conv2.weight: 0.0\n"))
        #expect(schedule.contains("    T_max: 10\n") && schedule.contains("    ending_epoch: 10\n"))
    }

    /// The documented template keeps layer2 and layer3 at multiples of 16 filters (OpenVINO's
    /// channel block) and layer1 exact: 0.3 everywhere thins 32 → 16 and 64 → 48, but 16 → 12.
    @Test func theDocumentedTemplateKeepsLayer2And3AtMultiplesOf16() throws {
        let c = try SweepConfiguration.demo()
        let text = try c.schedule(for: ["layer1_filters": .real(0.3), "layer2_filters": .real(0.3),
                                        "layer3_filters": .real(0.3), "fine_sparsity": .real(0.0)])
        let net = try ResNet(depth: 20, widths: [16, 32, 64], seed: 1)
        let scheduler = try CompressionScheduler(schedule: try Schedule(parsing: text, file: "filled.yaml"),
                                                 network: net, baseLearningRate: 0.05)
        scheduler.epochBegan(0)
        _ = scheduler.thin(filters: true, channels: false)
        #expect(scheduler.network.stages.map { $0.map(\.conv1.weight.value.shape[0]) }
            == [[12, 12, 12], [16, 16, 16], [48, 48, 48]])
    }

    @Test func theBuiltInDemoIsTheShippedFileAndItsTemplate() throws {
        let demo = try String(contentsOf: TestPaths.root.appendingPathComponent("Schedules/sweep-demo.yaml"),
                              encoding: .utf8)
        let template = try String(contentsOf: TestPaths.root.appendingPathComponent(SweepConfiguration.demoTemplatePath),
                                  encoding: .utf8)
        #expect(SweepConfiguration.demoText == demo)
        #expect(SweepConfiguration.demoTemplateText == template)
        let c = try SweepConfiguration.demo()
        #expect(c.name == "demo")
        #expect(c.budget.fineTuneEpochs == 1)
        #expect(c.objective.statistic == .min)
        #expect(c.constraint == .maxTop1Drop(0.08))
        #expect(c.template.text == template)
    }
}
