import AuthTestSupport
import Foundation
import Testing

/// `authgen scaffold`: handler skeletons written once, never overwritten, and a build that
/// names any operation still without a handler.
@Suite(.timeLimit(.minutes(3))) struct ScaffoldTests {
    let cli = CLITests()

    static func spec(operations: [String]) -> String {
        var text = """
            openapi: 3.1.0
            info: {title: Notes, version: 1.0.0}
            paths:

            """
        for id in operations {
            text += """
                  /\(id):
                    post:
                      operationId: \(id)
                      summary: The \(id) operation
                      requestBody:
                        required: true
                        content:
                          application/json:
                            schema: {$ref: '#/components/schemas/Note'}
                      responses:
                        '200':
                          description: Done.
                          content:
                            application/json:
                              schema: {$ref: '#/components/schemas/Note'}

                """
        }
        text += """
            components:
              schemas:
                Note:
                  type: object
                  required: [text]
                  properties:
                    text: {type: string}

            """
        return text
    }

    /// A project folder: spec, config with a scaffold entry, generated code.
    func project(operations: [String]) throws -> String {
        let folder = try temporaryFolder("authgen-cli").path
        try Self.spec(operations: operations).write(toFile: folder + "/notes.yaml", atomically: true, encoding: .utf8)
        try """
        spec: notes.yaml
        outputs:
          - kind: swift
            path: Sources/NotesAPI
            access: public
        scaffold:
          path: Sources/Notes
          type: NotesHandler

        """.write(toFile: folder + "/authgen.yaml", atomically: true, encoding: .utf8)
        let generated = try cli.authgen(["generate"], in: folder)
        #expect(generated.status == 0, "\(generated.error)")
        return folder
    }

    @Test func writesOnceAndNeverOverwrites() throws {
        let folder = try project(operations: ["createNote"])
        let first = try cli.authgen(["scaffold", "--operation", "createNote"], in: folder)
        #expect(first.status == 0, "\(first.error)")
        #expect(first.output == "wrote \(folder)/Sources/Notes/NotesHandler+CreateNote.swift\nwrote \(folder)/Sources/Notes/NotesHandler.swift\n")
        let handler = try String(contentsOfFile: folder + "/Sources/Notes/NotesHandler+CreateNote.swift", encoding: .utf8)
        #expect(handler.contains("import NotesAPI"))
        #expect(handler.contains("func createNote(_ input: Operations.CreateNote.Input) async throws -> Operations.CreateNote.Output {"))
        #expect(handler.contains("/// - `.ok` (200) Done."))
        #expect(
            try String(contentsOfFile: folder + "/Sources/Notes/NotesHandler.swift", encoding: .utf8).contains("struct NotesHandler: APIProtocol {}"))

        let before = cli.files(under: folder + "/Sources/Notes")
        let second = try cli.authgen(["scaffold", "--operation", "createNote"], in: folder)
        #expect(second.status == 0)
        #expect(second.output.contains("kept \(folder)/Sources/Notes/NotesHandler+CreateNote.swift (exists; authgen never overwrites a scaffold)"))
        #expect(!second.output.contains("wrote"))
        #expect(cli.files(under: folder + "/Sources/Notes") == before)
    }

    @Test func flagsOverrideTheConfiguredTypeModuleAndFolder() throws {
        let folder = try project(operations: ["createNote"])
        let result = try cli.authgen(
            ["scaffold", "--operation", "createNote", "--type", "Handlers", "--module", "OtherAPI", "--output", folder + "/Elsewhere"], in: folder)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output == "wrote \(folder)/Elsewhere/Handlers+CreateNote.swift\nwrote \(folder)/Elsewhere/Handlers.swift\n")
        let handler = try String(contentsOfFile: folder + "/Elsewhere/Handlers+CreateNote.swift", encoding: .utf8)
        #expect(handler.contains("import OtherAPI") && handler.contains("extension Handlers {"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/Sources/Notes/NotesHandler.swift"))
    }

    /// What the generator warns about reaches the terminal from scaffold too, with its place.
    @Test func warningsReachTheTerminal() throws {
        let folder = try project(operations: ["createNote"])
        let spec = try String(contentsOfFile: folder + "/notes.yaml", encoding: .utf8)
            .replacingOccurrences(of: "text: {type: string}", with: "text: {type: string}\n        extra: {description: untyped}")
        try spec.write(toFile: folder + "/notes.yaml", atomically: true, encoding: .utf8)
        let scaffolded = try cli.authgen(["scaffold", "--operation", "createNote"], in: folder)
        #expect(scaffolded.status == 0, "\(scaffolded.error)")
        #expect(scaffolded.error.contains("notes.yaml:"), "\(scaffolded.error)")
        #expect(scaffolded.error.contains("the schema has no type"), "\(scaffolded.error)")
        #expect(scaffolded.error.contains("/components/schemas/Note/properties/extra"), "\(scaffolded.error)")
    }

    @Test func unknownOperationIsAnErrorThatWritesNothing() throws {
        let folder = try project(operations: ["createNote"])
        let result = try cli.authgen(["scaffold", "--operation", "deleteNote"], in: folder)
        #expect(result.status != 0)
        #expect(result.error.contains("no operation has operationId 'deleteNote'"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/Sources/Notes"))
    }

    @Test func regenerationAfterASpecChangeKeepsFilledInHandlers() throws {
        let folder = try project(operations: ["createNote"])
        _ = try cli.authgen(["scaffold", "--all"], in: folder)
        let path = folder + "/Sources/Notes/NotesHandler+CreateNote.swift"
        let skeleton = try String(contentsOfFile: path, encoding: .utf8)
        let filled = skeleton.replacingOccurrences(
            of: "throw HandlerNotImplemented(operationID: Operations.CreateNote.id)", with: "return .ok(input.body)")
        #expect(filled != skeleton)
        try filled.write(toFile: path, atomically: true, encoding: .utf8)

        try Self.spec(operations: ["createNote", "archiveNote"]).write(toFile: folder + "/notes.yaml", atomically: true, encoding: .utf8)
        #expect(try cli.authgen(["generate"], in: folder).status == 0)
        let again = try cli.authgen(["scaffold", "--all"], in: folder)
        #expect(again.output.contains("wrote \(folder)/Sources/Notes/NotesHandler+ArchiveNote.swift"))
        #expect(again.output.contains("kept \(path)"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == filled)
        #expect(FileManager.default.fileExists(atPath: folder + "/Sources/NotesAPI/Operations/Operations+A.swift"))
    }

    /// This repository's own path for a new endpoint, on a real operation: password/change
    /// enters `specs/v1.json`, `generate` adds its protocol requirement, `scaffold` its skeleton,
    /// and the handler filled in from that skeleton (the one committed) survives regeneration.
    @Test func aRealOperationEntersThroughTheSpecAndItsHandlerSurvives() throws {
        let folder = try temporaryFolder("authgen-real").path
        let specText = try String(contentsOfFile: CLITests.root + "/specs/v1.json", encoding: .utf8)
        var spec = try #require(try JSONSerialization.jsonObject(with: Data(specText.utf8)) as? [String: Any])
        var paths = try #require(spec["paths"] as? [String: Any])
        paths["/auth/v1/password/change"] = nil
        paths["/auth/v1/web/password/change"] = nil
        spec["paths"] = paths
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: folder + "/v1.json"))
        try """
        spec: v1.json
        outputs:
          - {kind: swift, path: Sources/AuthAPI, access: public}
        scaffold: {path: Sources/AuthServer/Service, type: AuthService, module: AuthAPI}

        """.write(toFile: folder + "/authgen.yaml", atomically: true, encoding: .utf8)
        let requirement = "func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output"

        // Before: no operation, no requirement.
        #expect(try cli.authgen(["generate"], in: folder).status == 0)
        #expect(try !String(contentsOfFile: folder + "/Sources/AuthAPI/Server.swift", encoding: .utf8).contains(requirement))

        // The operation enters the spec: the protocol requires it, and the scaffold is its skeleton.
        try specText.write(toFile: folder + "/v1.json", atomically: true, encoding: .utf8)
        let generated = try cli.authgen(["generate"], in: folder)
        #expect(generated.status == 0, "\(generated.error)")
        #expect(try String(contentsOfFile: folder + "/Sources/AuthAPI/Server.swift", encoding: .utf8).contains(requirement))
        // What the repository commits is exactly this generation.
        #expect(cli.files(under: folder + "/Sources/AuthAPI") == cli.files(under: CLITests.root + "/Sources/AuthAPI"))
        let scaffolded = try cli.authgen(["scaffold", "--operation", "change-password"], in: folder)
        #expect(scaffolded.status == 0, "\(scaffolded.error)")
        let path = folder + "/Sources/AuthServer/Service/AuthService+ChangePassword.swift"
        let skeleton = try String(contentsOfFile: path, encoding: .utf8)
        #expect(skeleton.contains(requirement + " {"))
        #expect(skeleton.contains("throw HandlerNotImplemented(operationID: Operations.ChangePassword.id)"))

        // Filled in as the repository's handler is.
        let filled = try String(contentsOfFile: CLITests.root + "/Sources/AuthServer/Service/AuthService+ChangePassword.swift", encoding: .utf8)
        #expect(filled != skeleton && filled.contains(requirement + " {"))
        try filled.write(toFile: path, atomically: true, encoding: .utf8)

        // A later change to the spec, regenerated: the handler is kept as written.
        try specText.replacingOccurrences(of: "\"summary\": \"Change password\"", with: "\"summary\": \"Change a password\"")
            .write(toFile: folder + "/v1.json", atomically: true, encoding: .utf8)
        #expect(try cli.authgen(["generate"], in: folder).status == 0)
        let again = try cli.authgen(["scaffold", "--all"], in: folder)
        #expect(again.output.contains("kept \(path)"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == filled)
        #expect(try String(contentsOfFile: folder + "/Sources/AuthAPI/Operations/Operations+C.swift", encoding: .utf8).contains("Change a password"))
    }

    @Test func theBuildNamesAnOperationWithoutAHandler() throws {
        let folder = try project(operations: ["createNote"])
        _ = try cli.authgen(["scaffold", "--all"], in: folder)
        // A new operation in the spec, regenerated, but no handler for it yet.
        try Self.spec(operations: ["createNote", "archiveNote"]).write(toFile: folder + "/notes.yaml", atomically: true, encoding: .utf8)
        #expect(try cli.authgen(["generate"], in: folder).status == 0)

        let modules = URL(fileURLWithPath: CLITests.binary).deletingLastPathComponent().path + "/Modules"
        let generated = cli.files(under: folder + "/Sources/NotesAPI").keys.filter { $0.hasSuffix(".swift") }.map {
            folder + "/Sources/NotesAPI/" + $0
        }
        let api = try swiftc(
            ["-parse-as-library", "-emit-module", "-module-name", "NotesAPI", "-emit-module-path", folder + "/NotesAPI.swiftmodule", "-I", modules]
                + generated)
        #expect(api.status == 0, "\(api.error)")
        let handlers = cli.files(under: folder + "/Sources/Notes").keys.map { folder + "/Sources/Notes/" + $0 }
        let build = try swiftc(["-parse-as-library", "-typecheck", "-module-name", "Notes", "-I", modules, "-I", folder] + handlers)
        #expect(build.status != 0)
        #expect(build.error.contains("type 'NotesHandler' does not conform to protocol 'APIProtocol'"))
        #expect(build.error.contains("protocol requires function 'archiveNote'"))
        #expect(!build.error.contains("protocol requires function 'createNote'"))
    }

    func swiftc(_ arguments: [String]) throws -> CLITests.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc"] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLITests.Result(status: process.terminationStatus, output: "", error: String(decoding: error, as: UTF8.self))
    }
}
