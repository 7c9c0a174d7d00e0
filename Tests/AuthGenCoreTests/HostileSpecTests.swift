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
            _ = try Generator.plan(
                GeneratorConfig(
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
        "deep.json": (
            #"{"openapi":"3.1.0","x-deep":"# + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "}",
            "invalid JSON: nesting too deep", 1
        ),
        "deep.yaml": (
            "openapi: 3.1.0\nx-deep: " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n",
            "Maximum nesting level", 2
        ),
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
        let diagnostics = try outcome(
            Data("openapi: 3.1.0\ninfo: {title: \"caf".utf8) + Data([0xE9]) + Data("\", version: '1'}\n".utf8), name: "latin1.yaml")
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
        let diagnostics = try outcome(
            """
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
        let diagnostics = try outcome(
            """
            openapi: 3.1.0
            info: {title: t, version: '1', description: \(description)}
            \(Self.pathToA)
            components:
              schemas:
                A: {type: string, enum: [\(values)]}
            """)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    }

    /// Hashing a key that is a collection expands the aliases in it while the document is still
    /// being composed, before any count can run.
    @Test func aBillionLaughsInAMappingKeyIsRefusedUnread() throws {
        var spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-k:\n  ? &l0 [a, a, a, a, a, a, a, a, a, a]\n  : 1\n"
        for level in 1...9 {
            spec += "  ? &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n  : 1\n"
        }
        let started = ContinuousClock.now
        let diagnostics = try outcome(spec)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(diagnostics.map(\.message) == ["a mapping key that is a collection or an alias, in a document with YAML aliases"])
        #expect(diagnostics.first?.line == 5)
    }

    /// What looks like an alias or a key in prose is not one: bold text in a description, a
    /// query string, an anchor shared the ordinary way.
    @Test func proseThatLooksLikeAliasesIsNotRefused() throws {
        let diagnostics = try outcome(
            """
            openapi: 3.1.0
            info:
              title: t
              version: '1'
              description: |-
                **Note**: see https://example.com/?a=1&sort=up, sorted *up: down* or *Note*: it.
            x-ok: &ok {description: ok}
            paths:
              /a/{id}:
                get:
                  operationId: a
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': *ok}
            """)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
    }

    /// The same bomb with a flow collection as the key.
    @Test func aBillionLaughsInAFlowKeyIsRefusedUnread() throws {
        var spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...8 { spec += "x-\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        spec += "x-k:\n  [*l8, *l8]: 1\n"
        let diagnostics = try outcome(spec)
        #expect(diagnostics.map(\.message) == ["a mapping key that is a collection or an alias, in a document with YAML aliases"])
        #expect(diagnostics.first?.line == 14)
    }

    /// Few values but long pointers: a thousand levels of thousand-character keys, aliased a
    /// thousand times, would have the source map hold half a gigabyte per copy.
    @Test func aliasesOfDeepLongKeysAreRefusedByTheLengthOfTheirPointers() throws {
        let key = String(repeating: "k", count: 1000)
        var chain = "leaf"
        for _ in 0..<200 { chain = "{\(key): \(chain)}" }
        let spec =
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-chain: &c \(chain)\nx-copies: ["
            + Array(repeating: "*c", count: 3000).joined(separator: ", ") + "]\n"
        let started = ContinuousClock.now
        let diagnostics = try outcome(spec)
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(
            diagnostics.first?.message.contains("MB of JSON pointers, through YAML aliases under /x-copies") == true, "\(diagnostics.map(\.message))")
    }

    /// Ten thousand references in a row, ending in a value: every chain is followed once.
    @Test func aLongChainOfReferencesIsLintedOnce() throws {
        var spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        for index in 0..<10_000 { spec += "    S\(index): {$ref: '#/components/schemas/S\(index + 1)'}\n" }
        spec += "    S10000: {type: string}\n"
        let loaded = try loadSpec(spec)
        let started = ContinuousClock.now
        #expect(SpecLoader.lint(loaded).filter { $0.severity == .error }.isEmpty)
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    /// A reference spelled with percent-encoding names the same place as the key itself, so
    /// cycles are found whichever way each reference is spelled.
    @Test func referencesAreComparedAsThePlacesTheyName() {
        #expect(SpecLinter.canonical("/paths/~1pets~1{id}/get") == "/paths/~1pets~1{id}/get")
        #expect(SpecLinter.canonical("/paths/~1a%20b/get") == "/paths/~1a b/get")
        #expect(SpecLinter.canonical("/components/schemas/%41") == "/components/schemas/A")
        let spelled = ["/x/a b": SpecLinter.canonical("/x/c"), "/x/c": SpecLinter.canonical("/x/a%20b"), "/x/d": "/x/c"]
        #expect(SpecLinter.cycles(spelled).map(\.0).sorted() == ["/x/a b", "/x/c"])
        #expect(SpecLinter.cycles(["/x/a": "/x/b", "/x/b": "/x/value"]).isEmpty)
    }

    /// A hundred thousand types, each holding the next: no cycle, and no recursion deep enough to
    /// overflow the stack while looking for one.
    @Test func aLongChainOfTypesIsSearchedForCyclesWithoutRecursion() {
        func type(_ index: Int, next: Int?) -> TypeDeclaration {
            var declaration = TypeDeclaration(name: "S\(index)", qualifiedName: "S\(index)", kind: .structure)
            if let next {
                declaration.properties = [PropertyModel(jsonName: "n", swiftName: "n", type: .named("S\(next)"), isOptional: true)]
            }
            return declaration
        }
        var types = (0..<100_000).map { type($0, next: $0 + 1 < 100_000 ? $0 + 1 : nil) }
        Recursion.boxCycles(in: &types)
        #expect(!types.contains { $0.properties.contains(where: \.isIndirect) })
        // Closing the chain into one cycle boxes every link.
        types[99_999] = type(99_999, next: 0)
        Recursion.boxCycles(in: &types)
        #expect(types.allSatisfy { $0.properties.first?.isIndirect == true })
    }

    /// An operationId is text from the spec, not a path: a page for `../../README` must not
    /// land outside the docs folder (it did: it overwrote the file two folders up).
    @Test func operationIdsNameSafePagesInsideTheDocsFolder() throws {
        let spec = try loadSpec(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /a: {get: {operationId: ../../README, responses: {'204': {description: ok}}}}
              /b: {get: {operationId: a/b, responses: {'204': {description: ok}}}}
              /c: {get: {operationId: .hidden, responses: {'204': {description: ok}}}}
              /d: {get: {operationId: index, responses: {'204': {description: ok}}}}
              /e: {get: {operationId: a_b, responses: {'204': {description: ok}}}}
            """)
        let model = try ModelBuilder(spec: spec).build()
        let pages = try Renderer.docFiles(model, library: TemplateSet.builtIn.library()).keys.sorted()
        #expect(pages == ["_.._.._README.md", "_.hidden.md", "a_b.md", "a_b2.md", "errors.md", "index-operation.md", "index.md"])
        for page in pages { #expect(!page.contains("/")) }
    }

    /// The writer refuses any path that leaves its output folder, whatever produced the plan.
    @Test func theWriterRefusesPathsOutsideTheOutput() throws {
        let folder = try temporaryFolder("hostile-plan").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for path in ["../escaped.md", "a/../../escaped.md", "/tmp/escaped.md", "", "a//b"] {
            let plan = Generator.Plan(outputs: [.init(root: folder + "/docs", files: ["ok.md": "x\n", path: "x\n"])], diagnostics: [])
            #expect(throws: GenerationFailure.self, "\(path)") { try OutputWriter.write(plan) }
            #expect(!FileManager.default.fileExists(atPath: folder + "/docs"), "nothing is written: \(path)")
            #expect(!FileManager.default.fileExists(atPath: folder + "/escaped.md"))
        }
    }
}
