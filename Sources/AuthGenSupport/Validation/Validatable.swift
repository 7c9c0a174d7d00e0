/// A generated type whose values can be checked against the schema they came from.
public protocol Validatable: Encodable {
    /// The schema of this type, with every constraint of the spec.
    static var schema: Schema { get }
}

extension Validatable {
    /// Every way this value breaks its schema; empty when it is valid.
    public func validationIssues() throws -> [ValidationIssue] {
        Self.schema.validate(try JSONValue(encoding: self))
    }

    /// Throws a `ValidationError` listing every issue when this value breaks its schema.
    public func validate() throws {
        let issues = try validationIssues()
        if !issues.isEmpty { throw ValidationError(issues: issues) }
    }

    /// Checks raw JSON, as a server receives it, against this type's schema.
    public static func validationIssues(in json: JSONValue) -> [ValidationIssue] {
        schema.validate(json)
    }
}
