import AuthTestSupport
import Crypto
import Foundation
import Testing

/// `sslmode=require` is TLS with the server's certificate verified, never the clear text a man
/// in the middle could offer. `scripts/with-postgres.sh` serves TLS from a CA of its own.
@Suite(TestDatabase.required, .timeLimit(.minutes(3))) struct PostgresTLSTests {
    @Test func requireIsAVerifiedTLSConnection() async throws {
        let ca = try #require(ProcessInfo.processInfo.environment["AUTH_TEST_POSTGRES_CA"], "scripts/with-postgres.sh sets AUTH_TEST_POSTGRES_CA")
        let url = try TestDatabase.freshSchema().replacingOccurrences(of: "sslmode=disable", with: "sslmode=require")
        let folder = try temporaryFolder("tls")
        try "secrets: {otpKey: {env: AUTH_TEST_OTP_KEY}, tokenKey: {env: AUTH_TEST_TOKEN_KEY}}\n"
            .write(to: folder.appendingPathComponent("auth.yaml"), atomically: true, encoding: .utf8)
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
        let environment = ["AUTH_CONFIG": "auth.yaml", "AUTH_TEST_OTP_KEY": key, "AUTH_TEST_TOKEN_KEY": key, "LOG_LEVEL": "warning"]
        // The test server's CA is none of the system's: its certificate is refused.
        let untrusted = try await ServerProcess(in: folder, environment: environment.merging(["DATABASE_URL": url]) { $1 })
        #expect(await untrusted.exited(), "it must end by itself")
        #expect(untrusted.process.terminationStatus == 69)
        #expect(untrusted.standardError.contains("name its CA's PEM file as sslrootcert=PATH"), "\(untrusted.standardError)")
        // With that CA as sslrootcert it is served, and PostgreSQL sees its connections encrypted.
        let trusted = try await ServerProcess(
            in: folder, environment: environment.merging(["DATABASE_URL": url + "&sslrootcert=\(ca)"]) { $1 })
        #expect(await trusted.waitUntilHealthy(), "\(trusted.standardError)")
        let identity = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#
        #expect(try await trusted.post("/auth/v1/token/generate", "{\(identity)}").status == 200)
        let encrypted = try await Self.query("select count(*) from pg_stat_ssl join pg_stat_activity using (pid) where ssl and datname = 'auth'")
        #expect((Int(encrypted) ?? 0) >= 1, "connections over TLS: \(encrypted)")
        await trusted.stop()
    }

    /// One value from psql, over the test server's plain connection.
    static func query(_ sql: String) async throws -> String {
        let url = try #require(TestDatabase.url)
        return await onThreadOfItsOwn {
            let psql = Process()
            psql.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            psql.arguments = ["psql", url, "-Atc", sql]
            let output = Pipe()
            psql.standardOutput = output
            guard (try? psql.run()) != nil else { return "psql did not run" }
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            psql.waitUntilExit()
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
