import Foundation
import OpenAPIKit
import Testing

@testable import AuthGenCore

@Suite struct SpecLoaderTests {
    @Test func jsonAndYamlSpecsDecodeToEqualDocuments() throws {
        let json = try SpecLoader.load(path: repositoryRoot + "/specs/v1.json")
        let yaml = try SpecLoader.load(path: repositoryRoot + "/specs/v1.yaml")
        #expect(json.document == yaml.document)
        #expect(json.document.paths.count == 23)
        #expect(json.diagnostics.isEmpty)
    }

    @Test func badJSONNamesLineAndColumn() {
        let spec = """
            {
              "openapi": "3.1.0",
              "info": {"title": "t", "version": "1"},
              "paths": {},
            }
            """
        let diagnostics = loadFailure(spec, name: "bad.json")
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].severity == .error)
        #expect(diagnostics[0].line == 5)
        #expect(diagnostics[0].description.hasPrefix("bad.json:5:"))
        #expect(diagnostics[0].message.contains("invalid JSON"))
    }

    @Test func badYAMLNamesLineAndColumn() {
        let spec = """
            openapi: 3.1.0
            info:
              title: t
              version: "1
            paths: {}
            """
        let diagnostics = loadFailure(spec)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].message.contains("invalid YAML"))
        #expect(diagnostics[0].line >= 4)
        #expect(diagnostics[0].description.contains("spec.yaml:\(diagnostics[0].line):"))
    }

    /// A "billion laughs" document: each alias repeats the level above nine times, so 600 bytes
    /// stand for 43 million strings. Refused at once, naming the key that expands.
    @Test func aYAMLAliasBombIsRefusedNamingWhereItExpands() {
        var spec = "openapi: 3.1.0\ninfo: {title: t, version: \"1\"}\npaths: {}\nx-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for (level, previous) in zip("bcdefgh", "abcdefg") {
            spec += "x-\(level): &\(level) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
        }
        let started = ContinuousClock.now
        let diagnostics = loadFailure(spec)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.contains("expands to more than") == true, "\(diagnostics)")
        #expect(diagnostics.first?.message.contains("/x-") == true, "\(diagnostics)")
        #expect(diagnostics.first?.description.hasPrefix("spec.yaml:") == true)
    }

    /// Aliases are YAML, and a document that shares a few values through them still loads.
    @Test func aDocumentSharingValuesThroughAliasesLoads() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            x-shared: &ok {description: ok}
            paths:
              /a:
                get:
                  operationId: a
                  responses: {'200': *ok}
              /b:
                get:
                  operationId: b
                  responses: {'200': *ok}
            """
        let loaded = try SpecLoader.load(data: Data(spec.utf8), path: "spec.yaml")
        #expect(loaded.document.paths.count == 2)
    }

    @Test func duplicateOperationIdIsAnErrorAtTheSecondUse() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /a:
                get:
                  operationId: same
                  responses: {'200': {description: ok}}
              /b:
                get:
                  operationId: same
                  responses: {'200': {description: ok}}
            """
        let diagnostics = loadFailure(spec)
        let duplicate = try #require(diagnostics.first { $0.message.contains("duplicate operationId") })
        #expect(duplicate.line == 10)
        #expect(duplicate.column == 20)
        #expect(duplicate.pointer == "/paths/~1b/get/operationId")
        #expect(duplicate.message.contains("line 6"))
    }

    @Test func danglingRefIsAnErrorAtTheRef() {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths: {}
            components:
              schemas:
                A:
                  type: object
                  properties:
                    b: {$ref: '#/components/schemas/Missing'}
            """
        let diagnostics = loadFailure(spec)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].line == 9)
        #expect(diagnostics[0].pointer == "/components/schemas/A/properties/b/$ref")
        #expect(diagnostics[0].message.contains("#/components/schemas/Missing"))
        #expect(diagnostics[0].hint?.contains("define") == true)
    }

    /// A JSON pointer token is text: `#/components/responses/403` names the key '403' however
    /// YAML would type an unquoted 403. (Tag-aware lookups once called TomTom's refs dangling.)
    @Test func refsToNumericKeysResolveWhetherQuotedOrNot() throws {
        let spec = try loadSpec(
            """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /a:
                get:
                  responses:
                    '403': {$ref: '#/components/responses/403'}
                    404: {$ref: '#/components/responses/404'}
            components:
              responses:
                '403': {description: Forbidden.}
                404: {description: Missing.}
            """)
        #expect(!spec.diagnostics.contains { $0.severity == .error })
        #expect(spec.document.paths.first?.value.b?.get?.responses.count == 2)
    }

    @Test func wrongTypeNamesItsPointer() {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths:
              /a:
                get:
                  parameters: 7
                  responses: {'200': {description: ok}}
            """
        let diagnostics = loadFailure(spec)
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].line == 6)
        #expect(diagnostics[0].column == 19)
        #expect(diagnostics[0].pointer == "/paths/~1a/get/parameters")
    }

    @Test func aMissingVersionIsNamed() {
        let diagnostics = loadFailure("info: {title: t, version: '1'}\npaths: {}\n")
        #expect(diagnostics.first?.message.contains("no `openapi` version") == true)
        // Swagger 2.0 is told apart: HostileSpecTests.
    }

    @Test func openAPI30IsConvertedTo31() throws {
        let spec = """
            openapi: 3.0.3
            info: {title: t, version: "1"}
            paths: {}
            components:
              schemas:
                A:
                  type: object
                  properties:
                    n: {type: string, nullable: true}
            """
        let loaded = try loadSpec(spec)
        let a = try #require(loaded.document.components.schemas["A"])
        #expect(a.objectContext?.properties["n"]?.nullable == true)
    }

    @Test func externalRefIsAWarningWithAFallback() throws {
        let spec = """
            openapi: 3.1.0
            info: {title: t, version: "1"}
            paths: {}
            components:
              schemas:
                A:
                  type: object
                  properties:
                    b: {$ref: 'other.yaml#/B'}
            """
        let loaded = try loadSpec(spec)
        #expect(loaded.diagnostics.count == 1)
        #expect(loaded.diagnostics[0].severity == .warning)
        #expect(loaded.diagnostics[0].line == 9)
        let model = try ModelBuilder(spec: loaded).build()
        #expect(model.types[0].properties[0].declaredType == .optional(.jsonValue))
    }
}
