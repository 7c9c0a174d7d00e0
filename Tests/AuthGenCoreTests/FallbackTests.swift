import Foundation
import Testing

@testable import AuthGenCore

/// What the generator does with constructs it cannot type, as the README promises: any JSON
/// value with a warning naming the place, or an unchecked pattern with a warning.
@Suite struct FallbackTests {
    static func build(_ schemas: String) throws -> (RenderModel, [Diagnostic]) {
        let spec =
            "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
            + schemas.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
        var diagnostics = DiagnosticCollector()
        let model = try ModelBuilder(spec: try loadSpec(spec)).build(reporting: &diagnostics)
        return (model, diagnostics.diagnostics)
    }

    @Test func notAndUntypedSchemasBecomeAnyJSONWithAWarning() throws {
        let (model, diagnostics) = try Self.build(
            """
            Holder:
              type: object
              properties:
                negated: {not: {type: string}}
                untyped: {description: anything at all}
            """)
        let holder = try #require(model.types.first { $0.name == "Holder" })
        #expect(holder.properties.map(\.declaredType) == [.optional(.jsonValue), .optional(.jsonValue)])
        let negated = diagnostics.filter { $0.severity == .warning && $0.pointer == "/components/schemas/Holder/properties/negated" }
        #expect(negated.count == 1, "\(diagnostics)")
        let untyped = diagnostics.filter { $0.severity == .warning && $0.pointer == "/components/schemas/Holder/properties/untyped" }
        #expect(untyped.count == 1, "\(diagnostics)")
    }

    @Test func aPatternThatDoesNotCompileIsNotCheckedAndSaysSo() throws {
        let (_, diagnostics) = try Self.build(
            """
            Code: {type: string, pattern: '([a-z]'}
            Word: {type: string, pattern: '\\bword\\b'}
            """)
        let broken = try #require(diagnostics.first { $0.pointer == "/components/schemas/Code/pattern" })
        #expect(broken.message.contains("is not a regular expression this generator can compile"))
        let word = try #require(diagnostics.first { $0.pointer == "/components/schemas/Word/pattern" })
        #expect(word.message.contains("uses \\b"))
    }

    @Test func openAPIKitsChecksWarnWhenValidatingAndGenerationSkipsThem() throws {
        let spec = Data(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            servers:
              - url: 'https://{region}.example.com'
                variables:
                  region: {default: moon, enum: [eu, us]}
            paths: {}
            """.utf8)
        let generating = try SpecLoader.load(data: spec, path: "spec.yaml", doing: [.examples, .lint])
        #expect(generating.diagnostics.isEmpty, "\(generating.diagnostics)")
        let linting = try SpecLoader.load(data: spec, path: "spec.yaml", doing: .all)
        #expect(
            linting.diagnostics.contains { $0.severity == .warning && $0.message.contains("default must exist in enum") }, "\(linting.diagnostics)")
    }
}
