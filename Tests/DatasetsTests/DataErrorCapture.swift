import Datasets
import Testing

/// The error a throwing call raised, for exact-message assertions.
func dataError<T>(_ body: () throws -> T) -> DataError? {
    do { _ = try body(); return nil } catch let error as DataError { return error } catch {
        Issue.record("expected a DataError, got \(error)")
        return nil
    }
}
