import Foundation

/// Tiny CIFAR-100 directories in the official binary layout (`train.bin`, `test.bin`: records of
/// coarse label, fine label, 3072 pixel bytes; `fine_label_names.txt`, `coarse_label_names.txt`).
extension CIFARFixture {
    /// A CIFAR-100 record: the two label bytes, then `CIFARFixture.pixel`'s pattern for `image`.
    public static func record100(coarse: UInt8, fine: UInt8, image: Int) -> [UInt8] {
        [coarse, fine] + record(label: 0, image: image).dropFirst()
    }

    /// The fine label of image `i` in these fixtures, and its coarse label (`fine / 5`, so each
    /// superclass has five classes as in the real data set).
    public static func fineLabel(_ i: Int) -> UInt8 { UInt8((i * 7) % 100) }
    public static func coarseLabel(_ i: Int) -> UInt8 { fineLabel(i) / 5 }

    /// `train` training and `test` test images (test images numbered from 1000), both names files.
    public func writeCIFAR100(train: Int = 6, test: Int = 4) throws {
        func records(_ range: Range<Int>) -> [UInt8] {
            range.flatMap { Self.record100(coarse: Self.coarseLabel($0), fine: Self.fineLabel($0), image: $0) }
        }
        try write("train.bin", records(0..<train))
        try write("test.bin", records(1000..<(1000 + test)))
        try write("fine_label_names.txt", Array(((0..<100).map { "fine\($0)" }.joined(separator: "\n") + "\n").utf8))
        try write("coarse_label_names.txt", Array(((0..<20).map { "coarse\($0)" }.joined(separator: "\n") + "\n").utf8))
    }
}
