import AuthTestSupport
import Foundation
import Testing
@testable import AuthGenCore

/// Specs written to break the generator. Each ends in diagnostics that name a place, or in a
/// generation; never a crash or a hang. (Output that must compile is in the fixture specs, which
/// the package builds: recursive types in `library.yaml`.)
@Suite struct HostileSpecTests {
    /// Generates `bytes` saved under `name`; the diagnostics it fails with, empty when it generates.
    func outcome(_ bytes: Data, name: String) throws -> [Diagnostic] {
        let folder = try temporaryFolder("hostile-spec").path
        try bytes.write(to: URL(fileURLWithPath: folder + "/" + name))
        do {
            _ = try Generator.plan(GeneratorConfig(
                spec: folder + "/" + name, outputs: [.init(kind: .swift, path: folder + "/Out"), .init(kind: .docs, path: folder + "/docs")]))
            return []
        } catch {
            return error.diagnostics
        }
    }

    func outcome(_ text: String, name: String = "spec.yaml") throws -> [Diagnostic] {
        try outcome(Data(text.utf8), name: name)
    }

    static let pathToA = """
        paths:
          /a:
            post:
              operationId: a
              requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
              responses: {'200': {description: ok}}
        """

    /// Documents that cannot be read, by file name: the text, what the error says, its line.
    static let unreadable: [String: (text: String, message: String, line: Int)] = [
        "truncated.json": (#"{"openapi": "3.1.0", "info": {"title": "t", "ver"#, "invalid JSON: unterminated string", 1),
        "truncated.yaml": ("openapi: 3.1.0\ninfo:\n  title: \"t\n  version: 1\n", "invalid YAML", 5),
        "deep.json": (#"{"openapi":"3.1.0","x-deep":"# + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "}",
                      "invalid JSON: nesting too deep", 1),
        "deep.yaml": ("openapi: 3.1.0\nx-deep: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n",
                      "Maximum nesting level", 2),
        "v4.yaml": ("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "unsupported OpenAPI version 4.0.0", 1),
        "swagger.yaml": ("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", "Swagger 2.0 is not OpenAPI 3", 1),
    ]

    @Test(arguments: unreadable.keys.sorted())
    func unreadableDocumentsAreRefusedAtAPlace(_ name: String) throws {
        let (text, message, line) = try #require(Self.unreadable[name])
        let diagnostics = try outcome(text, name: name)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        #expect(diagnostics.first?.message.contains(message) == true, "\(diagnostics)")
        #expect(diagnostics.first?.line == line, "\(diagnostics)")
        #expect(diagnostics.first?.description.contains("/\(name):\(line):") == true, "\(diagnostics)")
    }

    @Test func bytesThatAreNotUTF8AreRefused() throws {
        let diagnostics = try outcome(Data("openapi: 3.1.0\ninfo: {title: \"caf".utf8) + Data([0xE9]) + Data("\", version: '1'}\n".utf8), name: "latin1.yaml")
        #expect(diagnostics.map(\.message) == ["the spec is not UTF-8 text"])
    }

    /// References that lead only to each other describe no value at all: an error at each.
    @Test(arguments: [["A": "A"], ["A": "B", "B": "A"]])
    func referenceCyclesWithNoValueAreErrorsAtEachReference(_ references: [String: String]) throws {
        var spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n\(Self.pathToA)\ncomponents:\n  schemas:\n"
        for (name, target) in references.sorted(by: { $0.key < $1.key }) { spec += "    \(name): {$ref: '#/components/schemas/\(target)'}\n" }
        let lines = spec.split(separator: "\n", omittingEmptySubsequences: false)
        let expected = references.keys.sorted().map { name in 1 + lines.firstIndex { $0.hasPrefix("    \(name): {$ref") }! }
        let diagnostics = try outcome(spec)
        #expect(diagnostics.map(\.line) == expected, "\(diagnostics)")
        #expect(diagnostics.allSatisfy { $0.message.hasPrefix("$ref cycle with no value in it: #/components/schemas/") }, "\(diagnostics)")
    }

    @Test func aParameterOrResponseThatIsOnlyItselfIsAnError() throws {
        let diagnostics = try outcome("""
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a:
                get:
                  operationId: a
                  parameters: [{$ref: '#/components/parameters/P'}]
                  responses: {'200': {$ref: '#/components/responses/R'}}
            components:
              parameters:
                P: {$ref: '#/components/parameters/P'}
              responses:
                R: {$ref: '#/components/responses/R'}
            """)
        #expect(diagnostics.map(\.pointer) == ["/components/parameters/P/$ref", "/components/responses/R/$ref"], "\(diagnostics)")
    }

    /// Two hundred levels of inline objects: each line is indented once, so it generates at once.
    @Test func deeplyNestedInlineSchemasGenerate() throws {
        var schema = "{type: object, properties: {leaf: {type: string}}}"
        for _ in 0..<200 { schema = "{type: object, properties: {a: \(schema)}}" }
        let started = ContinuousClock.now
        let diagnostics = try outcome("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n\(Self.pathToA)\ncomponents:\n  schemas:\n    A: \(schema)\n")
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func largeStringsAndEnumsGenerate() throws {
        let values = (0..<20_000).map { "v\($0)" }.joined(separator: ", ")
        let description = String(repeating: "x", count: 1_000_000)
        let diagnostics = try outcome("""
            openapi: 3.1.0
            info: {title: t, version: '1', description: \(description)}
            \(Self.pathToA)
            components:
              schemas:
                A: {type: string, enum: [\(values)]}
            """)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    }
}
