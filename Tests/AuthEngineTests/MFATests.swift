import AuthAPI
import AuthTestSupport
import Foundation
import Testing

@testable import AuthEngine

/// The second factor: made only from a first-factor login, with sessions, tokens and keys that
/// never pass for the first factor's (nor the other way round), and the same limits and locks.
@Suite struct MFATests {
    static let mobile = EngineHarness.mobile

    static func harness(_ configure: @escaping (inout EngineConfiguration) -> Void = { _ in }) async throws -> EngineHarness {
        try await EngineHarness {
            $0.defaults.mfa = true
            configure(&$0)
        }
    }

    /// A first-factor login, then an MFA session for it.
    static func mfaSession(_ h: EngineHarness, _ identity: Identity = mobile) async throws -> (login: IssuedTokens, session: String) {
        let login = try await h.login()
        return (login, try await h.engine.createMFASession(identity, authorizedToken: login.token).sessionId)
    }

    /// Both factors by OTP.
    static func mfaLogin(_ h: EngineHarness) async throws -> IssuedTokens {
        let (_, session) = try await mfaSession(h)
        let otp = try await h.sendOTP(session: session, factor: .second)
        return try await h.engine.validateOTP(mobile, sessionId: session, otp: otp, factor: .second)
    }

    @Test func bothFactorsGiveTokensMarkedMFA() async throws {
        let h = try await Self.harness()
        let tokens = try await Self.mfaLogin(h)
        let access = try #require(await h.engine.tokens.open(tokens.token, as: .user))
        let key = try #require(tokens.key)
        #expect(access.mfa == true && access.rol == .user)
        #expect(await h.engine.tokens.open(key, as: .auth)?.mfa == true)
        // An MFA key regenerates MFA tokens.
        let next = try await h.engine.regenerate(Self.mobile, key: key, factor: .second)
        #expect(await h.engine.tokens.open(next.token, as: .user)?.mfa == true)
        // Expiring the MFA login ends its keys; the one used before works no more either.
        let nextKey = try #require(next.key)
        try await h.engine.expire(Self.mobile, token: nextKey, factor: .second)
        #expect(try await refusal { try await h.engine.regenerate(Self.mobile, key: nextKey, factor: .second) }?.code == 1525)
        #expect(try await refusal { try await h.engine.regenerate(Self.mobile, key: key, factor: .second) }?.code == 1525)
    }

