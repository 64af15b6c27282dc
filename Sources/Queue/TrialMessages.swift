import JSON
import Tuning

/// The sweep's stage messages in queue form: the JSON of `TrialRequest`, `TrainedTrial` and
/// `BenchedTrial`, with model bytes moved out of the JSON into attachments (Tuning's own JSON
/// carries them base64-encoded, a third larger and slow to parse at several MB).
public enum TrialMessages {
    /// TRAIN job: the request as is.
    public static func trainJob(_ request: TrialRequest) -> QueueMessage { QueueMessage(request.json) }

    /// The TRAIN job's request, every field checked (`TrialRequest.validate`).
    public static func request(from job: QueueMessage) throws -> TrialRequest {
        let request = try TrialRequest(json: job.header)
        try request.validate()
        return request
    }

    /// TRAIN result: the trained trial's JSON without its bytes; checkpoint and ONNX attached.
    public static func trainResult(_ trained: TrainedTrial) -> QueueMessage {
        QueueMessage(withoutBytes(trained.json), attachments: [("checkpoint", trained.checkpoint), ("onnx", trained.onnx)])
    }

    public static func trainedTrial(from result: QueueMessage, id: String) throws -> TrainedTrial {
        guard let checkpoint = result.attachment("checkpoint"), let onnx = result.attachment("onnx") else {
            throw QueueError.badJob(id, "the train result has no checkpoint or ONNX attachment")
        }
        var trained = try TrainedTrial(json: withEmptyBytes(result.header))
        trained.checkpoint = checkpoint
        trained.onnx = onnx
        return trained
    }

    /// BENCH job: what was trained (without the checkpoint, which benchmarking does not
    /// need), how to measure, and both models: the trial's and the baseline's ONNX.
    public static func benchJob(_ trained: TrainedTrial, baselineONNX: [UInt8],
                                objective: SweepConfiguration.Objective) -> QueueMessage {
        QueueMessage(["trial": JSONValue(trained.trial), "trained": withoutBytes(trained.json),
                      "objective": objectiveJSON(objective)],
                     attachments: [("onnx", trained.onnx), ("baseline.onnx", baselineONNX)])
    }

    public static func benchParts(from job: QueueMessage, id: String) throws
        -> (trained: TrainedTrial, baselineONNX: [UInt8], objective: SweepConfiguration.Objective)
    {
        guard let trainedJSON = job.header["trained"], let objective = job.header["objective"],
              let onnx = job.attachment("onnx"), let baseline = job.attachment("baseline.onnx")
        else { throw QueueError.badJob(id, "a bench job needs 'trained', 'objective' and both ONNX attachments") }
        var trained = try TrainedTrial(json: withEmptyBytes(trainedJSON))
        trained.onnx = onnx
        return (trained, baseline, try self.objective(from: objective, id: id))
    }

    public static func benchResult(_ benched: BenchedTrial) -> QueueMessage { QueueMessage(benched.json) }

    public static func benchedTrial(from result: QueueMessage) throws -> BenchedTrial {
        try BenchedTrial(json: result.header)
    }

    static func objectiveJSON(_ o: SweepConfiguration.Objective) -> JSONValue {
        ["minimize": .string(o.minimize), "backend": .string(o.backend), "device": .string(o.device),
         "threads": o.threads.map { JSONValue($0) } ?? .null, "iterations": JSONValue(o.iterations),
         "warmup": JSONValue(o.warmup), "profile_iterations": JSONValue(o.profileIterations),
         "statistic": .string(o.statistic.rawValue)]
    }

    static func objective(from json: JSONValue, id: String) throws -> SweepConfiguration.Objective {
        guard let minimize = json["minimize"]?.string, let backend = json["backend"]?.string,
              let device = json["device"]?.string, let iterations = json["iterations"]?.int,
              let warmup = json["warmup"]?.int, let profile = json["profile_iterations"]?.int,
              let statistic = SweepConfiguration.Objective.Statistic(rawValue: json["statistic"]?.string ?? "")
        else { throw QueueError.badJob(id, "incomplete 'objective' in the bench job") }
        let objective = SweepConfiguration.Objective(minimize: minimize, backend: backend, device: device,
                                                     threads: json["threads"]?.int, iterations: iterations,
                                                     warmup: warmup, profileIterations: profile, statistic: statistic)
        try objective.validate()
        return objective
    }

    private static let byteFields: Set<String> = ["checkpoint", "onnx"]

    private static func withoutBytes(_ json: JSONValue) -> JSONValue {
        .object((json.object ?? []).filter { !byteFields.contains($0.0) })
    }

    /// `TrainedTrial(json:)` wants its byte fields; empty base64 stands in until the attachments are put back.
    private static func withEmptyBytes(_ json: JSONValue) -> JSONValue {
        .object((json.object ?? []).filter { !byteFields.contains($0.0) } + [("checkpoint", ""), ("onnx", "")])
    }
}
