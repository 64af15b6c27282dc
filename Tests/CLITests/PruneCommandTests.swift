import Foundation
import ShearsTestSupport
import Testing

/// `shears prune` and `shears summary` of checkpoints, end to end on a tiny data directory:
/// train a baseline for one epoch, prune it, inspect both.
struct PruneCommandTests {
    func shears(_ arguments: String...) throws -> ProcessResult {
        try runProcess(TestPaths.shearsBinary, arguments)
    }

    static let schedule = """
        pruners:
          inner:
            class: L1RankedStructureParameterPruner_AGP
            initial_sparsity: 0.25
            final_sparsity: 0.5
            group_type: Filters
            weights: [layer1.0.conv1.weight, layer1.1.conv1.weight, layer1.2.conv1.weight]
        extensions:
          thin:
            class: FilterRemover
            thinning_func_str: remove_filters
            arch: resnet20_cifar
            dataset: cifar10
        policies:
          - pruner: {instance_name: inner}
            starting_epoch: 0
            ending_epoch: 2
            frequency: 1
          - extension: {instance_name: thin}
            epochs: [1]

        """

    /// A one-epoch baseline trained on 16 of 20 fixture images (4 held out).
    func baseline(in fixture: CIFARFixture) throws -> String {
        try fixture.writeComplete(perFile: 4)
        let path = fixture.path("base.safetensors")
        let r = try shears("train", "--data", fixture.directory, "--epochs", "1", "--batch-size", "8", "--val-split", "4",
                           "--out", path, "--json")
        try #require(r.status == 0, "\(r.stderr)")
        return path
    }

    @Test func aScheduleNamingAMissingParameterExitsTwoWithTheSnippet() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        let model = try baseline(in: fixture)
        let bad = Self.schedule.replacingOccurrences(of: "layer1.2.conv1.weight", with: "layer1.3.conv1.weight")
        try fixture.write("bad.yaml", Array(bad.utf8))
        let r = try shears("prune", "--model", model, "--schedule", fixture.path("bad.yaml"), "--data", fixture.directory,
                           "--out", fixture.path("never.safetensors"))
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            \(fixture.path("bad.yaml")):7:61: error: parameter 'layer1.3.conv1.weight' in 'inner' does not exist in \
            resnet20_cifar; nearest: layer1.0.conv1.weight, layer1.1.conv1.weight, layer1.2.conv1.weight
                weights: [layer1.0.conv1.weight, layer1.1.conv1.weight, layer1.3.conv1.weight]
                                                                        ^

            """)
        #expect(!FileManager.default.fileExists(atPath: fixture.path("never.safetensors")))
    }

    @Test func pruneThinsAndSummaryShowsTheSmallerNetwork() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        let model = try baseline(in: fixture)
        try fixture.write("s.yaml", Array(Self.schedule.utf8))
        let out = fixture.path("pruned.safetensors")
        let r = try shears("prune", "--model", model, "--schedule", fixture.path("s.yaml"), "--data", fixture.directory,
                           "--epochs", "2", "--batch-size", "8", "--seed", "3", "--out", out, "--json")
        #expect(r.status == 0, "\(r.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(result["outcome"] as? String == "completed")
        // ⌊0.5·16⌋ = 8 inner filters of each layer1 block: 3 · 8 · 16 · 9 · 1024 · 2 MACs fewer.
        #expect(result["macs"] as? Int == 40_813_184 - 3 * 2 * 8 * 16 * 9 * 1024)
        #expect(result["baseline_macs"] as? Int == 40_813_184)
        #expect(try #require(result["thinning_max_logit_difference"] as? Double) <= 1e-4)

        let base = try shears("summary", "--model", model, "--json")
        #expect(base.status == 0)
        let baseSummary = try #require(try JSONSerialization.jsonObject(with: Data(base.stdout.utf8)) as? [String: Any])
        #expect(baseSummary["macs"] as? Int == 40_813_184, "Distiller's figure for resnet20_cifar")
        #expect(baseSummary["params"] as? Int == 270_896)

        let pruned = try shears("summary", out)
        #expect(pruned.status == 0)
        #expect(pruned.stderr == "", "a thinned network has no zero filters left to warn about")
        #expect(pruned.stdout.contains("\nlayer1.0.conv1.weight         (8, 16, 3, 3)     1152"))
        #expect(pruned.stdout.contains("\nresnet20_cifar widths 16[8,8,8] 32[32,32,32] 64[64,64,64]; "))
    }

    @Test func sensitivityLevelsMustBeFractions() throws {
        let r = try shears("sensitivity", "--model", "m.safetensors", "--levels", "0.5,1.5")
        #expect(r.status == 2)
        #expect(r.stdout == "")
        #expect(r.stderr == """
            Error: The value '0.5,1.5' is invalid for '--levels <list>': expected numbers in [0, 1)
            Usage: shears sensitivity --model <file> [--group <kind>] [--levels <list>] [--split <name>] [--out <file>] \
            [--data <dir>] [--dataset <name>] [--labels <set>]
              See 'shears sensitivity --help' for more information.

            """)
    }

    @Test func sensitivityOfABaselinePrintsOneRowPerGroup() throws {
        let fixture = try CIFARFixture()
        defer { fixture.remove() }
        let model = try baseline(in: fixture)
        let csv = fixture.path("s.csv")
        let r = try shears("sensitivity", "--model", model, "--data", fixture.directory, "--levels", "0,0.5", "--out", csv)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "top-1 on val (4 images), filters pruned one at a time:")
        #expect(lines.count == 2 + 1 + 12, "title, header, baseline, 3 streams + 9 blocks")
        #expect(try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n").count == 1 + 1 + 12 * 2)
    }
}
