import Foundation

extension ClassificationMetrics {
    /// `{"top1":0.7345,"top5":0.9812,"loss":0.8123,"images":1017,"per_class":{"airplane":0.78,...}}`,
    /// fractions 0–1 (a class without images is `null`).
    public func json(classNames: [String]) -> String {
        let perClass = zip(classNames, perClassAccuracy).map { name, accuracy in
            "\"\(name)\":" + (accuracy.map { "\($0)" } ?? "null")
        }.joined(separator: ",")
        return "{\"top1\":\(top1),\"top5\":\(top5),\"loss\":\(meanLoss),\"images\":\(images),\"per_class\":{\(perClass)}}"
    }

    /// Human-readable report: a summary line, then per-class accuracy in two columns.
    public func text(title: String, classNames: [String]) -> String {
        var s = String(format: "%@ (%d images): top-1 %.4f  top-5 %.4f  loss %.4f\n", title, images, top1, top5, meanLoss)
        s += "per-class top-1:\n"
        let width = classNames.map(\.count).max() ?? 0
        for (c, name) in classNames.enumerated() {
            let value = perClassAccuracy[c].map { String(format: "%.4f", $0) } ?? "  n/a"
            s += "  " + name.padding(toLength: width, withPad: " ", startingAt: 0)
                + "  \(value)  (\(perClassCorrect[c])/\(perClassImages[c]))\n"
        }
        return s
    }

    /// `prefix.top1`, `prefix.top5`, `prefix.loss`, `prefix.images` for checkpoint metadata.
    public func resultMetadata(prefix: String) -> [String: String] {
        ["\(prefix).top1": "\(top1)", "\(prefix).top5": "\(top5)", "\(prefix).loss": "\(meanLoss)",
         "\(prefix).images": "\(images)"]
    }
}
