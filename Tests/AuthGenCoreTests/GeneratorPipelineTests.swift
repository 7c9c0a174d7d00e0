import AuthTestSupport
import Foundation
import Testing

@testable import AuthGenCore

/// The generator's own pipeline: its decoding split, its linting beside the model build.
@Suite struct GeneratorPipelineTests {
    func plan(_ spec: String) throws -> Generator.Plan {
        let folder = try temporaryFolder("authgen-pipeline").path
        try spec.write(toFile: folder + "/spec.yaml", atomically: true, encoding: .utf8)
        return try Generator.plan(
            GeneratorConfig(
                spec: folder + "/spec.yaml", outputs: [.init(kind: .swift, path: folder + "/Out"), .init(kind: .docs, path: folder + "/docs")]))
    }

    @Test func lintErrorsStopGeneration() {
        #expect {
            try plan(
                """
                openapi: 3.1.0
                info: {title: t, version: "1"}
                paths:
                  /a:
                    get:
                      operationId: a
                      responses:
                        '200': {$ref: '#/components/responses/Missing'}
                """)
        } throws: { error in
            let diagnostics = (error as? GenerationFailure)?.diagnostics ?? []
            return diagnostics.map(\.message) == ["$ref '#/components/responses/Missing' points to nothing in this document"]
                && diagnostics.first?.line == 8
        }
    }

    /// Paths and components decode apart; security requirements still find their schemes and
    /// every component arrives in the model.
    @Test func pathsAndComponentsDecodeApartAndMeet() throws {
        let plan = try plan(
            """
            openapi: 3.0.3
            info: {title: t, version: "1"}
            security: [{apiKey: []}]
            paths:
              /pets:
                get:
                  operationId: listPets
                  responses:
                    '200':
                      description: Pets.
                      content:
                        application/json:
                          schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
                          example: [{name: Rex}]
            components:
              securitySchemes:
                apiKey: {type: apiKey, in: header, name: X-Key}
              schemas:
                Pet: {type: object, properties: {name: {type: string}}}
            """)
        let swift = try #require(plan.outputs.first?.files)
        #expect(swift["Models/Models+P.swift"]?.contains("public struct Pet: Codable, Hashable, Sendable, JSONReadable, JSONWritable {") == true)
        let page = try #require(plan.outputs.last?.files["listPets.md"])
        #expect(page.contains("| Authentication | apiKey |"))
        #expect(page.contains("\"name\": \"Rex\""))
    }

    /// What the build plugin runs: it must name its outputs before authgen runs, so a Swift
    /// output with fixed files writes the same seven files whatever the spec holds.
    @Test func fixedFilesAreTheSameSetForEverySpec() throws {
        let folder = try temporaryFolder("authgen-fixed").path
        func files(_ spec: String) throws -> Set<String> {
            try spec.write(toFile: folder + "/spec.yaml", atomically: true, encoding: .utf8)
            let plan = try Generator.plan(
                GeneratorConfig(spec: folder + "/spec.yaml", outputs: [.init(kind: .swift, path: folder + "/Out", fixedFiles: true)]))
            return Set(plan.outputs.flatMap(\.files.keys))
        }
        let empty = try files("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
        let full = try files(
            """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a/{id}:
                get:
                  operationId: getA
                  parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
                  responses:
                    '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
            components:
              schemas:
                A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}
                B: {type: string, enum: [x, y]}
            """)
        #expect(empty == Set(GeneratorConfig.Output.fixedFileNames))
        #expect(full == Set(GeneratorConfig.Output.fixedFileNames))
    }

    /// The build plugin cannot import AuthGenCore, so it lists the fixed files itself: the two
    /// lists must agree, or SwiftPM compiles a file authgen never writes (or misses one).
    @Test func theBuildPluginNamesTheFixedFiles() throws {
        let plugin = try String(contentsOfFile: repositoryRoot + "/Plugins/AuthGenBuild/plugin.swift", encoding: .utf8)
        let list = try #require(plugin.firstMatch(of: /let files = \[([^\]]*)\]/)?.1)
        let names = list.split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) + ".swift"
        }
        #expect(Set(names) == Set(GeneratorConfig.Output.fixedFileNames))
        #expect(names.count == GeneratorConfig.Output.fixedFileNames.count)
    }
}

