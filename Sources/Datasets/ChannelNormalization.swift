import Foundation

/// Per-channel mean and standard deviation of the training pixels (scaled to [0, 1]).
/// A value type with a string form so a checkpoint can store exactly what the model was
/// trained with: evaluating with statistics recomputed from other data would shift inputs.
public struct ChannelNormalization: Equatable, Sendable {
    public var mean: [Float]
    public var std: [Float]

    public init(mean: [Float], std: [Float]) {
        precondition(mean.count == LabeledImages.channels && std.count == LabeledImages.channels,
                     "normalisation needs \(LabeledImages.channels) means and stds")
        precondition(std.allSatisfy { $0 > 0 }, "standard deviations must be positive, got \(std)")
        self.mean = mean
        self.std = std
    }

    /// Leaves pixels as `p / 255`: for tests and for data that is already centred.
    public static let unit = ChannelNormalization(mean: [0, 0, 0], std: [1, 1, 1])

    /// Population mean and standard deviation per channel over every pixel of `images`.
    /// Sums are exact 64-bit integers, so the result does not depend on summation order.
    /// - Complexity: O(pixels).
    public init(computedFrom images: LabeledImages) {
        precondition(images.count > 0, "cannot compute normalisation from no images")
        let plane = LabeledImages.height * LabeledImages.width
        var sums = [Int64](repeating: 0, count: 3), squares = [Int64](repeating: 0, count: 3)
        images.pixels.withUnsafeBufferPointer { p in
            for i in 0..<images.count {
                for c in 0..<3 {
                    var s: Int64 = 0, q: Int64 = 0
                    let base = i * LabeledImages.imageBytes + c * plane
                    for k in 0..<plane {
                        let v = Int64(p[base + k])
                        s += v
                        q += v * v
                    }
                    sums[c] += s
                    squares[c] += q
                }
            }
        }
        let n = Double(images.count * plane)
        var mean = [Float](), std = [Float]()
        for c in 0..<3 {
            let m = Double(sums[c]) / n
            let variance = max(Double(squares[c]) / n - m * m, 0)
            mean.append(Float(m / 255))
            std.append(Float(max(variance.squareRoot() / 255, 1e-6)))
        }
        self.init(mean: mean, std: std)
    }

    /// For each channel, the 256 normalised values a pixel byte can map to:
    /// `(p / 255 - mean) / std`. Batch assembly is then one table look-up per pixel.
    public var lookupTable: [Float] {
        var t = [Float](repeating: 0, count: 3 * 256)
        for c in 0..<3 {
            for p in 0..<256 { t[c * 256 + p] = (Float(p) / 255 - mean[c]) / std[c] }
        }
        return t
    }

    // MARK: - Checkpoint form

    public static let meanKey = "normalization.mean"
    public static let stdKey = "normalization.std"

    /// `["normalization.mean": "0.49139968,0.48215827,0.44653124", ...]`; Swift prints the
    /// shortest decimal that reads back to the same Float, so the round trip is exact.
    public var metadata: [String: String] {
        [Self.meanKey: mean.map { "\($0)" }.joined(separator: ","),
         Self.stdKey: std.map { "\($0)" }.joined(separator: ",")]
    }

    /// Reads the form `metadata` writes; a missing key or a malformed value is an error.
    public init(metadata: [String: String]) throws(DataError) {
        func parse(_ key: String, positive: Bool) throws(DataError) -> [Float] {
            let text = metadata[key] ?? ""
            let values = text.split(separator: ",").compactMap { Float($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == 3, text.split(separator: ",").count == 3,
                  values.allSatisfy({ $0.isFinite && (!positive || $0 > 0) })
            else { throw .badNormalization(key: key, value: text) }
            return values
        }
        self.init(mean: try parse(Self.meanKey, positive: false), std: try parse(Self.stdKey, positive: true))
    }
}
