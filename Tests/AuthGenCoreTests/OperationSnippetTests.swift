import Foundation
import Testing

@testable import AuthGenCore

/// A few lines of OpenAPI paths and the exact client and server Swift they become.
@Suite struct OperationSnippetTests {
    func generate(_ paths: String) throws -> [String: String] {
        let spec =
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
            + paths.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
            + "\ncomponents:\n  schemas:\n    Pet: {type: object, properties: {name: {type: string}}}\n"
        let model = try ModelBuilder(spec: try loadSpec(spec)).build()
        return try declarationsAndFiles(model)
    }

    /// The client's request is a `let` when nothing is added to it: a `var` never mutated is a
    /// compiler warning in every user's build (pet-store's and GitHub's specs had them).
    @Test func aRequestWithNothingToAddIsALet() throws {
        let files = try generate(
            """
            /health:
              get:
                operationId: health
                responses: {'204': {description: Up.}}
            /pets/{id}:
              get:
                operationId: getPet
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                responses: {'204': {description: Found.}}
            """)
        let health = try #require(files["Operations/Health.swift"])
        #expect(health.contains("        let request = APIRequest(method: \"GET\", path: \"/health\")"), "\(health)")
        let pet = try #require(files["Operations/GetPet.swift"])
        #expect(pet.contains("        var request = APIRequest(method: \"GET\", path: \"/pets/{id}\")"), "\(pet)")
    }

    @Test func parametersByLocationBecomeInputGroups() throws {
        let files = try generate(
            """
            /pets/{petId}:
              get:
                operationId: getPet
                summary: Get a pet
                parameters:
                  - {name: petId, in: path, required: true, schema: {type: integer}}
                  - {name: fields, in: query, schema: {type: array, items: {type: string}}}
                  - {name: X-Trace, in: header, required: true, schema: {type: string}}
                responses:
                  '200': {description: The pet., content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
            """)
        let server = try #require(files["Operations/GetPet.swift"])
        #expect(
            server.contains(
                """
                            try request.checkParameters([
                                ParameterRule(.path, "petId", required: true, schema: .integer(NumberRules())),
                                ParameterRule(.query, "fields", required: false, schema: .array(.string(StringRules()))),
                                ParameterRule(.header, "X-Trace", required: true, schema: .string(StringRules())),
                            ])
                            let path = Operations.GetPet.Input.Path(
                                petId: try request.path("petId", as: Int.self)
                            )
                            let query = Operations.GetPet.Input.Query(
                                fields: try request.query("fields", as: [String].self)
                            )
                            let headers = Operations.GetPet.Input.Headers(
                                xTrace: try request.requiredHeader("X-Trace", as: String.self)
                            )
                            return try await self.getPet(.init(path: path, query: query, headers: headers)).response()
                """))
        let client = try #require(files["Operations/GetPet.swift"])
        #expect(
            client.contains(
                """
                        var request = APIRequest(method: "GET", path: "/pets/{petId}")
                        request.setPath("petId", path.petId)
                        request.addQuery("fields", query.fields)
                        request.addHeader("X-Trace", headers.xTrace)
                        return try Operations.GetPet.Output(response: await core.send(request, operationID: Operations.GetPet.id))
                """))
        #expect(files["Operations/GetPet.swift"]!.contains("public init(path: Path, query: Query = .init(), headers: Headers) {"))
    }

    /// A bodiless `default` next to a request body: the response must not borrow the request's
    /// body type (a nil in a Mustache section falls through to enclosing contexts).
    @Test func bodilessDefaultResponseNextToARequestBody() throws {
        let files = try generate(
            """
            /pets:
              post:
                operationId: addPet
                summary: |
                  Add a pet.
                  Second line.
                requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                responses:
                  '201': {description: Added.}
                  default: {description: Failed.}
            """)
        let operation = try #require(files["Operations/AddPet.swift"])
        #expect(
            operation.contains(
                """
                            case created
                            /// Failed.
                            case `default`(statusCode: Int)
                        }
                """))
        #expect(
            operation.contains(
                """
                        case .created:
                            return APIResponse(statusCode: 201)
                        case .`default`(let statusCode):
                            return APIResponse(statusCode: statusCode)
                """))
        #expect(operation.contains("/// Add a pet. Second line.\n"))
        #expect(!operation.contains("undocumented"))
        // Operations are grouped by initial into files with the imports they need.
        let file = try #require(files["Operations/Operations+A.swift"])
        #expect(
            file.contains(
                "import AuthGenSupport\nimport Foundation\nimport OpenAPIRuntime\n\nextension Operations {\n    /// Add a pet. Second line."))
        #expect(files["Operations/AddPet.swift"]!.contains("request.withOptionalBody(Operations.AddPet.Input.Body.self, schema: Schemas.Pet)"))
    }
}

/// Every generated file passes through this; it must match the line-based definition.
@Suite struct NormalizationTests {
    @Test(arguments: [
        ("a  \n\n\n\nb\t\n", "a\n\nb\n"),
        ("\r\nx\r\n  \n\n", "\nx\n"),
        ("", "\n"),
        ("tail  ", "tail\n"),
        ("keep\rlone\n", "keep\rlone\n"),
        ("é  \n\n  ü\n", "é\n\n  ü\n"),
    ])
    func normalizes(input: String, expected: String) {
        #expect(Renderer.normalized(input) == expected)
    }
}

@Suite struct PathParameterWarningTests {
    @Test func undeclaredAndUnusedPathParametersAreNamed() throws {
        let spec = try loadSpec(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /repos/{owner}/compare/{base}...{head}:
                get:
                  operationId: compare
                  parameters:
                    - {name: owner, in: path, required: true, schema: {type: string}}
                    - {name: base, in: path, required: true, schema: {type: string}}
                    - {name: ref, in: path, required: true, schema: {type: string}}
                  responses:
                    '204': {description: Same.}
            """)
        var collector = DiagnosticCollector()
        _ = try ModelBuilder(spec: spec).build(reporting: &collector)
        let diagnostics = collector.diagnostics
        #expect(
            diagnostics.map(\.message) == [
                "path parameter 'head' of /repos/{owner}/compare/{base}...{head} is not declared",
                "path parameter 'ref' does not appear in /repos/{owner}/compare/{base}...{head}",
            ])
        #expect(diagnostics.first?.line == 6)  // where the operation starts
    }
}

@Suite struct RuntimeNameTests {
    /// A schema named like a type the generated client or server uses unqualified is renamed,
    /// so `Client` the model cannot shadow `Client` the generated client.
    @Test func schemasNamedLikeRuntimeTypesAreRenamed() throws {
        let spec = try loadSpec(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Client: {type: object, properties: {id: {type: string}}}
                Route: {type: string}
                Data: {type: integer}
            """)
        let model = try ModelBuilder(spec: spec).build()
        #expect(model.types.map(\.name).sorted() == ["ClientModel", "DataModel", "RouteModel"])
    }
}

@Suite struct OperationNameTests {
    @Test func operationIdsThatSpellTheSameNameAreNumberedApart() throws {
        let spec = try loadSpec(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /a:
                get:
                  operationId: get-pet
                  responses: {'204': {description: Done.}}
              /b:
                get:
                  operationId: getPet
                  responses: {'204': {description: Done.}}
            """)
        let model = try ModelBuilder(spec: spec).build()
        #expect(model.operations.map(\.swiftName) == ["GetPet", "GetPet2"])
        #expect(model.operations.map(\.swift.memberName) == ["getPet", "getPet2"])
        #expect(model.operations.map(\.swift.typeName) == ["GetPet", "GetPet2"])
    }
}
