import Testing
import Optimizer

struct SearchSpaceTests {
    static let space = try! SearchSpace([
        .continuous("ratio", 0.1, 0.9),
        .continuous("lr", 1e-4, 1e-1, log: true),
        .integer("epochs", 1, 4),
        .categorical("pruner", ["l1", "l2", "random"]),
    ])

    @Test func dimensionCountsOneHotCoordinates() {
        #expect(Self.space.dimension == 6)
        #expect(Self.space.names == ["ratio", "lr", "epochs", "pruner"])
    }

    @Test func encodeDecodeRoundTripsEveryKind() throws {
        let assignment: [String: ParameterValue] = [
            "ratio": .real(0.35), "lr": .real(0.001), "epochs": .integer(3), "pruner": .category("l2"),
        ]
        let x = try Self.space.encode(assignment)
        #expect(abs(x[0] - 0.3125) < 1e-15)
        #expect(abs(x[1] - 1.0 / 3.0) < 1e-12)  // log10: −3 is a third of the way from −4 to −1
        #expect(x[2] == 0.625)                     // cell centre of 3 among 1…4
        #expect(Array(x[3...]) == [0, 1, 0])
        #expect(try Self.space.decode(x) == assignment)
    }

    @Test func logScaleSpendsEqualCoordinateOnEveryDecade() throws {
        let space = try SearchSpace([.continuous("wd", 1e-6, 1e-2, log: true)])
        for (u, v) in [(0.0, 1e-6), (0.25, 1e-5), (0.5, 1e-4), (0.75, 1e-3), (1.0, 1e-2)] {
            #expect(try space.decode([u]) == ["wd": .real(v)], "u = \(u)")
        }
    }

    @Test func integersGetEqualCellsOfTheUnitInterval() throws {
        let space = try SearchSpace([.integer("k", -1, 2)])
        let decoded = try (0..<400).map { i -> Int in
            guard case .integer(let k) = try space.decode([(Double(i) + 0.5) / 400])["k"]! else { return .min }
            return k
        }
        for k in -1...2 { #expect(decoded.filter { $0 == k }.count == 100, "value \(k)") }
        #expect(try space.decode([1.0]) == ["k": .integer(2)])
        #expect(try space.decode([0.0]) == ["k": .integer(-1)])
    }

    @Test func categoricalDecodesToTheLargestCoordinate() throws {
        let space = try SearchSpace([.categorical("c", ["a", "b", "c"])])
        #expect(try space.decode([0.2, 0.9, 0.4]) == ["c": .category("b")])
        #expect(space.canonical([0.2, 0.9, 0.4]) == [0, 1, 0])
    }

    @Test func canonicalIsIdempotentAndSnapsToCellCentres() {
        let x = [0.123456789, 0.5, 0.1, 0.3, 0.2, 0.25]
        let c = Self.space.canonical(x)
        #expect(c[2] == 0.125)
        #expect(Array(c[3...]) == [1, 0, 0])
        #expect(Self.space.canonical(c) == c)
    }

    @Test func realsAreRoundedToSixSignificantDigits() throws {
        let space = try SearchSpace([.continuous("r", 0, 3)])
        #expect(try space.decode([0.123456789]) == ["r": .real(0.370370)])
    }

    @Test(arguments: [
        (ParameterValue.real(0.25), "0.25"), (.real(3), "3.0"), (.real(1.5e-5), "1.5e-05"),
        (.real(1e-7), "1.0e-07"), (.real(2e20), "2.0e+20"), (.real(-0.5), "-0.5"),
        (.integer(7), "7"), (.category("l1"), "l1"),
    ])
    func templateTextIsAYAMLFloatWhereverAFloatIsMeant(value: ParameterValue, text: String) {
        #expect(value.templateText == text)
    }

    @Test(arguments: [
        (id: "empty space", parameters: [SearchParameter](), message: "the search space has no parameters"),
        (id: "duplicate name", parameters: [.integer("a", 0, 1), .integer("a", 0, 2)],
         message: "parameter 'a' is declared twice"),
        (id: "reversed range", parameters: [.continuous("r", 2, 1)],
         message: "parameter 'r': min 2.0 must be less than max 1.0"),
        (id: "log range through zero", parameters: [.continuous("lr", 0, 1, log: true)],
         message: "parameter 'lr': a log-scaled range needs min > 0, found 0.0"),
        (id: "infinite bound", parameters: [.continuous("r", 0, .infinity)],
         message: "parameter 'r': bounds must be finite numbers"),
        (id: "single integer", parameters: [.integer("k", 3, 3)],
         message: "parameter 'k': min 3 must be less than max 3"),
        (id: "no categories", parameters: [.categorical("c", [])],
         message: "parameter 'c': a categorical parameter needs at least one value"),
        (id: "repeated category", parameters: [.categorical("c", ["x", "y", "x"])],
         message: "parameter 'c': value 'x' is listed twice"),
    ])
    func invalidSpacesAreRejectedWithTheirReason(id: String, parameters: [SearchParameter], message: String) {
        do {
            _ = try SearchSpace(parameters)
            Issue.record("\(id): accepted")
        } catch {
            #expect(String(describing: error) == message, "\(id)")
        }
    }

    @Test func badAssignmentsAreRejectedWithTheirReason() {
        let good: [String: ParameterValue] = [
            "ratio": .real(0.5), "lr": .real(0.01), "epochs": .integer(2), "pruner": .category("l1"),
        ]
        func message(_ change: (inout [String: ParameterValue]) -> Void) -> String {
            var a = good
            change(&a)
            do { _ = try Self.space.encode(a); return "accepted" } catch { return String(describing: error) }
        }
        #expect(message { $0["ratio"] = nil } == "no value for parameter 'ratio'")
        #expect(message { $0["ratoi"] = .real(0.5) } == "unknown parameter 'ratoi'; known: ratio, lr, epochs, pruner")
        #expect(message { $0["ratio"] = .real(0.95) } == "parameter 'ratio': value 0.95 is outside [0.1, 0.9]")
        #expect(message { $0["epochs"] = .integer(5) } == "parameter 'epochs': value 5 is outside [1, 4]")
        #expect(message { $0["epochs"] = .real(2) } == "parameter 'epochs': expected an integer, found the real number 2.0")
        #expect(message { $0["pruner"] = .category("l3") } == "parameter 'pruner': 'l3' is not one of l1, l2, random")
        #expect(message { $0["ratio"] = .integer(1) } == "parameter 'ratio': value 1 is outside [0.1, 0.9]")
        #expect(message { $0["lr"] = .category("fast") } == "parameter 'lr': expected a real number, found the text 'fast'")
    }

    @Test func decodeRejectsPointsOutsideTheCube() {
        #expect(throws: OptimizerError.dimensionMismatch(expected: 6, found: 2)) { try Self.space.decode([0, 0]) }
        #expect(throws: OptimizerError.pointOutsideUnitCube(index: 1, value: 1.5)) {
            try Self.space.decode([0, 1.5, 0, 0, 0, 1])
        }
        #expect(OptimizerError.pointOutsideUnitCube(index: 1, value: 1.5).description
            == "coordinate 1 is 1.5, outside the unit interval [0, 1]")
    }
}