    @Test func noFirstFactorCredentialPassesForASecondFactorOne() async throws {
        let h = try await Self.harness()
        let (login, mfaSession) = try await Self.mfaSession(h)
        let firstKey = try #require(login.key)
        // A first-factor key neither regenerates MFA tokens nor expires an MFA login, and an MFA key not a first-factor one.
        #expect(try await refusal { try await h.engine.regenerate(Self.mobile, key: firstKey, factor: .second) }?.code == 1525)
        #expect(try await refusal { try await h.engine.expire(Self.mobile, token: firstKey, factor: .second) }?.code == 1531)
        let mfaKey = try #require(try await Self.mfaLogin(h).key)
        #expect(try await refusal { try await h.engine.regenerate(Self.mobile, key: mfaKey) }?.code == 1525)
        #expect(try await refusal { try await h.engine.expire(Self.mobile, token: mfaKey) }?.code == 1531)
        // Sessions: an MFA session is no first-factor session, and a first-factor one is no MFA session.
        #expect(try await refusal { try await h.sendOTP(session: mfaSession) }?.code == 1505)
        let first = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: first, factor: .second) }?.code == 1505)
        _ = try await h.sendOTP(session: first)
        let otp = try otp(in: try #require(await h.sender.messages.last?.text))
        #expect(try await refusal { try await h.engine.validateOTP(Self.mobile, sessionId: first, otp: otp, factor: .second) }?.code == 1505)
    }

    @Test func anMFASessionNeedsALiveFirstFactorTokenOfTheCustomer() async throws {
        let h = try await Self.harness()
        let login = try await h.login()
        let mfa = try await Self.mfaLogin(h)
        let view = try await h.engine.createSession(Self.mobile).token
        func open(_ token: String, as identity: Identity = Self.mobile) async throws -> AuthFailure? {
            try await refusal { try await h.engine.createMFASession(identity, authorizedToken: token) }
        }
        for token in [try #require(login.key), view, mfa.token, "not-a-token"] {
            let refused = try await open(token)
            #expect(refused?.code == 1525 && refused?.httpStatus == 401)
        }
        #expect(try await open(login.token, as: Self.mobile.with { $0.deviceId = "device-2" })?.code == 1525)
        // Another identifier: only a verified address of the same customer.
        let stranger = Self.mobile.with { $0.identifierValue = "919999999911" }
        _ = try await h.login(stranger)
        let mismatch = try await open(login.token, as: stranger)
        #expect(mismatch?.code == 1541 && mismatch?.httpStatus == 403)
        h.clock.advance(by: 16 * 60)
        #expect(try await open(login.token)?.code == 1529)
    }

    @Test func theSecondFactorMayBeAnotherVerifiedAddress() async throws {
        let h = try await Self.harness()
        try await h.importCustomer(id: "crm-1", [(.mobile, "919999999993"), (.email, "jdoe@example.com")])
        let login = try await h.login()
        let email = Identity(platform: .mobile, identifierType: .email, identifierValue: "jdoe@example.com", deviceId: "device-1", brand: "DocDemo")
        let session = try await h.engine.createMFASession(email, authorizedToken: login.token).sessionId
        _ = try await h.sendOTP(email, session: session, factor: .second)
        #expect(await h.sender.messages.last?.destination == "jdoe@example.com")
    }

    @Test func oTPsOfBothFactorsCountTowardOneLimit() async throws {
        // The first factor's OTP and one MFA OTP use the window's two: a third of either is refused.
        let h = try await Self.harness {
            $0.defaults.otpMaxCount = 2
            $0.defaults.otpWindow = .seconds(600)
        }
        let (_, session) = try await Self.mfaSession(h)
        _ = try await h.sendOTP(session: session, factor: .second)
        let limited = try await refusal { try await h.sendOTP(session: session, factor: .second) }
        #expect(limited?.code == 1534 && limited?.httpStatus == 429)
        #expect(try await refusal { try await h.sendOTP(session: try await h.session()) }?.code == 1534)
    }

    @Test func wrongOTPsOfBothFactorsLockTheAccountTogether() async throws {
        let h = try await Self.harness { $0.defaults.maxIncorrectAttempts = 3 }
        let (login, mfaSession) = try await Self.mfaSession(h)
        let first = try await h.session()
        _ = try await h.sendOTP(session: first)
        _ = try await refusal { try await h.engine.validateOTP(Self.mobile, sessionId: first, otp: "000000") }
        _ = try await h.sendOTP(session: mfaSession, factor: .second)
        for _ in 0..<2 {
            _ = try await refusal { try await h.engine.validateOTP(Self.mobile, sessionId: mfaSession, otp: "000000", factor: .second) }
        }
        // Three wrong in all: locked, for either factor, and the first factor's keys revoked.
        let locked = try await refusal { try await h.engine.createMFASession(Self.mobile, authorizedToken: login.token) }
        #expect(locked?.code == 1518 && locked?.retryAfter != nil)
        #expect(try await refusal { try await h.engine.regenerate(Self.mobile, key: try #require(login.key)) }?.code == 1525)
    }

    @Test func theSecondFactorByPasswordNeedsTheBrandToSaySo() async throws {
        let h = try await Self.harness { $0.defaults.passwords = true }
        let login = try await h.register()
        let session = try await h.engine.createMFASession(Self.mobile, authorizedToken: login.token).sessionId
        let off = try await refusal {
            try await h.engine.validatePassword(Self.mobile, sessionId: session, password: "correct horse battery", factor: .second)
        }
        #expect(off?.code == 1550 && off?.httpStatus == 403)

        let on = try await Self.harness {
            $0.defaults.passwords = true
            $0.defaults.mfaPassword = true
        }
        let first = try await on.register()
        let mfaSession = try await on.engine.createMFASession(Self.mobile, authorizedToken: first.token).sessionId
        #expect(
            try await refusal {
                try await on.engine.validatePassword(Self.mobile, sessionId: mfaSession, password: "wrong password", factor: .second)
            }?
            .code == 1528)
        let tokens = try await on.engine.validatePassword(Self.mobile, sessionId: mfaSession, password: "correct horse battery", factor: .second)
        #expect(await on.engine.tokens.open(tokens.token, as: .user)?.mfa == true)
        // A first-factor password login in an MFA session is refused, and the other way round.
        #expect(
            try await refusal { try await on.engine.validatePassword(Self.mobile, sessionId: mfaSession, password: "correct horse battery") }?
                .code == 1505)
    }

    @Test func aBrandWithoutMFAAnswers1550Everywhere() async throws {
        let h = try await EngineHarness()
        let login = try await h.login()
        let key = try #require(login.key)
        let session = try await h.session()
        let refusals: [AuthFailure?] = [
            try await refusal { try await h.engine.createMFASession(Self.mobile, authorizedToken: login.token) },
            try await refusal { try await h.engine.generateOTP(Self.mobile, sessionId: session, hash: nil, fallbackChannel: nil, factor: .second) },
            try await refusal { try await h.engine.validateOTP(Self.mobile, sessionId: session, otp: "123456", factor: .second) },
            try await refusal { try await h.engine.validatePassword(Self.mobile, sessionId: session, password: "x", factor: .second) },
            try await refusal { try await h.engine.regenerate(Self.mobile, key: key, factor: .second) },
            try await refusal { try await h.engine.expire(Self.mobile, token: key, factor: .second) },
        ]
        #expect(refusals.map { $0?.code } == Array(repeating: 1550, count: 6))
        #expect(refusals.allSatisfy { $0?.httpStatus == 403 })
    }
}
