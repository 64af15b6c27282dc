import Foundation
import JSON

/// The TRAIN stage's input: everything a trainer needs to prune and fine-tune one trial, and
/// nothing it could read elsewhere, so the request can travel over a queue to another machine
/// (`json` / `init(json:)`). Paths are as the sweep file wrote them; a remote trainer needs the
/// same baseline and data under the same paths.
public struct TrialRequest: Equatable, Sendable {
    public var sweep: String
    /// Trial id; `TrialRequest.baselineID` for the baseline itself.
    public var trial: Int
    /// Seed of the trial's fine-tuning (shuffling, augmentation); replay reuses it.
    public var seed: UInt64
    /// Parameter values by name, as substituted into the template.
    public var parameters: [(String, JSONValue)]
    /// The filled schedule text; nil asks for the unpruned baseline (evaluated and exported only).
    public var schedule: String?
    /// Baseline checkpoint path.
    public var baseline: String
    public var data: String
    public var fineTuneEpochs: Int
    /// Validation images held out of the training set; nil: the baseline's own split.
    public var validationSplit: Int?
    public var fineTune: SweepConfiguration.FineTune

    /// The id a request for the baseline carries.
    public static let baselineID = -1

    public init(sweep: String, trial: Int, seed: UInt64, parameters: [(String, JSONValue)], schedule: String?,
                baseline: String, data: String, fineTuneEpochs: Int, validationSplit: Int?,
                fineTune: SweepConfiguration.FineTune) {
        self.sweep = sweep
        self.trial = trial
        self.seed = seed
        self.parameters = parameters
        self.schedule = schedule
        self.baseline = baseline
        self.data = data
        self.fineTuneEpochs = fineTuneEpochs
        self.validationSplit = validationSplit
        self.fineTune = fineTune
    }

    public var isBaseline: Bool { schedule == nil }

    public static func == (a: TrialRequest, b: TrialRequest) -> Bool { a.json == b.json }

    public var json: JSONValue {
        var m: [(String, JSONValue)] = [
            ("sweep", .string(sweep)), ("trial", JSONValue(trial)), ("seed", .string(String(seed))),
            ("parameters", .object(parameters)), ("schedule", schedule.map(JSONValue.string) ?? .null),
            ("baseline", .string(baseline)), ("data", .string(data)), ("fine_tune_epochs", JSONValue(fineTuneEpochs)),
        ]
        if let validationSplit { m.append(("validation_split", JSONValue(validationSplit))) }
        m.append(("fine_tune", [
            "lr": JSONValue(fineTune.learningRate), "batch_size": JSONValue(fineTune.batchSize),
            "momentum": JSONValue(fineTune.momentum), "weight_decay": JSONValue(fineTune.weightDecay),
        ]))
        return .object(m)
    }

    public init(json: JSONValue) throws {
        let r = JSONFields(json, what: "trial request")
        let f = JSONFields(try r.value("fine_tune"), what: "trial request fine_tune")
        self.init(sweep: try r.string("sweep"), trial: try r.int("trial"), seed: try r.seed("seed"),
                  parameters: try r.object("parameters"), schedule: json["schedule"]?.string,
                  baseline: try r.string("baseline"), data: try r.string("data"),
                  fineTuneEpochs: try r.int("fine_tune_epochs"), validationSplit: json["validation_split"]?.int,
                  fineTune: .init(learningRate: try f.double("lr"), batchSize: try f.int("batch_size"),
                                  momentum: try f.double("momentum"), weightDecay: try f.double("weight_decay")))
    }
}

/// Typed reads of a JSON message's members, failing with `TuningError.badMessage` naming the
/// member, so a malformed queue message says what is wrong instead of crashing an agent.
struct JSONFields {
    let json: JSONValue
    let what: String

    init(_ json: JSONValue, what: String) {
        self.json = json
        self.what = what
    }

    func value(_ key: String) throws -> JSONValue {
        guard let v = json[key], v != .null else { throw TuningError.badMessage(what, key: key, expected: "a value") }
        return v
    }

    func string(_ key: String) throws -> String {
        guard let v = json[key]?.string else { throw TuningError.badMessage(what, key: key, expected: "a string") }
        return v
    }

    func int(_ key: String) throws -> Int {
        guard let v = json[key]?.int else { throw TuningError.badMessage(what, key: key, expected: "an integer") }
        return v
    }

    func double(_ key: String) throws -> Double {
        guard let v = json[key]?.double else { throw TuningError.badMessage(what, key: key, expected: "a number") }
        return v
    }

    func object(_ key: String) throws -> [(String, JSONValue)] {
        guard let v = json[key]?.object else { throw TuningError.badMessage(what, key: key, expected: "an object") }
        return v
    }

    func array(_ key: String) throws -> [JSONValue] {
        guard let v = json[key]?.array else { throw TuningError.badMessage(what, key: key, expected: "an array") }
        return v
    }

    /// 64-bit seeds travel as decimal strings: a JSON number (a double) cannot hold every UInt64.
    func seed(_ key: String) throws -> UInt64 {
        guard let text = json[key]?.string, let v = UInt64(text) else {
            throw TuningError.badMessage(what, key: key, expected: "a decimal seed string")
        }
        return v
    }

    /// Bytes travel base64-encoded.
    func bytes(_ key: String) throws -> [UInt8] {
        guard let text = json[key]?.string, let data = Data(base64Encoded: text) else {
            throw TuningError.badMessage(what, key: key, expected: "base64 bytes")
        }
        return [UInt8](data)
    }
}
