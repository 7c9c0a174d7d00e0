import AuthTestSupport
import Foundation
import Testing

@testable import AuthGenCore

/// Selection by operationId, tag and path keeps every schema the selection references.
@Suite struct SelectionTests {
    let spec: LoadedSpec

    init() throws {
        spec = try SpecLoader.load(path: repositoryRoot + "/specs/v1.json")
    }

    func build(_ selection: Selection) throws -> RenderModel {
        try ModelBuilder(spec: spec, selection: selection).build()
    }

    @Test func byOperationIdKeepsExactlyTheReferencedSchemas() throws {
        let model = try build(Selection(operationIds: ["regenerate-authentication-token"]))
        #expect(model.operations.map(\.operationId) == ["regenerate-authentication-token"])
        let names = Set(model.types.map(\.name))
        // The body, its members' schemas, and every response body with what it references.
        for needed in [
            "TokenRegenerateRequest", "IdentifierType", "IdentifierValue", "DeviceId", "Brand", "TokenResponse", "Auth", "User", "Status",
            "StatusResponse", "FieldIssue",
        ] {
            #expect(names.contains(needed), "\(needed) is referenced but missing")
        }
        for unrelated in ["OtpGenerateRequest", "WebTokenRegenerateRequest", "Channel", "SessionId", "TokenResults"] {
            #expect(!names.contains(unrelated), "\(unrelated) is not referenced but generated")
        }
    }

    @Test func byTagAndByPath() throws {
        let otp = try build(Selection(tags: ["OTP"]))
        #expect(Set(otp.operations.map(\.operationId)) == ["generate-otp-api", "generate-otp-api-web", "validate-otp-api", "validate-otp-api-web"])
        let web = try build(Selection(paths: ["/auth/v1/web/otp/generate"]))
        #expect(web.operations.map(\.operationId) == ["generate-otp-api-web"])
        #expect(web.types.contains { $0.name == "Channel" })
    }

    @Test func unknownSelectionsAreErrorsThatListTheChoices() {
        #expect {
            try build(Selection(operationIds: ["generate-otp"], tags: ["Nope"]))
        } throws: { error in
            let diagnostics = (error as? GenerationFailure)?.diagnostics ?? []
            return diagnostics.count == 2
                && diagnostics[0].message == "no operation has operationId 'generate-otp'"
                && diagnostics[0].hint?.contains("generate-otp-api") == true
                && diagnostics[1].message == "no operation has tag 'Nope'"
        }
    }
}

