import Testing
import Training

struct ProgressReporterTests {
    final class Sink { var text = "" }

    static let progress = BatchProgress(label: "epoch 3/60", batch: 12, batches: 40, meanLoss: 1.23456, accuracy: 0.4567,
                                        imagesPerSecond: 312.4, etaSeconds: 842)

    @Test func barRedrawsOneLineAndEpochLinesStay() {
        let sink = Sink()
        let r = ProgressReporter(style: .bar) { sink.text += $0 }
        r.batch(Self.progress, now: 0)
        #expect(sink.text == "\repoch 3/60 [=======                 ] 12/40  loss 1.2346  acc  45.7%  312 img/s  ETA 14:02\u{1B}[K")
        sink.text = ""
        r.line("done")
        #expect(sink.text == "\r\u{1B}[Kdone\n")
    }

    @Test func plainLinesAreThrottled() {
        let sink = Sink()
        let r = ProgressReporter(style: .lines, lineInterval: 30) { sink.text += $0 }
        r.batch(Self.progress, now: 100)
        r.batch(Self.progress, now: 110)
        r.batch(Self.progress, now: 131)
        #expect(sink.text.split(separator: "\n").count == 2)
        #expect(sink.text.hasPrefix("epoch 3/60 batch 12/40  loss 1.2346  acc  45.7%  312 img/s  ETA 14:02\n"))
    }

    @Test func epochLine() {
        var train = ClassificationMetrics(classCount: 2)
        train.add(logits: .init(shape: [2, 2], data: [1, 0, 1, 0]), labels: [0, 1], meanLoss: 0.75)
        let s = EpochSummary(epoch: 2, epochs: 60, learningRate: 0.095, train: train, validation: train, seconds: 16.27,
                             imagesPerSecond: 312.4, etaSeconds: 3725)
        #expect(s.line == "epoch  3/60  lr 0.095  loss 0.7500  acc  50.0%  val loss 0.7500 acc  50.0%  312 img/s  16.3 s  ETA 1:02:05")
    }

    @Test func clock() {
        #expect(ProgressReporter.clock(59.6) == "1:00")
        #expect(ProgressReporter.clock(.infinity) == "--:--")
    }
}
