import Foundation

/// Where a long run says how it is doing. On a terminal, one line redrawn in place with
/// a bar, rate and ETA; in a log file or pipe (`isatty(1)` false), a plain line at most every
/// `lineInterval` seconds, so logs stay readable; `silent` for `--json` and tests.
/// Epoch lines are always printed (except when silent) and stay on screen.
public final class ProgressReporter {
    public enum Style: Sendable { case bar, lines, silent }

    public let style: Style
    public let lineInterval: Double
    private let output: (String) -> Void
    private var lastLineTime: Double = -.infinity
    private var barShown = false

    public init(style: Style, lineInterval: Double = 30, output: @escaping (String) -> Void = ProgressReporter.standardOutput) {
        self.style = style
        self.lineInterval = lineInterval
        self.output = output
    }

    /// `.bar` on a terminal, `.lines` otherwise.
    public static func automatic() -> ProgressReporter {
        ProgressReporter(style: isatty(1) != 0 ? .bar : .lines)
    }

    public static var silent: ProgressReporter { ProgressReporter(style: .silent) }

    public static func standardOutput(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// One batch done. `now` is seconds on a monotonic clock (for the line interval).
    public func batch(_ p: BatchProgress, now: Double) {
        switch style {
        case .silent:
            return
        case .bar:
            let width = 24
            let filled = p.batches == 0 ? width : width * p.batch / p.batches
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            output("\r\(p.label) [\(bar)] \(p.batch)/\(p.batches)  \(p.figures)\u{1B}[K")
            barShown = true
        case .lines:
            guard now - lastLineTime >= lineInterval || p.batch == p.batches else { return }
            lastLineTime = now
            output("\(p.label) batch \(p.batch)/\(p.batches)  \(p.figures)\n")
        }
    }

    /// A line that stays: the epoch summary or any note; clears a bar first.
    public func line(_ text: String) {
        if style == .silent { return }
        if barShown {
            output("\r\u{1B}[K")
            barShown = false
        }
        output(text + "\n")
    }

    /// `1:02:03` or `4:05`.
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let s = Int(seconds.rounded())
        let (h, m, r) = (s / 3600, s / 60 % 60, s % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, r) : String(format: "%d:%02d", m, r)
    }
}

/// What the bar or periodic line shows for one batch.
public struct BatchProgress: Sendable {
    /// "epoch 3/60" or "eval".
    public var label: String
    public var batch: Int
    public var batches: Int
    public var meanLoss: Double
    public var accuracy: Double
    public var imagesPerSecond: Double
    public var etaSeconds: Double

    public init(label: String, batch: Int, batches: Int, meanLoss: Double, accuracy: Double,
                imagesPerSecond: Double, etaSeconds: Double) {
        (self.label, self.batch, self.batches, self.meanLoss, self.accuracy) = (label, batch, batches, meanLoss, accuracy)
        (self.imagesPerSecond, self.etaSeconds) = (imagesPerSecond, etaSeconds)
    }

    var figures: String {
        String(format: "loss %.4f  acc %5.1f%%  %.0f img/s  ETA %@", meanLoss, accuracy * 100, imagesPerSecond,
               ProgressReporter.clock(etaSeconds))
    }
}
