import Foundation
import YAML

/// A Distiller compression schedule, decoded and checked for internal consistency: every
/// class is one Shears implements, every key is known, every policy names a defined instance
/// with sensible epochs. Anything else was refused while loading, never ignored.
///
/// Whether its parameter names exist in a network is a separate step,
/// `validate(against:)`, because the same file may be checked against several depths.
public struct Schedule: Hashable, Sendable {
    public var version: Int?
    public var pruners: [PrunerSpec]
    public var lrSchedulers: [LRSchedulerSpec]
    public var extensions: [ThinningExtension]
    public var policies: [Policy]
    /// At most one (PostTrainLinearQuantizer), applied after pruning and thinning.
    public var quantizers: [QuantizerSpec] = []
    /// Things that load but are probably not what the author meant (an unused pruner).
    public var warnings: [ScheduleWarning]
    /// The file's lines, for errors found after loading.
    public var source: SourceText

    public init(version: Int?, pruners: [PrunerSpec], lrSchedulers: [LRSchedulerSpec],
                extensions: [ThinningExtension], policies: [Policy], warnings: [ScheduleWarning],
                source: SourceText) {
        self.version = version
        self.pruners = pruners
        self.lrSchedulers = lrSchedulers
        self.extensions = extensions
        self.policies = policies
        self.warnings = warnings
        self.source = source
    }

    /// Parses and decodes schedule text; `file` is what messages print before `:line:column`.
    public init(parsing text: String, file: String) throws {
        let document = try YAMLParser.parse(text, file: file)
        self = try Schedule(document: document)
    }

    /// Reads, parses and decodes a schedule file; messages print `path` as given.
    public static func load(path: String) throws -> Schedule {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a file"
                : "no such file"
            throw ScheduleError.unreadableFile(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else { throw ScheduleError.notUTF8(path: path) }
        return try Schedule(parsing: text, file: path)
    }

    public func pruner(named name: String) -> PrunerSpec? { pruners.first { $0.name == name } }

    /// The pruning targets due at `epoch`: for each pruner policy active then, each weight
    /// and the sparsity to prune it to (AGP ramps evaluated at that epoch).
    public func sparsityTargets(at epoch: Int) -> [(pruner: String, weight: String, sparsity: Double)] {
        var targets: [(String, String, Double)] = []
        for policy in policies {
            guard case .pruner(let name) = policy.target, policy.epochs.contains(epoch),
                  let pruner = pruner(named: name) else { continue }
            for weight in pruner.weights {
                targets.append((name, weight.name, weight.target.sparsity(at: epoch, timing: policy.timing)))
            }
        }
        return targets
    }
}
