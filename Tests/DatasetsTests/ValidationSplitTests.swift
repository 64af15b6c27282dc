import Testing
import Datasets

struct ValidationSplitTests {
    @Test func sizesDisjointnessAndDeterminism() throws {
        let set = BatchesTests.images(100)
        let split = try ValidationSplit(set, validationCount: 30, seed: 5)
        #expect(split.train.count == 70 && split.validation.count == 30)
        #expect(Set(split.trainIndices).isDisjoint(with: split.validationIndices))
        #expect(Set(split.trainIndices + split.validationIndices) == Set(0..<100))
        #expect(split.validation.image(0) == set.image(split.validationIndices[0]))
        #expect(split.train.labels == split.trainIndices.map { set.labels[$0] })
        let again = try ValidationSplit(set, validationCount: 30, seed: 5)
        #expect(again.validationIndices == split.validationIndices)
        let other = try ValidationSplit(set, validationCount: 30, seed: 6)
        #expect(other.validationIndices != split.validationIndices)
        #expect(split.validationIndices != Array(0..<30), "the held-out images are drawn, not the first ones")
    }

    @Test func zeroKeepsEverythingForTraining() throws {
        let set = BatchesTests.images(10)
        let split = try ValidationSplit(set, validationCount: 0, seed: 1)
        #expect(split.train == set && split.validation.count == 0)
    }

    @Test func tooLargeIsAnError() {
        let error = dataError { try ValidationSplit(BatchesTests.images(10), validationCount: 10, seed: 1) }
        #expect(error?.description == "validation split of 10 images leaves no training images (10 available); "
            + "use a value below 10")
    }
}
