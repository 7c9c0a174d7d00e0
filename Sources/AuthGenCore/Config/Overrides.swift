/// Names and types the user chose over the generator's (`nameOverrides`, `typeOverrides` in
/// authgen.yaml, as swift-openapi-generator has them).
package struct Overrides: Sendable, Equatable {
    /// OpenAPI name (schema, property, parameter, header, enum value, operationId) → the Swift
    /// identifier to use instead of the naming rules'.
    package var names: [String: String]
    /// Component schema name → an existing Swift type it is generated as a typealias of.
    package var types: [String: String]

    package init(names: [String: String] = [:], types: [String: String] = [:]) {
        self.names = names
        self.types = types
    }
}