/// A bad config names the key and its line.
@Suite struct GeneratorConfigTests {
    func failure(_ yaml: String, buildOutput: String? = nil) throws -> Diagnostic? {
        let dir = try temporaryFolder("authgen").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(yaml, to: dir + "/authgen.yaml")
        do {
            _ = try GeneratorConfig.load(path: dir + "/authgen.yaml", buildOutput: buildOutput)
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    @Test func unknownKeyAndUnknownKind() throws {
        let unknown = try failure("spec: a.json\noutput: []\n")
        #expect(unknown?.message == "unknown key 'output'")
        #expect(unknown?.line == 2)
        let kind = try failure("spec: a.json\noutputs:\n  - kind: kotlin\n    path: out\n")
        #expect(kind?.message == "unknown output kind 'kotlin'")
        #expect(kind?.line == 3)
        #expect(kind?.pointer == "/outputs/0/kind")
    }

    /// One run names every problem of the file, each at its place: a typo in an output's key
    /// is one of them (it was ignored), and a scaffold type printed into Swift must be an identifier.
    @Test func everyProblemIsNamedAtOnce() throws {
        let dir = try temporaryFolder("authgen").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write(
            """
            spec: [a.json]
            selection: {operation: [x]}
            outputs:
              - {kind: kotlin, path: out}
              - {kind: swift, path: out, acces: internal}
            scaffold: {path: s, type: "Handler; import Evil"}
            nameOverrides: {a: "b c"}

            """, to: dir + "/authgen.yaml")
        let failure = #expect(throws: GenerationFailure.self) { try GeneratorConfig.load(path: dir + "/authgen.yaml") }
        let found = failure?.diagnostics.map { "\($0.line) \($0.pointer ?? "") \($0.message)" } ?? []
        #expect(
            found == [
                "1 /spec must be a string",
                "2 /selection/operation unknown key 'operation'",
                "4 /outputs/0/kind unknown output kind 'kotlin'",
                "5 /outputs/1/acces unknown key 'acces'",
                "6 /scaffold/type 'Handler; import Evil' is not a Swift identifier",
                "7 /nameOverrides/a 'b c' is not a Swift identifier",
            ], "\(found)")
    }

    /// What YAML reads as a number is no path, a keyword is no type name, and an extension that
    /// is not `x-…` never holds a twin: each refused as the config's JSON Schema refuses it.
    @Test func valuesOfTheWrongKindAreRefused() throws {
        let path = try failure("spec: a.json\noutputs:\n  - {kind: swift, path: 7}\n")
        #expect(path?.message == "must be a string" && path?.pointer == "/outputs/0")
        let keyword = try failure("spec: a.json\noutputs:\n  - {kind: swift, path: out}\nscaffold: {path: s, type: class}\n")
        #expect(keyword?.message == "'class' is not a Swift identifier" && keyword?.pointer == "/scaffold/type")
        let twins = try failure(
            """
            spec: a.json
            outputs: [{kind: docs, path: out}]
            pages:
              twins:
                extension: web-twin
                primary: {uriRow: a, requestURL: b}
                twin: {uriRow: c, requestURL: d}
                primaryAudience: e

            """)
        #expect(twins?.message == "'web-twin' is not a vendor extension" && twins?.line == 5)
    }

    @Test func pathsAreRelativeToTheConfigFile() throws {
        let dir = try temporaryFolder("authgen").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write("spec: specs/v1.json\nselection: {tags: [OTP]}\noutputs:\n  - {kind: docs, path: docs}\n", to: dir + "/authgen.yaml")
        let config = try GeneratorConfig.load(path: dir + "/authgen.yaml")
        #expect(config.spec == dir + "/specs/v1.json")
        #expect(config.outputs == [GeneratorConfig.Output(kind: .docs, path: dir + "/docs")])
        #expect(config.selection.tags == ["OTP"])
    }

    /// The build plugin's run: SwiftPM regenerates only when a file in the target's folder
    /// changes, so a spec or templates elsewhere would go stale in silence.
    @Test func theBuildPluginsConfigKeepsItsInputsInItsFolder() throws {
        let outside = try failure("spec: ../shared/api.yaml\noutputs:\n  - {kind: swift, path: Generated}\n", buildOutput: "/tmp/out")
        #expect(outside?.message == "'../shared/api.yaml' is outside the target's folder, so editing it would not regenerate")
        #expect(outside?.pointer == "/spec" && outside?.line == 1)
        let templates = try failure(
            "spec: api.yaml\ntemplates: ../../Templates\noutputs:\n  - {kind: swift, path: Generated}\n", buildOutput: "/tmp/out")
        #expect(templates?.pointer == "/templates" && templates?.line == 2)
        let noSwift = try failure("spec: api.yaml\noutputs:\n  - {kind: docs, path: docs}\n", buildOutput: "/tmp/out")
        #expect(noSwift?.message == "the build plugin generates the config's swift output, and this config has none")

        let dir = try temporaryFolder("authgen").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try write("spec: specs/api.yaml\noutputs:\n  - {kind: swift, path: Generated, access: package}\n", to: dir + "/authgen.yaml")
        let config = try GeneratorConfig.load(path: dir + "/authgen.yaml", buildOutput: "/tmp/out")
        #expect(config.outputs == [GeneratorConfig.Output(kind: .swift, path: "/tmp/out", access: .package, fixedFiles: true)])
    }
}
