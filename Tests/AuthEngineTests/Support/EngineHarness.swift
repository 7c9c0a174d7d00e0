import AuthAPI
import AuthStorage
import AuthTestSupport
import Foundation
import Testing

@testable import AuthEngine

/// An engine over a real SQLite file in a fresh folder, a test clock and scripted OTPs, its
/// messages recorded.
struct EngineHarness {
    let clock = TestClock()
    let sender = RecordingSender()
    let folder: URL
    let store: SQLiteStore
    let engine: AuthEngine

    init(_ configure: (inout EngineConfiguration) -> Void = { _ in }) async throws {
        folder = try temporaryFolder("engine")
        store = try await SQLiteStore.open(path: folder.appendingPathComponent("auth.sqlite").path)
        var configuration = EngineConfiguration.withTestKeys()
        configuration.defaults.channels.providers = [.sms: "test", .email: "test", .whatsapp: "test", .zalo: "test"]
        configure(&configuration)
        let clock = clock
        engine = try await AuthEngine.start(
            configuration: configuration, store: store, senders: ["test": sender], now: { clock.now }, codes: ScriptedCodes())
    }

    static let mobile = Identity(platform: .mobile, identifierType: .mobile, identifierValue: "919999999993", deviceId: "device-1", brand: "DocDemo")
    static let web = Identity(platform: .web, identifierType: .email, identifierValue: "a@example.com", deviceId: nil, brand: "DocDemo")

    static func username(_ name: String, platform: Platform = .web) -> Identity {
        Identity(
            platform: platform, identifierType: .username, identifierValue: name, deviceId: platform == .mobile ? "device-1" : nil, brand: "DocDemo")
    }

    func session(_ identity: Identity = mobile, mobile: String? = nil, email: String? = nil) async throws -> String {
        try await engine.createSession(identity, mobile: mobile, email: email).sessionId
    }

    /// Generates an OTP, of either factor, and returns the one that was sent.
    func sendOTP(
        _ identity: Identity = mobile, session: String, fallback: Channel? = nil, hash: String? = nil, factor: Factor = .first
    ) async throws -> String {
        let before = await sender.messages.count
        try await engine.generateOTP(identity, sessionId: session, hash: hash, fallbackChannel: fallback, factor: factor)
        await engine.finishDeliveries()
        let messages = await sender.messages
        try #require(messages.count == before + 1, "no message was sent")
        return try otp(in: messages[messages.count - 1].text)
    }

    /// A whole login: session, OTP, validation.
    func login(_ identity: Identity = mobile, fallback: Channel? = nil) async throws -> IssuedTokens {
        let session = try await session(identity)
        let otp = try await sendOTP(identity, session: session, fallback: fallback)
        return try await engine.validateOTP(identity, sessionId: session, otp: otp)
    }

    static let password = "correct horse battery"

    /// A login that registers a password (token/generate with it, then the OTP flow).
    func register(_ identity: Identity = mobile, password: String = password) async throws -> IssuedTokens {
        let session = try await engine.createSession(identity, password: password, confirmPassword: password)
        // Before a login the answer is the brand's, the same for every customer.
        #expect(session.passwordRegistered)
        return try await engine.validateOTP(identity, sessionId: session.sessionId, otp: try await sendOTP(identity, session: session.sessionId))
    }

    /// Customers the brand vouches for, as `customers import` adds them.
    func importCustomer(id: String = "", brand: String = "docdemo", _ identifiers: [(IdentifierType, String)]) async throws {
        // An id-less line is a new customer; an id adds to that customer.
        let entries = identifiers.map {
            CustomerRecord.Entry(identifier: CustomerIdentifier(type: $0.0.rawValue, value: $0.1), verified: true, createdAt: clock.now)
        }
        try await store.importCustomers([CustomerRecord(id: id, brand: brand, identifiers: entries)], at: clock.now)
    }
}

/// The refusal an engine call ended with, or nil when it succeeded.
func refusal(_ work: () async throws -> some Any) async throws -> AuthFailure? {
    do {
        _ = try await work()
        return nil
    } catch let failure as AuthFailure {
        return failure
    }
}

extension Identity {
    func with(_ change: (inout Identity) -> Void) -> Identity {
        var copy = self
        change(&copy)
        return copy
    }
}
