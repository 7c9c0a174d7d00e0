import AuthTestSupport
import Foundation
import Testing

/// The authgen binary, run as a user runs it.
@Suite(.timeLimit(.minutes(3))) struct CLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The binary of the same build as these tests, beside the test bundle: never another
    /// build folder's, which could be older than the code under test.
    static var binary: String {
        let folder = Bundle.main.bundleURL.pathExtension == "xctest" ? Bundle.main.bundleURL.deletingLastPathComponent() : Bundle.main.bundleURL
        return folder.appendingPathComponent("authgen").path
    }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    func authgen(_ arguments: [String], in directory: String = root) throws -> Result {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no authgen at \(Self.binary): build it first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self), error: String(decoding: error, as: UTF8.self))
    }

    func files(under directory: String) -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let relative = enumerator?.nextObject() as? String {
            if let data = FileManager.default.contents(atPath: directory + "/" + relative) { result[relative] = data }
        }
        return result
    }

    @Test func checkPassesOnTheRepository() throws {
        let result = try authgen(["check"])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        #expect(result.output.contains("up to date"))
    }

    @Test func generateThenCheckThenStaleTree() throws {
        let dir = try temporaryFolder("authgen-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = Self.root + "/specs/v1.yaml"
        let generated = try authgen([
            "generate", "--spec", spec, "--output", dir + "/API", "--docs-output", dir + "/docs", "--operation", "generate-otp-api",
        ])
        #expect(generated.status == 0, "\(generated.error)")
        let models = try String(contentsOfFile: dir + "/API/Models/Models+O.swift", encoding: .utf8)
        #expect(models.contains("public struct OtpGenerateRequest:"))
        #expect(FileManager.default.fileExists(atPath: dir + "/docs/generate-otp-api.md"))
        // Selection keeps what the operation references and nothing else.
        #expect(!files(under: dir + "/API").values.contains { String(decoding: $0, as: UTF8.self).contains("struct TokenRegenerateRequest") })

        let arguments = ["check", "--spec", spec, "--output", dir + "/API", "--operation", "generate-otp-api"]
        #expect(try authgen(arguments).status == 0)

        // One line edited by hand: check names the file, the line and both versions of it.
        let edited = dir + "/API/Models/Models+S.swift"
        var lines = try String(contentsOfFile: edited, encoding: .utf8).components(separatedBy: "\n")
        let original = lines[6]
        lines[6] = "    // edited by hand"
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: edited))
        try FileManager.default.removeItem(atPath: dir + "/API/Models/Models+B.swift")
        try Data("// old\n".utf8).write(to: URL(fileURLWithPath: dir + "/API/Models/Removed.swift"))
        let stale = try authgen(arguments)
        #expect(stale.status != 0)
        #expect(
            stale.output.contains("changed: \(dir)/API/Models/Models+S.swift:7\n    committed:     // edited by hand\n    generated: \(original)\n"),
            "\(stale.output)")
        #expect(stale.output.contains("missing: \(dir)/API/Models/Models+B.swift"))
        #expect(stale.output.contains("stale:   \(dir)/API/Models/Removed.swift"))
        #expect(stale.output.contains("run: swift run authgen generate"))

        // Generating again repairs all three.
        #expect(try authgen(["generate", "--spec", spec, "--output", dir + "/API", "--operation", "generate-otp-api"]).status == 0)
        #expect(try authgen(arguments).status == 0)
    }

    /// `--tag` and `--path` select as `--operation` does, and together they add up.
    @Test func tagsAndPathsSelectOperations() throws {
        let dir = try temporaryFolder("authgen-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = Self.root + "/specs/v1.yaml"
        func pages(_ selection: [String]) throws -> [String] {
            let docs = dir + "/docs-\(selection.joined().filter(\.isLetter))"
            let run = try authgen(["generate", "--spec", spec, "--output", dir + "/API", "--docs-output", docs] + selection)
            #expect(run.status == 0, "\(run.error)")
            return try FileManager.default.contentsOfDirectory(atPath: docs).filter {
                $0.hasSuffix(".md") && !["index.md", "errors.md"].contains($0)
            }.sorted()
        }
        #expect(try pages(["--tag", "MFA"]).count == 6)
        #expect(try pages(["--tag", "MFA"]).allSatisfy { $0.contains("mfa") })
        #expect(try pages(["--path", "/auth/v1/web/otp/generate"]) == ["generate-otp-api-web.md"])
        #expect(
            try pages(["--path", "/auth/v1/otp/validate", "--tag", "Customer", "--operation", "generate-otp-api"])
                == ["change-identifier.md", "generate-otp-api.md", "validate-otp-api.md"])
        let unknown = try authgen(["generate", "--spec", spec, "--output", dir + "/API", "--tag", "Nothing"])
        #expect(unknown.status != 0 && unknown.error.contains("Nothing"), "\(unknown.error)")
    }

    @Test func accessSetsTheGeneratedDeclarationsLevel() throws {
        let dir = try temporaryFolder("authgen-cli").path
        let spec = Self.root + "/specs/v1.json"
        #expect(
            try authgen(["generate", "--spec", spec, "--output", dir + "/API", "--operation", "generate-otp-api", "--access", "internal"]).status == 0
        )
        let server = try String(contentsOfFile: dir + "/API/Server.swift", encoding: .utf8)
        #expect(server.contains("internal protocol APIProtocol") && !server.contains("public "))
        #expect(try authgen(["generate", "--spec", spec, "--output", dir + "/API", "--access", "open"]).status != 0)
    }

    @Test func badInputLeavesTheTreeUntouched() throws {
        let dir = try temporaryFolder("authgen-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = Self.root + "/specs/v1.json"
        #expect(try authgen(["generate", "--spec", spec, "--output", dir + "/API"]).status == 0)
        let before = files(under: dir)

        let broken = dir + "/broken.json"
        try Data(#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},}"#.utf8).write(to: URL(fileURLWithPath: broken))
        let result = try authgen(["generate", "--spec", broken, "--output", dir + "/API"])
        #expect(result.status != 0)
        #expect(result.error.contains("broken.json:1:"))
        #expect(try authgen(["generate", "--spec", spec, "--output", dir + "/API", "--operation", "no-such-op"]).status != 0)
        #expect(try authgen(["generate", "--spec", spec, "--output", dir + "/API", "--templates", dir + "/missing"]).status != 0)
        var after = files(under: dir)
        after["broken.json"] = nil
        #expect(after == before)
    }

    @Test func lintReportsErrorsWithPositionsAndExitsNonZero() throws {
        let dir = try temporaryFolder("authgen-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let spec = dir + "/dup.yaml"
        try Data(
            """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            paths:
              /a:
                get: {operationId: x, responses: {'200': {description: ok}}}
              /b:
                get: {operationId: x, responses: {'200': {description: ok}}}
            """.utf8
        ).write(to: URL(fileURLWithPath: spec))
        let result = try authgen(["lint", spec])
        #expect(result.status != 0)
        #expect(result.error.contains("dup.yaml:7:"))
        #expect(result.error.contains("duplicate operationId 'x'"))
        #expect(result.error.contains("(at /paths/~1b/get/operationId)"))

        let good = try authgen(["lint", Self.root + "/specs/v1.json"])
        #expect(good.status == 0)
        #expect(good.output.contains("0 errors"))

        // lint runs OpenAPIKit's own checks too: a warning generation does not stop for.
        let warned = dir + "/server.yaml"
        try Data(
            """
            openapi: 3.1.0
            info: {title: t, version: '1'}
            servers:
              - url: 'https://{region}.example.com'
                variables:
                  region: {default: moon, enum: [eu, us]}
            paths: {}
            """.utf8
        ).write(to: URL(fileURLWithPath: warned))
        let linted = try authgen(["lint", warned])
        #expect(linted.status == 0)
        #expect((linted.output + linted.error).contains("default must exist in enum"), "\(linted)")
    }

    @Test func templateOverrideReplacesOneFileAndKeepsTheRest() throws {
        let dir = try temporaryFolder("authgen-cli").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/templates/partials", withIntermediateDirectories: true)
        try Data("// Custom header for {{{spec}}}\n".utf8).write(to: URL(fileURLWithPath: dir + "/templates/partials/swift-header.mustache"))
        let result = try authgen(["generate", "--spec", Self.root + "/specs/v1.json", "--output", dir + "/API", "--templates", dir + "/templates"])
        #expect(result.status == 0, "\(result.error)")
        let model = try String(contentsOfFile: dir + "/API/Models/Models+S.swift", encoding: .utf8)
        #expect(model.hasPrefix("// Custom header for v1.json\n"))
        #expect(model.contains("public struct Status: Codable, Hashable, Sendable, JSONReadable, JSONWritable {"))

        try Data("{{#broken}\n".utf8).write(to: URL(fileURLWithPath: dir + "/templates/model.mustache"))
        let bad = try authgen(["generate", "--spec", Self.root + "/specs/v1.json", "--output", dir + "/API", "--templates", dir + "/templates"])
        #expect(bad.status != 0)
        #expect(bad.error.contains("templates/model.mustache:1:"))
    }
}
