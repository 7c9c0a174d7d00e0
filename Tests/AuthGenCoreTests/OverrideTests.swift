import AuthTestSupport
import Foundation
import Testing

@testable import AuthGenCore

/// `nameOverrides` and `typeOverrides`: the user's names and types in place of the generator's.
@Suite struct OverrideTests {
    static let schemas = """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            pet_record:
              type: object
              required: [id]
              properties:
                id: {$ref: '#/components/schemas/Identifier'}
                pet_type: {type: string, enum: [in-stock, sold]}
            Identifier: {type: string, format: uuid}
        """

    func generate(_ overrides: Overrides) throws -> (files: [String: String], diagnostics: [Diagnostic]) {
        var diagnostics = DiagnosticCollector()
        let model = try ModelBuilder(spec: try loadSpec(Self.schemas), overrides: overrides).build(reporting: &diagnostics)
        return (try declarationsAndFiles(model), diagnostics.diagnostics)
    }

    @Test func nameOverridesRenameWhereverTheNameIsUsed() throws {
        let (files, _) = try generate(Overrides(names: ["pet_record": "Animal", "pet_type": "species", "in-stock": "available"]))
        let model = try #require(files["Models/Animal.swift"])
        #expect(model.contains("public struct Animal: Codable, Hashable, Sendable, JSONReadable, JSONWritable {"))
        #expect(model.contains(#"try writer.memberIfPresent("pet_type", self.species)"#))
        #expect(model.contains("    public var species: Animal.Species?\n"))
        #expect(model.contains("    public enum Species: String, Codable"))
        #expect(model.contains("        case species = \"pet_type\"\n"))
        #expect(model.contains("        case available = \"in-stock\"\n"))
        #expect(files["Validators/Animal.swift"]?.contains("public static let Animal: Schema = .object(") == true)
    }

    @Test func typeOverridesReplaceTheTypeAndKeepItsChecks() throws {
        let (files, diagnostics) = try generate(Overrides(types: ["Identifier": "Foundation.UUID", "Missing": "Foundation.URL"]))
        #expect(files["Models/Identifier.swift"]?.contains("public typealias Identifier = Foundation.UUID\n") == true)
        let validator = try #require(files["Validators/Identifier.swift"])
        #expect(validator.contains("public static let Identifier: Schema = .string(StringRules(format: .uuid))"))
        #expect(!validator.contains("extension Identifier: Validatable"), "a typealias of another module's type cannot conform here")
        #expect(files["Models/PetRecord.swift"]?.contains("    public var id: Identifier\n") == true)
        #expect(diagnostics.map(\.message) == ["typeOverrides names schema 'Missing', which is not in components/schemas"])
    }

    /// Override values are printed into generated code: anything but an identifier is refused
    /// where the config says it.
    @Test func theConfigAcceptsOnlyIdentifiers() throws {
        let dir = try temporaryFolder("authgen").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func load(_ yaml: String) throws -> Result<Overrides, GenerationFailure> {
            try write("spec: s.yaml\noutputs: [{kind: swift, path: out}]\n" + yaml, to: dir + "/authgen.yaml")
            return Result { () throws(GenerationFailure) in try GeneratorConfig.load(path: dir + "/authgen.yaml").overrides }
        }
        #expect(
            try load("nameOverrides: {pet_type: species}\ntypeOverrides: {schemas: {Identifier: Foundation.UUID}}\n").get()
                == Overrides(names: ["pet_type": "species"], types: ["Identifier": "Foundation.UUID"]))
        let cases: [(String, String, String)] = [
            ("nameOverrides: {pet_type: 'a; import Darwin'}\n", "'a; import Darwin' is not a Swift identifier", "/nameOverrides/pet_type"),
            ("nameOverrides: {pet_type: 'Foundation.UUID'}\n", "'Foundation.UUID' is not a Swift identifier", "/nameOverrides/pet_type"),
            ("typeOverrides: {schemas: {Identifier: 'UUID }'}}\n", "'UUID }' is not a Swift identifier", "/typeOverrides/schemas/Identifier"),
            ("typeOverrides: {Identifier: Foundation.UUID}\n", "must be a mapping with `schemas`", "/typeOverrides"),
        ]
        for (yaml, message, pointer) in cases {
            guard case .failure(let failure) = try load(yaml) else {
                Issue.record("accepted: \(yaml)")
                continue
            }
            #expect(failure.diagnostics.first?.message == message)
            #expect(failure.diagnostics.first?.pointer == pointer)
            #expect(failure.diagnostics.first?.line == 3)
        }
    }
}
