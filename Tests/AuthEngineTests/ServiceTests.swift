import AuthAPI
import AuthGenSupport
import Foundation
import Testing
@testable import AuthEngine

/// The engine behind the generated server, called by the generated client through memory.
@Suite struct ServiceTests {
    static func client(_ h: EngineHarness) throws -> Client {
        let transport = InMemoryTransport()
        try AuthService(engine: h.engine).registerHandlers(on: transport, configuration: AuthService.serverConfiguration)
        return Client(serverURL: URL(string: "http://auth.test")!, transport: transport, validatesRequests: false)
    }

    static func request(_ sessionId: String, deviceId: String = "device-1") -> OtpGenerateRequest {
        OtpGenerateRequest(identifierType: .mobile, identifierValue: "919999999993", deviceId: deviceId, brand: "DocDemo", sessionId: sessionId)
    }

    @Test func aBatchAnswersEachItemOnItsOwnInOrder() async throws {
        let h = try await EngineHarness()
        let client = try Self.client(h)
        let session = try await h.session()
        let output = try await client.generateOtpApi(batch: [
            Self.request(session), Self.request("P-unknown"), Self.request(session, deviceId: ""), Self.request(session, deviceId: "device-2"),
        ])
        guard case .ok(let results) = output else { Issue.record("\(output)"); return }
        #expect(results.map(\.status.code) == [200, 1505, 1519, 1508])
        // The pointer is into the whole batch body.
        #expect(results[2].issues?.map(\.pointer) == ["/2/deviceId"])
        #expect(await h.sender.messages.count == 1)
    }

    @Test func refusalsAreTheOperationsDocumentedResponses() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 1; $0.defaults.otpWindow = .seconds(60) }
        let client = try Self.client(h)
        let session = try await h.session()
        #expect(try await client.generateOtpApi(.init(body: Self.request(session))) == .ok(AuthService.success))
        let limited = try await client.generateOtpApi(.init(body: Self.request(session)))
        #expect(limited == .tooManyRequests(AuthFailure.otpLimitReached(retryAfter: 60).body, retryAfter: 60))
        #expect(try await client.generateOtpApi(.init(body: Self.request("P-none"))) == .unauthorized(AuthFailure.sessionInvalid.body))
        // The OTP went to the channel, never into an answer.
        let otp = try #require(await h.sender.messages.last?.text.firstMatch(of: /\d{6}/)?.output)
        #expect(!"\(limited)".contains(otp))
    }
}
