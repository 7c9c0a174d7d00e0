import AuthAPI
import AuthStorage
import AuthTestSupport
import Foundation
import SQLiteNIO
import Testing

@testable import AuthEngine

/// What a restart on the same SQLite file keeps.
@Suite struct DurabilityTests {
    /// The harness's file, opened again by a new engine with the same configuration (the keys
    /// come from the configuration, as the server's `secrets` or key file give them).
    static func reopen(_ h: EngineHarness) async throws -> (SQLiteStore, AuthEngine) {
        let store = try await SQLiteStore.open(path: h.folder.appendingPathComponent("auth.sqlite").path)
        let clock = h.clock
        let engine = try await AuthEngine.start(
            configuration: h.engine.configuration, store: store, senders: ["test": h.sender], now: { clock.now }, codes: ScriptedCodes())
        return (store, engine)
    }

    @Test func sessionsOTPsCountersKeysAndTheDirectorySurviveAReopen() async throws {
        let h = try await EngineHarness {
            $0.defaults.otpMaxCount = 2; $0.defaults.maxWrongAttempts = 2
        }
        let other = EngineHarness.mobile.with { $0.identifierValue = "919999999990" }
        let key = try #require(try await h.login(other).key)
        let session = try await h.session()
        _ = try await h.sendOTP(session: session)
        let otp = try await h.sendOTP(session: session)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "999999") }?.code == 1506)
        try await h.store.close()

        let (store, engine) = try await Self.reopen(h)
        // The counter: two OTPs were sent, so the window is full.
        #expect(
            try await refusal { try await engine.generateOTP(EngineHarness.mobile, sessionId: session, hash: nil, fallbackChannel: nil) }?.code
                == 1534)
        // The attempts: one wrong OTP was sent, one is left.
        #expect(try await refusal { try await engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "999998") }?.code == 1506)
        #expect(try await refusal { try await engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) }?.code == 1518)
        // The key, and the customer its login created.
        #expect(try await refusal { try await engine.regenerate(other, key: key) } == nil)
        #expect(try await store.customerId(brand: "docdemo", identifier: CustomerIdentifier(type: "MOBILE", value: "919999999990")) != nil)
        try await store.close()
    }

    @Test func theOTPItselfSurvives() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        try await h.store.close()
        let (store, engine) = try await Self.reopen(h)
        #expect(try await refusal { try await engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) } == nil)
        try await store.close()
    }

    @Test func aNewerSchemaIsRefusedWithoutChanges() async throws {
        let path = try temporaryFolder("schema").appendingPathComponent("auth.sqlite").path
        let store = try await SQLiteStore.open(path: path)
        try await store.close()
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await connection.query("PRAGMA user_version = 99")
        let tables = try await connection.query("SELECT name FROM sqlite_master ORDER BY name").compactMap { $0.column("name")?.string }
        try await connection.close()
        let error = await #expect(throws: StoreError.self) { try await SQLiteStore.open(path: path) }
        #expect(error?.description == "the database has schema version 99, newer than this server's 5; run a newer auth-server")
        let after = try await SQLiteConnection.open(storage: .file(path: path))
        #expect(try await after.query("PRAGMA user_version").first?.column("user_version")?.integer == 99)
        #expect(try await after.query("SELECT name FROM sqlite_master ORDER BY name").compactMap { $0.column("name")?.string } == tables)
        try await after.close()
    }
}
