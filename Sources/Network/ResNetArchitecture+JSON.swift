import JSON

extension ResNetArchitecture {
    /// The architecture as stored in checkpoint metadata: keys sorted (`classes`,
    /// `inputChannels`, `stages` with `innerWidths`, `stride`, `width`), so the same network
    /// always writes the same bytes. Written with the JSON module like every other JSON file.
    public var json: JSONValue {
        ["classes": JSONValue(classes), "inputChannels": JSONValue(inputChannels),
         "stages": .array(stages.map {
             ["innerWidths": .array($0.innerWidths.map { JSONValue($0) }), "stride": JSONValue($0.stride),
              "width": JSONValue($0.width)]
         })]
    }

    /// Reads `json`'s form back (key order free, unknown keys ignored); nil when a member is
    /// missing or not an integer (the caller names the file).
    public init?(json: JSONValue) {
        guard let classes = json["classes"]?.int, let inputChannels = json["inputChannels"]?.int,
              let stageValues = json["stages"]?.array else { return nil }
        var stages: [Stage] = []
        for value in stageValues {
            guard let width = value["width"]?.int, let stride = value["stride"]?.int,
                  let inner = value["innerWidths"]?.array else { return nil }
            let innerWidths = inner.compactMap(\.int)
            guard innerWidths.count == inner.count else { return nil }
            stages.append(Stage(width: width, stride: stride, innerWidths: innerWidths))
        }
        self.init(inputChannels: inputChannels, classes: classes, stages: stages)
    }
}
