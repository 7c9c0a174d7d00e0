import Foundation
import HTTPTypes

/// A parameter the spec declares, as a generated server route checks it before the handler.
public struct ParameterRule: Sendable {
    public enum Location: String, Sendable {
        case path, query, header
    }

    public var location: Location
    public var name: String
    public var required: Bool
    public var schema: Schema

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
            let label = rule.location == .header ? "header '\(rule.name)'" : "\(rule.location.rawValue) parameter '\(rule.name)'"
            let texts = rawTexts(rule)
            if texts.isEmpty {
                if rule.required { issues.append(ValidationIssue(pointer: .root, message: "\(label) is required")) }
                continue
            }
            for issue in rule.schema.validate(Self.jsonValue(texts, for: rule.schema, splittingCommas: rule.location != .query)) {
                let place = issue.pointer.isEmpty ? "" : " at \(issue.pointer)"
                issues.append(ValidationIssue(pointer: .root, message: "\(label)\(place) \(issue.message)"))
            }
        }
        if !issues.isEmpty { throw RequestRejection(.invalidInput, message: "Invalid parameters", issues: issues) }
    }

    /// The parameter's texts as sent: every occurrence of a query name, one path segment or
    /// header value otherwise.
    private func rawTexts(_ rule: ParameterRule) -> [String] {
        switch rule.location {
        case .path:
            return pathParameters[rule.name].map { [String($0).removingPercentEncoding ?? String($0)] } ?? []
        case .query:
            return query.filter { $0.name == rule.name }.map(\.value)
        case .header:
            return HTTPField.Name(rule.name).flatMap { headers[$0] }.map { [$0] } ?? []
        }
    }

    /// Text read as the JSON value the schema expects; text that is not of that type stays a
    /// string, so validation names the mismatch.
    static func jsonValue(_ texts: [String], for schema: Schema, splittingCommas: Bool) -> JSONValue {
        switch schema.resolved {
        case .array(let items, _):
            // Path and header arrays are comma-separated; query arrays repeat the name.
            let parts = splittingCommas ? texts.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) } : texts
            return .array(parts.map { scalar($0, for: items) })
        default:
            return texts.count == 1 ? scalar(texts[0], for: schema) : .array(texts.map { scalar($0, for: schema) })
        }
    }

    private static func scalar(_ text: String, for schema: Schema) -> JSONValue {
        switch schema.resolved {
        case .integer: Int64(text).map(JSONValue.integer) ?? .string(text)
        case .number: Double(text).map(JSONValue.number) ?? .string(text)
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
