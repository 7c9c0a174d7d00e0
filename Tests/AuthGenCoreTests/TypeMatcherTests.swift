import Foundation
import Testing

@testable import AuthGenCore

/// The whole mapping from a schema to its Swift type, for a property and for a query
/// parameter of the same schema: one matcher decides both, so they agree wherever a parameter
/// can hold the value, and a parameter that cannot (an object, a nested array) travels as text.
@Suite struct TypeMatcherTests {
    /// Schema (YAML flow style), the property's type, the parameter's type.
    static let table: [(schema: String, property: String, parameter: String)] = [
        ("{type: boolean}", "Bool", "Bool"),
        ("{type: integer}", "Int", "Int"),
        ("{type: integer, format: int32}", "Int32", "Int32"),
        ("{type: integer, format: int64}", "Int64", "Int64"),
        ("{type: integer, format: uint8}", "Int", "Int"),
        ("{type: number}", "Double", "Double"),
        ("{type: number, format: double}", "Double", "Double"),
        ("{type: number, format: float}", "Float", "Float"),
        ("{type: string}", "String", "String"),
        ("{type: string, format: date-time}", "String", "String"),
        ("{type: string, format: uuid}", "String", "String"),
        ("{type: string, format: binary}", "String", "String"),
        ("{type: array, items: {type: integer, format: int64}}", "[Int64]", "[Int64]"),
        ("{type: array, items: {type: number, format: float}}", "[Float]", "[Float]"),
        ("{type: array, items: {type: array, items: {type: boolean}}}", "[[Bool]]", "[String]"),
        ("{$ref: '#/components/schemas/Level'}", "Level", "Level"),
        ("{$ref: '#/components/schemas/Count'}", "Count", "Int64"),
        ("{type: object, additionalProperties: {type: integer}}", "[String: Int]", "String"),
        ("{}", "JSONValue", "String"),
    ]

    static func model() throws -> RenderModel {
        let rows = table.enumerated()
        let properties = rows.map { "        p\($0.offset): \($0.element.schema)" }.joined(separator: "\n")
        let parameters = rows.map { "        - {name: p\($0.offset), in: query, schema: \($0.element.schema)}" }.joined(separator: "\n")
        let spec = """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /things:
                get:
                  operationId: listThings
                  parameters:
            \(parameters)
                  responses:
                    '200':
                      description: Things.
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Thing'}
            components:
              schemas:
                Level: {type: string, enum: [low, high]}
                Count: {type: integer, format: int64}
                Thing:
                  type: object
                  required: [\(rows.map { "p\($0.offset)" }.joined(separator: ", "))]
                  properties:
            \(properties)
            """
        var diagnostics = DiagnosticCollector()
        return try ModelBuilder(spec: try loadSpec(spec)).build(reporting: &diagnostics)
    }

    @Test func propertiesAndParametersOfOneSchemaGetOneType() throws {
        let model = try Self.model()
        let thing = try #require(model.types.first { $0.name == "Thing" })
        let query = try #require(model.operations.first?.swift.queryParameters)
        for (index, row) in Self.table.enumerated() {
            let property = try #require(thing.properties.first { $0.jsonName == "p\(index)" })
            let parameter = try #require(query.first { $0.name == "p\(index)" })
            #expect(SwiftSnippets.spelling(property.type) == row.property, "property \(row.schema)")
            #expect(SwiftSnippets.spelling(parameter.type) == row.parameter, "parameter \(row.schema)")
        }
    }

    /// Scalars are builtins, never names: a declared type called `String` or `Int64` is not one.
    @Test func scalarsAreBuiltins() throws {
        let model = try Self.model()
        let thing = try #require(model.types.first { $0.name == "Thing" })
        #expect(thing.properties.first { $0.jsonName == "p3" }?.type == .builtin(.int64))
        #expect(thing.properties.first { $0.jsonName == "p15" }?.type == .named("Level"))
    }
}
