
/// Consumes a value through an opaque call so the optimiser cannot prove a benchmark's
/// result unused and delete the work being timed (the swift-collections-benchmark idiom).
@inline(never)
public func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
