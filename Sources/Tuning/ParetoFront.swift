/// The trials no other trial beats on both latency (lower) and accuracy (higher):
/// the menu a user picks from when the floor is negotiable.
public func paretoFront(_ points: [(latency: Double, accuracy: Double)]) -> [Int] {
    points.indices.filter { i in
        !points.indices.contains { j in
            j != i && points[j].latency <= points[i].latency && points[j].accuracy >= points[i].accuracy
                && (points[j].latency < points[i].latency || points[j].accuracy > points[i].accuracy)
        }
    }.sorted { points[$0].latency < points[$1].latency }
}
