import Foundation
import Testing

@testable import AuthGenCore

/// The committed generated code and pages must equal a fresh in-process generation.
/// `AUTHGEN_RECORD=1 swift test --filter ReferenceTests` rewrites them and fails, so that a
/// re-record is never silent.
@Suite struct ReferenceTests {
    @Test func committedOutputMatchesAFreshGeneration() throws {
        let config = try GeneratorConfig.load(path: repositoryRoot + "/authgen.yaml")
        let plan = try Generator.plan(config)
        if ProcessInfo.processInfo.environment["AUTHGEN_RECORD"] == "1" {
            _ = try OutputWriter.write(plan)
            Issue.record("recorded fresh output; run the tests again without AUTHGEN_RECORD")
            return
        }
        #expect(plan.outputs.count == 4)
        for output in plan.outputs {
            #expect(!output.files.isEmpty)
            let differences = OutputChecker.differences(output)
            #expect(differences.isEmpty, "\(differences)")
        }
    }

    @Test func generationIsDeterministic() throws {
        let config = try GeneratorConfig.load(path: repositoryRoot + "/authgen.yaml")
        let first = try Generator.plan(config).outputs.map(\.files)
        let second = try Generator.plan(config).outputs.map(\.files)
        #expect(first == second)
        for files in first {
            for (path, text) in files {
                #expect(text.hasSuffix("\n") && !text.hasSuffix("\n\n"), "\(path) must end in exactly one newline")
                #expect(!text.contains("\r"), "\(path) must use LF")
            }
        }
    }

    @Test func embeddedTemplatesEqualTheTemplatesFolder() throws {
        let onDisk = try TemplateSet.readDirectory(repositoryRoot + "/Templates")
        #expect(onDisk == BuiltinTemplates.files)
    }
}
