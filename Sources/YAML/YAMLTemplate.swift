
/// A YAML file whose scalar values may hold `${name}` placeholders (a sweep's schedule
/// template), filled with numbers to give the text of one trial's schedule.
///
/// Filling splices text at the ranges the parser recorded, rather than substituting on the
/// parsed tree: the result is a real file (saved beside each trial and in the ledger) with
/// its comments intact, and placeholders written inside comments are left alone because
/// the parser never records them. A plain `${x}` filled with `0.5` reads back as a number.
public struct YAMLTemplate: Sendable {
    public let document: YAMLDocument
    /// The parsed text (line endings normalised), which the placeholder ranges index.
    public let text: String

    /// Parses `text`, so syntax errors surface when the template is loaded, not per trial.
    public init(_ text: String, file: String) throws {
        let normalized = YAMLParser.normalizedLineEndings(text)
        self.text = normalized
        self.document = try YAMLParser.parse(normalized, file: file)
    }

    /// Each placeholder name once, in order of first use.
    public var placeholderNames: [String] {
        var seen = Set<String>()
        return document.placeholders.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The text with every placeholder replaced by its value. A placeholder without a value is
    /// an error at its position, listing the values that were given.
    public func fill(_ values: [String: PlaceholderValue]) throws -> String {
        if let missing = document.placeholders.first(where: { values[$0.name] == nil }) {
            throw document.source.error(YAMLError.missingPlaceholderValue(missing.name, given: values.keys.sorted()),
                                        at: missing.location)
        }
        var scalars = Array(text.unicodeScalars)
        for placeholder in document.placeholders.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            scalars.replaceSubrange(placeholder.range, with: values[placeholder.name]!.yamlText.unicodeScalars)
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}

/// A value for a template placeholder.
public enum PlaceholderValue: Hashable, Sendable {
    case int(Int)
    case number(Double)
    /// Inserted verbatim: the template decides whether it sits inside quotes.
    case string(String)

    /// How the value is written into YAML: integers in decimal, numbers in Swift's shortest
    /// round-trip form (`0.1`, `1e-05`, `0.30000000000000004`) so parsing gives back exactly
    /// the double the optimiser proposed; infinities and NaN in YAML's `.inf`/`.nan`.
    public var yamlText: String {
        switch self {
        case .int(let v): return String(v)
        case .number(let v) where v.isNaN: return ".nan"
        case .number(let v) where v.isInfinite: return v < 0 ? "-.inf" : ".inf"
        case .number(let v): return "\(v)"
        case .string(let v): return v
        }
    }
}
