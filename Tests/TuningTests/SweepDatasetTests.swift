import Datasets
import Foundation
import Testing
import Tuning

/// The sweep file's optional `dataset:`/`labels:` keys.
struct SweepDatasetTests {
    func parse(_ replace: String, with: String) throws -> SweepConfiguration {
        try SweepConfiguration(parsing: SweepConfigurationErrorCase.file(replace, with: with), file: "s.yaml") { _ in
            SweepConfigurationErrorCase.template
        }
    }

    func message(_ replace: String, with: String) -> String? {
        do { _ = try parse(replace, with: with); return nil } catch { return String(describing: error) }
    }

    @Test func absentMeansTheBaselinesAndGivenIsKept() throws {
        #expect(try parse("", with: "").dataset == nil)
        #expect(try parse("data: data", with: "data: data\ndataset: cifar100").dataset == .cifar100(.fine))
        #expect(try parse("data: data", with: "data: data\ndataset: cifar100\nlabels: coarse").dataset == .cifar100(.coarse))
        #expect(try parse("data: data", with: "data: data\nlabels: coarse").dataset == .cifar100(.coarse))
        #expect(try parse("data: data", with: "data: data\ndataset: cifar10").dataset == .cifar10)
    }

    @Test func anUnknownDataSetOrLabelSetIsPositioned() {
        #expect(message("data: data", with: "data: data\ndataset: cifar1000") == """
            s.yaml:4:10: error: expected cifar10 or cifar100 for 'dataset', found 'cifar1000'
            dataset: cifar1000
                     ^
            """)
        #expect(message("data: data", with: "data: data\ndataset: cifar10\nlabels: coarse") == """
            s.yaml:5:9: error: expected fine or coarse (cifar100 only) for 'labels', found 'coarse' with dataset 'cifar10'
            labels: coarse
                    ^
            """)
        #expect(message("data: data", with: "data: data\nlabels: medium")?.hasPrefix(
            "s.yaml:4:9: error: expected fine or coarse (cifar100 only) for 'labels', found 'medium'") == true)
    }
}
