import AuthAPI
import Foundation
import Testing
@testable import AuthEngine

/// otp/validate and token/regenerate.
@Suite struct OTPValidationTests {
    @Test func theRightOTPGivesATokenAndOnMobileAKey() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        let tokens = try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp)
        let access = try #require(await h.engine.tokens.open(tokens.token))
        #expect(access.rol == .user && access.exp?.value == h.clock.now + 15 * 60)
        let keyToken = try #require(tokens.key)
        let key = try #require(await h.engine.tokens.open(keyToken))
        #expect(key.rol == .auth && key.exp == nil && key.dev == "device-1")
    }

    @Test func webGetsNoKey() async throws {
        let h = try await EngineHarness()
        let session = try await h.session(EngineHarness.web)
        let otp = try await h.sendOTP(EngineHarness.web, session: session)
        let tokens = try await h.engine.validateOTP(EngineHarness.web, sessionId: session, otp: otp)
        #expect(tokens.key == nil)
    }

    @Test func anOTPWorksOnce() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        _ = try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) }?.code == 1537)
    }

    @Test func withoutAnOTPItIs1537() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "123456") }?.code == 1537)
    }

    @Test func anOTPExpiresAfterItsLifetime() async throws {
        let h = try await EngineHarness { $0.defaults.otpLifetime = .seconds(300) }
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        h.clock.advance(by: 300)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) }?.code == 1537)
    }

    @Test func aNewOTPReplacesTheOldOne() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        let first = try await h.sendOTP(session: session)
        let second = try await h.sendOTP(session: session)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: first) }?.code == 1506)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: second) } == nil)
    }

    @Test func wrongOTPsAreCappedPerSession() async throws {
        let h = try await EngineHarness { $0.defaults.maxWrongAttempts = 3 }
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        for _ in 0..<3 {
            let refused = try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "999999") }
            #expect(refused?.code == 1506 && refused?.httpStatus == 401)
        }
        // The cap holds even for the right OTP, and a new OTP does not reset it.
        let exhausted = try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) }
        #expect(exhausted?.code == 1518 && exhausted?.httpStatus == 429)
        let fresh = try await h.sendOTP(session: session)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: fresh) }?.code == 1518)
        // A new session starts again.
        let next = try await h.session()
        let nextOTP = try await h.sendOTP(session: next)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: next, otp: nextOTP) } == nil)
    }

    @Test func parallelGuessesCannotExceedTheCap() async throws {
        let h = try await EngineHarness { $0.defaults.maxWrongAttempts = 5 }
        let session = try await h.session()
        _ = try await h.sendOTP(session: session)
        let codes = try await withThrowingTaskGroup(of: Int32?.self) { group in
            for guess in 0..<40 {
                group.addTask {
                    try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: String(format: "9%05d", guess)) }?.code
                }
            }
            return try await group.reduce(into: [Int32?]()) { $0.append($1) }
        }
        #expect(codes.filter { $0 == 1506 }.count == 5)
        #expect(codes.filter { $0 == 1518 }.count == 35)
    }

    @Test func rightAnswersDoNotUseAttempts() async throws {
        let h = try await EngineHarness { $0.defaults.maxWrongAttempts = 2 }
        let session = try await h.session()
        for _ in 0..<4 {
            let otp = try await h.sendOTP(session: session)
            _ = try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp)
        }
    }

    // MARK: token/regenerate

    @Test func theKeyRegeneratesAnAccessToken() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        let key = try #require(try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp).key)
        h.clock.advance(by: 30 * 24 * 3600)
        let token = try await h.engine.regenerate(EngineHarness.mobile, key: key).token
        #expect(await h.engine.tokens.open(token)?.exp?.value == h.clock.now + 15 * 60)
        // Only for the identifier, brand and device it was issued to, and only a key.
        for identity in [EngineHarness.mobile.with { $0.deviceId = "device-2" }, EngineHarness.mobile.with { $0.brand = "Other" }] {
            #expect(try await refusal { try await h.engine.regenerate(identity, key: key) }?.code == 1525)
        }
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: token) }?.code == 1525)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: "not.a.jwt") }?.code == 1525)
    }

    @Test func aWebTokenRenewsWithinTheWindowAfterExpiry() async throws {
        let h = try await EngineHarness { $0.defaults.tokenRenewalWindow = .seconds(3600) }
        let session = try await h.session(EngineHarness.web)
        let otp = try await h.sendOTP(EngineHarness.web, session: session)
        let token = try await h.engine.validateOTP(EngineHarness.web, sessionId: session, otp: otp).token
        h.clock.advance(by: 15 * 60 + 3600)
        let renewed = try await h.engine.regenerate(EngineHarness.web, expiredToken: token).token
        h.clock.advance(by: 1)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: token) }?.code == 1529)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: renewed) } == nil)
        let viewToken = try await h.engine.createSession(EngineHarness.web).token
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: viewToken) }?.code == 1525)
    }

    @Test func aTokenFromAnotherServerKeyIsRefused() async throws {
        let h = try await EngineHarness()
        let other = try await EngineHarness()
        let session = try await other.session()
        let otp = try await other.sendOTP(session: session)
        let key = try #require(try await other.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp).key)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: key) }?.code == 1525)
    }
}
