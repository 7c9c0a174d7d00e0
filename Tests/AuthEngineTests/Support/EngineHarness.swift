import AuthAPI
import Foundation
import Synchronization
import Testing
@testable import AuthEngine
import AuthStorage

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    var now: Date { current.withLock { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}

/// OTPs in a known order, so a test knows what was sent without reading the message.
final class ScriptedCodes: CodeSource {
    private let next = Mutex(0)

    func digits(_ length: Int) -> String {
        let n = next.withLock { value in
            value += 1
            return value
        }
        return String(String(repeating: "0", count: length) + String(n)).suffix(length).description
    }
}

/// Keeps every message it is handed; can be told to fail.
actor RecordingSender: MessageSender {
    private(set) var messages: [OTPMessage] = []
    var fails = false

    func send(_ message: OTPMessage) async throws {
        if fails { throw DeliveryError() }
        messages.append(message)
    }

    func failing(_ fails: Bool) { self.fails = fails }

    struct DeliveryError: Error {}
}

/// An engine over a real SQLite file in a fresh folder, a test clock and scripted OTPs.
struct EngineHarness {
    let clock = TestClock()
    let sender = RecordingSender()
    let folder: URL
    let store: SQLiteStore
    let engine: AuthEngine

    init(_ configure: (inout EngineConfiguration) -> Void = { _ in }) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)")
        store = try await SQLiteStore.open(path: folder.appendingPathComponent("auth.sqlite").path)
        var configuration = EngineConfiguration()
        configuration.defaults.channels.providers = [.sms: "test", .email: "test", .whatsapp: "test", .zalo: "test"]
        configure(&configuration)
        let clock = clock
        engine = try await AuthEngine.start(
            configuration: configuration, store: store, senders: ["test": sender], now: { clock.now }, codes: ScriptedCodes())
    }

    static let mobile = Identity(platform: .mobile, identifierType: "MOBILE", identifierValue: "919999999993", deviceId: "device-1", brand: "DocDemo")
    static let web = Identity(platform: .web, identifierType: "EMAIL", identifierValue: "a@example.com", deviceId: nil, brand: "DocDemo")

    func session(_ identity: Identity = mobile, mobile: String? = nil, email: String? = nil) async throws -> String {
        try await engine.createSession(identity, mobile: mobile, email: email).sessionId
    }

    /// Generates an OTP and returns the one that was sent.
    func sendOTP(_ identity: Identity = mobile, session: String, fallback: Channel? = nil, hash: String? = nil) async throws -> String {
        try await engine.generateOTP(identity, sessionId: session, hash: hash, fallbackChannel: fallback)
        let text = try #require(await sender.messages.last?.text)
        return String(try #require(text.firstMatch(of: /\d{4,10}/)).output)
    }
}

/// The API code an engine call refused with, or nil when it succeeded.
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
