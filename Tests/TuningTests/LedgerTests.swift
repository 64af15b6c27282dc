import Foundation
import JSON
import Testing
import Tuning

struct LedgerTests {
    func tempLedger() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("shears-ledger-\(UUID().uuidString)/ledger.jsonl")
    }

    func record(_ id: Int, _ status: TrialRecord.Status = .finished, latency: Double = 1.0, top1: Double = 0.7) -> TrialRecord {
        TrialRecord(id: id, status: status, parameters: [("ratio", 0.5), ("stage", "layer2")],
                    schedule: "version: 1\n", seed: 42, valTop1: status == .finished ? top1 : nil,
                    latencyMs: status == .finished ? latency : nil, baselineLatencyMs: 1.5,
                    error: status == .failed ? "diverged: loss is NaN at epoch 1" : nil)
    }

    @Test func appendedEventsReadBackInOrderWithSchemaVersion() throws {
        let url = tempLedger()
        let ledger = try Ledger(url: url)
        try ledger.append(["event": "sweep_started", "name": "demo"])
        try ledger.append(record(0).json)
        let events = try Ledger.read(url)
        #expect(events.count == 2)
        #expect(events[0].compact == #"{"schema":1,"event":"sweep_started","name":"demo"}"#)
        #expect(TrialRecord(json: events[1]) == record(0))
    }

    @Test func aTornLastLineIsSkippedAndCutBeforeTheNextAppend() throws {
        let url = tempLedger()
        try Ledger(url: url).append(["event": "trial_started", "trial": 0])
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data(#"{"schema":1,"event":"trial_fini"#.utf8))  // kill -9 mid-write
        try handle.close()
        #expect(try Ledger.read(url).count == 1)
        try Ledger(url: url).append(record(0).json)
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(!text.contains("trial_fini\""))
        #expect(try Ledger.read(url).count == 2)
    }

    @Test func aCorruptCompleteLineIsAnErrorNamingTheLine() throws {
        let url = tempLedger()
        try Ledger(url: url).append(["event": "trial_started", "trial": 0])
        let handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
        handle.write(Data("not json\n".utf8))
        try handle.close()
        #expect(throws: LedgerError.self) { try Ledger.read(url) }
        do { _ = try Ledger.read(url) } catch {
            #expect(String(describing: error) == "\(url.path):2: not a ledger event: line 1, column 1: expected 'null'")
        }
    }

    @Test func stateKnowsFinishedFailedAndUnfinishedTrialsOnce() {
        let events: [JSONValue] = [
            ["event": "sweep_started", "name": "s"],
            ["event": "trial_started", "trial": 0], record(0).json,
            ["event": "trial_started", "trial": 1], record(1, .failed).json,
            ["event": "trial_started", "trial": 2],
            record(0).json,  // the same job reported twice is recorded once
        ]
        let state = LedgerState(events: events)
        #expect(state.completed.map(\.id) == [0, 1])
        #expect(state.completed[1].status == .failed)
        #expect(state.unfinished.map(\.id) == [2])
        #expect(state.nextTrialID == 3)
        #expect(state.header?["name"]?.string == "s")
    }

    @Test func recordRoundTripsThroughItsLedgerLine() throws {
        let r = record(7)
        let line = r.json.compact
        #expect(TrialRecord(json: try JSONValue.parse(line)) == r)
        #expect(r.speedup == 1.5)
    }
}
