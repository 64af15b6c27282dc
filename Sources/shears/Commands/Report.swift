import Foundation
import Tuning

extension Command {
    /// `shears report runs/<name>`: trials.csv, pareto.svg and report.html from the ledger alone.
    static let report = Command(
        name: "report",
        abstract: "Write trials.csv, pareto.svg and report.html for a sweep's run directory.",
        discussion: """
            Reads RUN/ledger.jsonl only, so it works while a sweep is still running and on a \
            directory copied from another machine. The HTML is self-contained (inline SVG and CSS).
            """,
        arguments: [ArgumentSpec(name: "run", help: "The sweep's run directory (runs/<name>).")],
        options: [.option("out", "dir", help: "Where to write the files (default: the run directory).")],
        run: { args in
            let run = URL(fileURLWithPath: args.positionals[0])
            guard FileManager.default.fileExists(atPath: run.appendingPathComponent("ledger.jsonl").path) else {
                throw UsageError.invalidValue(args.positionals[0], "<run>", "a sweep run directory holding ledger.jsonl")
            }
            let report = try SweepReport(directory: run)
            let out = args.string("out").map { URL(fileURLWithPath: $0) } ?? run
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            for url in try report.write(to: out) { print("wrote \(url.path)") }
            if let best = report.best {
                print(String(format: "best feasible trial %d: %.3f ms", best.id, best.latencyMs ?? .nan)
                      + (best.speedup.map { String(format: " (%.2fx faster than the baseline)", $0) } ?? "")
                      + String(format: ", validation top-1 %.4f", best.valTop1 ?? .nan))
            } else {
                print("no trial clears the accuracy floor yet")
            }
        })
}
