/// What the parser found on the command line, with typed accessors that turn a bad
/// value into a usage error naming the option (`The value 'ten' is invalid for '--epochs <n>'`).
struct ParsedArguments: Sendable {
    /// The chain of command names, e.g. `["shears", "bench", "kernels"]`.
    var commandPath: [String]
    var options: [String: [String]]
    var flags: Set<String>
    var positionals: [String]
    /// Specs, for defaults and messages.
    var specs: [String: OptionSpec]
    var usage: String

    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value given, or the spec's default.
    func string(_ name: String) -> String? { options[name]?.last ?? specs[name]?.defaultValue }

    func strings(_ name: String) -> [String] { options[name] ?? [] }

    func require(_ name: String) throws -> String {
        guard let value = string(name) else { throw UsageError.missingOption(synopsis(name)) }
        return value
    }

    func int(_ name: String) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else { throw UsageError.invalidValue(text, synopsis(name), "an integer") }
        return value
    }

    func double(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw UsageError.invalidValue(text, synopsis(name), "a number")
        }
        return value
    }

    /// An integer within `range`: beyond it a value is an allocation abort or a meaningless
    /// run, not a job (`--batch-size 99999999`).
    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let value = try int(name) else { return nil }
        guard range.contains(value) else {
            throw UsageError.invalidValue("\(value)", synopsis(name),
                                          "an integer between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A number within `range`, and above its lower bound too when `open` (a learning rate).
    func double(_ name: String, in range: ClosedRange<Double>, open: Bool = false) throws -> Double? {
        guard let value = try double(name) else { return nil }
        guard range.contains(value), !open || value > range.lowerBound else {
            let lower = open ? "greater than \(range.lowerBound)" : "between \(range.lowerBound)"
            throw UsageError.invalidValue(string(name)!, synopsis(name),
                                          "a number \(lower)\(open ? " and at most" : " and") \(range.upperBound)")
        }
        return value
    }

    /// A value that must be one of `choices` (`--split test|val|train`).
    func choice(_ name: String, in choices: [String]) throws -> String? {
        guard let text = string(name) else { return nil }
        guard choices.contains(text) else {
            throw UsageError.invalidValue(text, synopsis(name), "one of " + choices.joined(separator: ", "))
        }
        return text
    }

    /// A comma-separated list of numbers (`--levels 0.1,0.2,0.3`).
    func doubles(_ name: String) throws -> [Double]? {
        guard let text = string(name) else { return nil }
        return try text.split(separator: ",").map { part in
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)) else {
                throw UsageError.invalidValue(text, synopsis(name), "comma-separated numbers")
            }
            return v
        }
    }

    private func synopsis(_ name: String) -> String { specs[name]?.synopsis ?? "--\(name)" }
}

import Foundation
