import AuthAPI
import AuthStorage
import Foundation
import SQLiteNIO
import Testing
@testable import AuthEngine

/// What a restart on the same SQLite file keeps.
@Suite struct DurabilityTests {
    @Test func sessionsOTPsCountersAndKeysSurviveAReopen() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 2; $0.defaults.otpWindow = .seconds(600); $0.defaults.maxWrongAttempts = 2 }
        let session = try await h.session()
        _ = try await h.sendOTP(session: session)
        let otp = try await h.sendOTP(session: session)
        _ = try? await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "999999")
        try await h.store.close()

        let reopened = try await SQLiteStore.open(path: h.folder.appendingPathComponent("auth.sqlite").path)
        let clock = h.clock
        let engine = try await AuthEngine.start(
            configuration: h.engine.configuration, store: reopened, senders: ["test": h.sender], now: { clock.now }, codes: ScriptedCodes())
        // The counter: two OTPs were sent, so the window is full.
        #expect(try await refusal { try await engine.generateOTP(EngineHarness.mobile, sessionId: session, hash: nil, fallbackChannel: nil) }?.code == 1534)
        // The attempts: one wrong OTP was sent, one is left.
        #expect(try await refusal { try await engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "999998") }?.code == 1506)
        #expect(try await refusal { try await engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) }?.code == 1518)
        // The OTP digest key and the token key are the stored ones.
        let fresh = try await engine.createSession(EngineHarness.mobile)
        #expect(await h.engine.tokens.open(fresh.token) != nil)
        try await reopened.close()
    }

    @Test func theOTPItselfSurvives() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        try await h.store.close()
        let reopened = try await SQLiteStore.open(path: h.folder.appendingPathComponent("auth.sqlite").path)
        let clock = h.clock
        let engine = try await AuthEngine.start(
            configuration: h.engine.configuration, store: reopened, senders: ["test": h.sender], now: { clock.now }, codes: ScriptedCodes())
        #expect(try await refusal { try await engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) } == nil)
        try await reopened.close()
    }

    @Test func aNewerSchemaIsRefusedWithoutChanges() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("auth.sqlite").path
        let store = try await SQLiteStore.open(path: path)
        try await store.close()
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await connection.query("PRAGMA user_version = 99")
        try await connection.close()
        let error = await #expect(throws: StoreError.self) { try await SQLiteStore.open(path: path) }
        #expect(error?.description == "the database has schema version 99, newer than this server's 2; run a newer auth-server")
    }
}
