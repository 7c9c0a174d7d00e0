import Foundation
import Testing

/// The `auth-server` binary as a user runs it.
@Suite struct ExecutableTests {
    @Test func aBadConfigurationStopsStartUpNamingTheKey() async throws {
        let folder = try temporaryFolder("exe")
        try "brands:\n  DocDemo:\n    otpLength: 30\n".write(to: folder.appendingPathComponent("auth.yaml"), atomically: true, encoding: .utf8)
        let server = try await ServerProcess(["--config", "auth.yaml"], in: folder, environment: ["DATABASE_URL": ".data/auth.sqlite"])
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus == 78)
        #expect(server.standardError.contains("auth.yaml:3:16: brands.DocDemo.otpLength: must be 4 to 10 digits, is 30"))
        // Nothing was created.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(".data").path))
    }

    @Test func theEnvironmentConfiguresItAndSIGTERMStopsItCleanly() async throws {
        let folder = try temporaryFolder("exe")
        let server = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "sqlite:state/auth.sqlite"])
        #expect(await server.waitUntilHealthy())
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("state/auth.sqlite").path))

        // One session and OTP, to see where secrets go: the OTP to the console, nothing to the log.
        let identity = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#
        let session = try await server.post("/auth/v1/token/generate", "{\(identity)}").body
        let sessionId = try #require((json(session)["user"] as? [String: Any])?["sessionId"] as? String)
        let token = try #require((json(session)["auth"] as? [String: Any])?["token"] as? String)
        #expect(code(try await server.post("/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(sessionId)"}"#).body) == 200)

        server.stop(SIGTERM)
        #expect(server.process.terminationReason == .exit && server.process.terminationStatus == 0)
        // swift-log's default handler writes to standard error; the console provider to standard output.
        let log = server.standardError
        #expect(log.contains("auth-server serving"))
        #expect(log.contains("hb.request.path=/auth/v1/otp/generate"))
        let console = server.standardOutput
        let otp = try #require(console.firstMatch(of: /OTP is (\d{6})/)?.output.1)
        #expect(console.contains("[SMS to 919999999993, DocDemo]"))
        #expect(!log.contains(otp) && !log.contains(token) && !log.contains(sessionId))
    }
}

extension ExecutableTests {
    @Test func aDatabaseInUseStopsStartUpSayingSo() async throws {
        let folder = try temporaryFolder("exe")
        let first = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        #expect(await first.waitUntilHealthy())
        let second = try await ServerProcess(in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 69)
        #expect(second.standardError.contains("the database is in use by another server"))
        first.stop()
    }
}
