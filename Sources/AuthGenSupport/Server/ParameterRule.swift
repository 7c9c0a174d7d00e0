import Foundation

/// A parameter the spec declares, as a generated server route checks it before the handler.
public struct ParameterRule: Sendable {
    /// Where in the request the parameter travels.
    public enum Location: String, Sendable {
        /// In the path template, the query string, or a header field.
        case path, query, header
    }

    /// Where the parameter is read from.
    public var location: Location
    /// The parameter's name in the spec.
    public var name: String
    /// Whether an absent parameter is refused.
    public var required: Bool
    /// What the value must satisfy; its text is read as the JSON type this expects.
    public var schema: Schema

    /// A rule for one declared parameter, optional unless `required`.
    public init(_ location: Location, _ name: String, required: Bool = false, schema: Schema) {
        self.location = location
        self.name = name
        self.required = required
        self.schema = schema
    }
}

extension ServerRequest {
    /// Checks every parameter against its schema (presence, type, enum, bounds, pattern) and
    /// throws one 400 listing every problem, so a client learns all of them at once.
    public func checkParameters(_ rules: [ParameterRule]) throws(RequestRejection) {
        guard configuration.validatesRequests else { return }
        var issues: [ValidationIssue] = []
        for rule in rules {
            let label = Self.label(rule.location, rule.name)
            let texts = texts(rule.location, rule.name)
            if texts.isEmpty {
                if rule.required { issues.append(ValidationIssue(pointer: .root, message: "\(label) is required")) }
                continue
            }
            let value: JSONValue =
                if case .array(let items, _) = rule.schema.resolved {
                    .array(self.items(rule.location, rule.name)!.map { Self.scalar($0, for: items) })
                } else {
                    texts.count == 1 ? Self.scalar(texts[0], for: rule.schema) : .array(texts.map { Self.scalar($0, for: rule.schema) })
                }
            for issue in rule.schema.validate(value) {
                let place = issue.pointer.isEmpty ? "" : " at \(issue.pointer)"
                issues.append(ValidationIssue(pointer: .root, message: "\(label)\(place) \(issue.message)"))
            }
        }
        if !issues.isEmpty { throw RequestRejection(.invalidInput, message: "Invalid parameters", issues: issues) }
    }

    /// Text read as the JSON value the schema expects; text that is not of that type stays a
    /// string, so validation names the mismatch.
    private static func scalar(_ text: String, for schema: Schema) -> JSONValue {
        switch schema.resolved {
        case .integer: Int64(text).map(JSONValue.integer) ?? .string(text)
        case .number: JSONNumberText.double(text).map(JSONValue.number) ?? .string(text)
        case .boolean: text == "true" ? .bool(true) : text == "false" ? .bool(false) : .string(text)
        case .nullable(let inner): text == "null" ? .null : scalar(text, for: inner)
        default: .string(text)
        }
    }
}

extension Schema {
    /// The schema behind references.
    var resolved: Schema {
        var current = self
        while case .ref(let target) = current { current = target() }
        return current
    }
}
