import Foundation
import Testing

@testable import AuthGenCore

/// What a small spec resolves to, stated as values: the model is data, so a test can say
/// exactly what it is, apart from how any of it is spelled in Swift.
@Suite struct RenderModelTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: Pets, version: '2'}
        paths:
          /pets/{id}:
            get:
              operationId: getPet
              parameters:
                - {name: id, in: path, required: true, schema: {type: integer}}
                - {name: kinds, in: query, schema: {type: array, items: {$ref: '#/components/schemas/Kind'}}}
              responses:
                '200': {description: Found., content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                default: {description: Anything else.}
        components:
          schemas:
            Kind: {type: string, enum: [cat, dog]}
            Pet:
              type: object
              required: [name]
              properties:
                name: {type: string, maxLength: 64}
                age: {type: integer, default: 1}
                tags: {type: array, items: {type: string}}
        """

    @Test func componentsBecomeTypesWithTheirConstraints() throws {
        let model = try ModelBuilder(spec: try loadSpec(Self.spec), pageFacts: false).build()
        #expect(model.title == "Pets" && model.version == "2" && model.access == .public)
        var kind = TypeDeclaration(
            name: "Kind", qualifiedName: "Kind", kind: .stringEnum, schema: .string(StringConstraints(allowed: ["cat", "dog"])))
        kind.cases = [EnumCase(name: "cat", value: .string("cat")), EnumCase(name: "dog", value: .string("dog"))]
        var pet = TypeDeclaration(
            name: "Pet", qualifiedName: "Pet", kind: .structure,
            schema: .object(
                ObjectConstraints(properties: [
                    .init(name: "name", schema: .string(StringConstraints(maxLength: 64)), required: true),
                    .init(name: "age", schema: .integer(NumberConstraints()), required: false),
                    .init(name: "tags", schema: .array(.string(StringConstraints()), ArrayConstraints()), required: false),
                ])))
        pet.properties = [
            PropertyModel(jsonName: "name", swiftName: "name", type: .string, isOptional: false),
            PropertyModel(jsonName: "age", swiftName: "age", type: .builtin(.int), isOptional: false, defaultValue: .integer(1)),
            PropertyModel(jsonName: "tags", swiftName: "tags", type: .array(.string), isOptional: true, isLast: true),
        ]
        #expect(model.types == [kind, pet])
        #expect(pet.customCoding, "a default needs hand-written decoding")
    }

    @Test func anOperationBecomesParametersAndOutputs() throws {
        let model = try ModelBuilder(spec: try loadSpec(Self.spec), pageFacts: false).build()
        let expected = SwiftOperation(
            memberName: "getPet", typeName: "GetPet", operationId: "getPet", path: "/pets/{id}", method: "GET",
            summary: "getPet", description: [], deprecated: false,
            pathParameters: [
                SwiftParameter(
                    name: "id", swiftName: "id", type: .builtin(.int), required: true, doc: [], location: .path,
                    schema: .integer(NumberConstraints()), isLast: true)
            ],
            queryParameters: [
                SwiftParameter(
                    name: "kinds", swiftName: "kinds", type: .array(.named("Kind")), required: false, doc: [], location: .query,
                    schema: .array(.reference("Kind"), ArrayConstraints()), isLast: true)
            ],
            headerParameters: [],
            body: nil,
            outputs: [
                SwiftOutput(
                    caseName: "ok", status: .code(200), description: ["Found."], bodyType: .named("Pet"), bodyIsJSON: true,
                    contentType: "application/json", headers: []),
                SwiftOutput(
                    caseName: "default", status: .default, description: ["Anything else."], bodyType: nil, bodyIsJSON: false,
                    contentType: "application/json", headers: []),
            ],
            batchResultType: nil)
        #expect(model.operations.map(\.swift) == [expected])
        #expect(expected.routeKind == .noBody)
        #expect(expected.parameterGroups.map(\.location) == [.path, .query])
        #expect(expected.parameterGroups.map(\.defaultable) == [false, true])
    }

    /// The same decisions, spelled: the one place Swift text comes from.
    @Test func theSnippetsSpellTheModel() {
        #expect(SwiftSnippets.spelling(.optional(.dictionary(.array(.named("Pet.Kind"))))) == "[String: [Pet.Kind]]?")
        #expect(
            SwiftSnippets.schema(.nullable(.array(.reference("Pet_Kind"), ArrayConstraints(maxItems: 3))))
                == ".nullable(.array(.ref { Schemas.Pet_Kind }, ArrayRules(maxItems: 3)))")
        #expect(
            SwiftSnippets.schema(.number(NumberConstraints(minimum: 0, exclusiveMinimum: true, multipleOf: 0.5)))
                == ".number(NumberRules(minimum: 0, exclusiveMinimum: true, multipleOf: 0.5))")
        let age = PropertyModel(jsonName: "pet_age", swiftName: "petAge", type: .builtin(.int), isOptional: false, defaultValue: .integer(1))
        #expect(SwiftSnippets.decodeExpression(age) == "try container.decodeIfPresent(Int.self, forKey: .petAge) ?? 1")
        #expect(SwiftSnippets.codingKeyRawValue(age) == "\"pet_age\"")
        #expect(SwiftSnippets.statusPattern(.range(lowerBound: 400)) == "case 400..<500:")
    }
}