/// Each stage on its typed input and output.
@Suite struct GeneratorStageTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              operationId: getA
              responses:
                '200':
                  description: A.
                  content:
                    application/json:
                      schema: {$ref: '#/components/schemas/A'}
        components:
          schemas:
            A: {type: object, properties: {loose: {description: untyped}}}
        """

    func config(_ outputs: [GeneratorConfig.Output]) throws -> GeneratorConfig {
        let folder = try temporaryFolder("authgen-stages").path
        try Self.spec.write(toFile: folder + "/spec.yaml", atomically: true, encoding: .utf8)
        return GeneratorConfig(spec: folder + "/spec.yaml", outputs: outputs)
    }

    /// Load: the spec only when an output is made from it, examples only for pages.
    @Test func loadReadsTheSpecOnlyWhenSomethingIsMadeFromIt() throws {
        let bundleOnly = try Generator.load(try config([.init(kind: .templateBundle, path: "/unused")]))
        #expect(bundleOnly.spec == nil && bundleOnly.templates == TemplateSet.builtIn)
        let loaded = try Generator.load(try config([.init(kind: .swift, path: "/unused")]))
        #expect(loaded.spec?.document.paths.count == 1)
    }

    /// Select: the operations the selection keeps; a name the spec lacks is an error.
    @Test func selectKeepsWhatTheSelectionNames() throws {
        let loaded = try Generator.load(try config([.init(kind: .swift, path: "/unused")]))
        #expect(try Generator.select(loaded, Selection()).operations.map(\.id) == ["getA"])
        #expect(try Generator.select(loaded, Selection(paths: ["/a"])).operations.map(\.id) == ["getA"])
        #expect(throws: GenerationFailure.self) { try Generator.select(loaded, Selection(tags: ["none"])) }
    }

    /// Resolve: one model per access level, page facts only where pages are made, and the
    /// diagnostics of load and resolve both carried on.
    @Test func resolveBuildsAModelPerAccessLevel() throws {
        let config = try config([
            .init(kind: .swift, path: "/a", access: .public), .init(kind: .docs, path: "/b", access: .internal),
            .init(kind: .swift, path: "/c", access: .internal),
        ])
        let loaded = try Generator.load(config)
        let resolved = try Generator.resolve(loaded, try Generator.select(loaded, config.selection), config)
        #expect(Set(resolved.models.keys) == [.public, .internal])
        #expect(resolved.diagnostics.contains { $0.pointer == "/components/schemas/A/properties/loose" })
        #expect(throws: GenerationFailure.self) { try resolved.model(.package) }
    }

    /// Render: a file set per output, in the config's order; the same stages twice give the
    /// same plan.
    @Test func renderMakesEachOutputFromItsModel() throws {
        let config = try config([.init(kind: .docs, path: "/docs"), .init(kind: .swift, path: "/swift")])
        let loaded = try Generator.load(config)
        let resolved = try Generator.resolve(loaded, try Generator.select(loaded, config.selection), config)
        let plan = try Generator.render(resolved, loaded, config)
        #expect(plan.outputs.map(\.root) == ["/docs", "/swift"])
        #expect(plan.outputs[0].files.count == 3 && plan.outputs[0].files["index.md"] != nil && plan.outputs[0].files["errors.md"] != nil)
        #expect(plan.outputs[1].files["Schemas.swift"] != nil)
        #expect(plan == (try Generator.plan(config)))
        // A render asked for a model the translate stage did not build fails by name.
        let missing = Generator.Resolved(models: [:], diagnostics: [])
        #expect(throws: GenerationFailure.self) { try Generator.render(missing, loaded, config) }
    }
}
