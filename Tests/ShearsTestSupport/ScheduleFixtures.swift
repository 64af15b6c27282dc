import Foundation

/// Where the schedule fixtures are: Distiller's own examples beside the project (present in the
/// workspace, absent in a plain clone) and the Distiller-format schedules written for Shears
/// (always present), which cover the same parser and loader paths.
public enum ScheduleFixtures {
    /// `../shared/fixtures/distiller-schedules`, or nil when the clone has no `../shared`.
    public static var distiller: URL? {
        let url = TestPaths.root.appendingPathComponent("../shared/fixtures/distiller-schedules").standardized
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Whether Distiller's examples are present (the condition of the tests that read them).
    public static var distillerPresent: Bool { distiller != nil }

    /// Why those tests are skipped in a clone without them.
    public static let skipReason = "../shared/fixtures/distiller-schedules (Distiller's own examples) is absent in "
        + "this clone; Tests/Fixtures/distiller-format covers the same parser paths"

    /// `Tests/Fixtures/distiller-format`.
    public static let own = TestPaths.root.appendingPathComponent("Tests/Fixtures/distiller-format")

    /// The `.yaml` files of a fixture folder, sorted.
    public static func names(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
    }
}
