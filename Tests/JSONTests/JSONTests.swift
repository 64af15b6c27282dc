import JSON
import Testing

struct JSONTests {
    @Test func writesCompactInInsertionOrder() {
        let v: JSONValue = ["b": 1, "a": [true, nil, 0.5, "x\"y\n"], "c": [:]]
        #expect(v.compact == #"{"b":1,"a":[true,null,0.5,"x\"y\n"],"c":{}}"#)
    }

    @Test func writesPrettyWithTwoSpaces() {
        let v: JSONValue = ["top1": 0.75, "layers": [["name": "fc"]]]
        #expect(v.pretty() == "{\n  \"top1\": 0.75,\n  \"layers\": [\n    {\n      \"name\": \"fc\"\n    }\n  ]\n}")
    }

    @Test func numbersUseShortestRoundTripForm() {
        #expect(JSONValue(Float(0.1)).compact == "0.1")
        #expect(JSONValue(1e-4).compact == "0.0001")
        #expect(JSONValue(40_813_184).compact == "40813184")
        #expect(JSONValue(Double.nan).compact == "null")
    }

    @Test func parsesWhatItWrites() throws {
        let v: JSONValue = ["s": "µs ✓ \u{1}", "n": -1.25e-7, "i": 42, "a": [[], [:], false]]
        #expect(try JSONValue.parse(v.compact) == v)
        #expect(try JSONValue.parse(v.pretty()) == v)
    }

    @Test func parsesEscapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""\u00e9\ud83d\ude00\/""#) == .string("é😀/"))
    }

    @Test(arguments: [
        ("trailing comma in object", "{\"a\":1,}", "line 1, column 8: expected a string key"),
        ("unterminated string", "[\"abc", "line 1, column 6: unterminated string"),
        ("garbage after value", "{} x", "line 1, column 4: unexpected 'x' after the JSON value"),
        ("missing colon on second line", "{\n \"a\" 1}", "line 2, column 6: expected ':' after key \"a\""),
        ("bare word", "nul", "line 1, column 1: expected 'null'"),
    ])
    func rejectsMalformedTextWithPosition(id: String, text: String, expected: String) {
        #expect(throws: JSONError.self) { try JSONValue.parse(text) }
        do {
            _ = try JSONValue.parse(text)
        } catch {
            #expect(error.description == expected, "\(id)")
        }
    }
}
