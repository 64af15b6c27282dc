
/// Runs `body` over contiguous ranges covering `0..<count`, in parallel when there is enough
/// work. The split depends only on `count` and `grain` (never on the machine or on timing),
/// so a body that reduces within its range gives the same bits on every run and every host.
/// - Parameters:
///   - grain: the smallest range worth a task; below `2·grain` everything runs inline.
///   - maxTasks: an upper bound on the number of ranges.
func parallelRanges(_ count: Int, grain: Int, maxTasks: Int = 16, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let tasks = max(1, min(maxTasks, count / max(grain, 1)))
    if tasks == 1 {
        body(0..<count)
        return
    }
    parallelFor(tasks) { t in
        body(count * t / tasks ..< count * (t + 1) / tasks)
    }
}
