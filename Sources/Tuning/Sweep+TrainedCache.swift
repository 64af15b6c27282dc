import Foundation
import JSON
import Support

/// A trained trial kept in its directory between the TRAIN stage and the ledger record: a
/// sweep stopped during the benchmark (Ctrl-C, kill -9, a full disk writing `layers.csv`)
/// resumes by measuring the model it already has instead of fine-tuning it again. The files
/// are `model.safetensors`, `model.onnx` and, written last, `trained.json` (the TRAIN result
/// without its bytes); `trained.json` goes once the trial is recorded.
extension Sweep {
    static let trainedFile = "trained.json"

    /// Saves the trained trial's figures after its model files.
    func keepTrained(_ trained: TrainedTrial, in dir: URL) throws {
        var json = trained.json
        if case .object(let members) = json {
            json = .object(members.map { ["checkpoint", "onnx"].contains($0.0) ? ($0.0, .string("")) : $0 })
        }
        try writeFile(Array(json.compact.utf8), dir.appendingPathComponent(Self.trainedFile))
    }

    /// The trained trial a stopped run left in `dir`, if it is this very trial (same id, seed
    /// and schedule) and complete; nil otherwise.
    func reusableTrained(in dir: URL, trial: Int, seed: UInt64, schedule: String) -> TrainedTrial? {
        let files = ["schedule.yaml", "model.safetensors", "model.onnx", Self.trainedFile]
            .map { FileManager.default.contents(atPath: dir.appendingPathComponent($0).path) }
        guard let scheduleData = files[0], let checkpoint = files[1], let onnx = files[2], let summary = files[3],
              String(decoding: scheduleData, as: UTF8.self) == schedule,
              let json = try? JSONValue.parse(bytes: [UInt8](summary)),
              var trained = try? TrainedTrial(json: json), trained.trial == trial, trained.seed == seed
        else { return nil }
        trained.checkpoint = [UInt8](checkpoint)
        trained.onnx = [UInt8](onnx)
        return trained
    }
}
