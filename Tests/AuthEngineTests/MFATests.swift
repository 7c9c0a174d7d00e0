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

    /// The customer's e-mail address: a second factor must go elsewhere than the first's OTP.
    static let email = Identity(
        platform: .mobile, identifierType: .email, identifierValue: "jdoe@example.com", deviceId: "device-1", brand: "DocDemo")

    /// A customer with a mobile number and an e-mail address, as the brand imports it.
    static func customer(_ h: EngineHarness) async throws {
        guard try await h.store.customer(id: "crm-1") == nil else { return }
        try await h.importCustomer(id: "crm-1", [(.mobile, "919999999993"), (.email, "jdoe@example.com")])
    }

    /// A first-factor login by OTP to the mobile, then an MFA session for the e-mail address.
    static func mfaSession(_ h: EngineHarness, _ identity: Identity = email) async throws -> (login: IssuedTokens, session: String) {
        try await customer(h)
        let login = try await h.login()
        return (login, try await h.engine.createMFASession(identity, authorizedToken: login.token).sessionId)
    }

    /// Both factors by OTP: the mobile, then the e-mail address.
    static func mfaLogin(_ h: EngineHarness) async throws -> (login: IssuedTokens, mfa: IssuedTokens) {
        let (login, session) = try await mfaSession(h)
        let otp = try await h.sendOTP(email, session: session, factor: .second)
        return (login, try await h.engine.validateOTP(email, sessionId: session, otp: otp, factor: .second))
    }

    @Test func bothFactorsGiveTokensMarkedMFA() async throws {
        let h = try await Self.harness()
        let (login, tokens) = try await Self.mfaLogin(h)
        let first = try #require(await h.engine.tokens.open(login.token, as: .user))
        #expect(first.mfa == nil && first.amr == ["otp"])
        let access = try #require(await h.engine.tokens.open(tokens.token, as: .user))
        let key = try #require(tokens.key)
        #expect(access.mfa == true && access.rol == .user && access.amr == ["mfa", "otp"])
        #expect(access.sub.value == "EMAIL|jdoe@example.com" && access.uid == "crm-1")
        #expect(await h.engine.tokens.open(key, as: .auth)?.mfa == true)
        // An MFA key regenerates MFA tokens, with the login's amr.
        let next = try await h.engine.regenerate(Self.email, key: key, factor: .second)
        let renewed = try #require(await h.engine.tokens.open(next.token, as: .user))
        #expect(renewed.mfa == true && renewed.amr == ["mfa", "otp"])
        // Expiring the MFA login ends its keys; the one used before works no more either.
        let nextKey = try #require(next.key)
        try await h.engine.expire(Self.email, token: nextKey, factor: .second)
        #expect(try await refusal { try await h.engine.regenerate(Self.email, key: nextKey, factor: .second) }?.code == 1525)
        #expect(try await refusal { try await h.engine.regenerate(Self.email, key: key, factor: .second) }?.code == 1525)
    }

    /// Attack: with `mfa: {enabled: true}` both OTPs went to one phone, so whoever held it
    /// passed both "factors".
    @Test func theSecondOTPMustGoToAnotherAddressThanTheFirst() async throws {
        let h = try await Self.harness { $0.defaults.channels.templates[.whatsapp] = "Your code is {otp}" }
        let (_, session) = try await Self.mfaSession(h, Self.mobile)
        let before = await h.sender.messages.count
        let same = try await refusal { try await h.sendOTP(session: session, factor: .second) }
        #expect(same?.code == 1551 && same?.httpStatus == 403)
        #expect(await h.sender.messages.count == before)
        // WhatsApp to the same phone is the same phone.
        let whatsapp = try await refusal { try await h.sendOTP(session: session, fallback: .whatsapp, factor: .second) }
        #expect(whatsapp?.code == 1551)
        // The customer's e-mail address is another factor.
        let otp = try await h.sendOTP(session: session, fallback: .email, factor: .second)
        #expect(await h.sender.messages.last?.destination == "jdoe@example.com")
        let tokens = try await h.engine.validateOTP(Self.mobile, sessionId: session, otp: otp, factor: .second)
        #expect(await h.engine.tokens.open(tokens.token, as: .user)?.amr == ["mfa", "otp"])
    }

    /// An e-mail first factor (a fallback from the mobile) makes the mobile the second.
    @Test func theFirstFactorsAddressIsWhereItsOTPWentNotItsIdentifier() async throws {
        let h = try await Self.harness()
        try await Self.customer(h)
        let login = try await h.login(fallback: .email)
        let session = try await h.engine.createMFASession(Self.mobile, authorizedToken: login.token).sessionId
        #expect(try await refusal { try await h.sendOTP(session: session, fallback: .email, factor: .second) }?.code == 1551)
        _ = try await h.sendOTP(session: session, factor: .second)
        #expect(await h.sender.messages.last?.destination == "919999999993")
    }

    /// Attack: one logout must end both factors' logins.
    @Test func oneLogoutEndsBothFactors() async throws {
        let h = try await Self.harness()
        let (login, mfa) = try await Self.mfaLogin(h)
        try await h.engine.expire(Self.mobile, token: try #require(login.key))
        #expect(try await refusal { try await h.engine.regenerate(Self.email, key: try #require(mfa.key), factor: .second) }?.code == 1525)

        let other = try await Self.harness()
        let (login2, mfa2) = try await Self.mfaLogin(other)
        try await other.engine.expire(Self.email, token: try #require(mfa2.key), factor: .second)
        #expect(try await refusal { try await other.engine.regenerate(Self.mobile, key: try #require(login2.key)) }?.code == 1525)
        // A first factor whose login ended opens no MFA session, and an open one completes nothing.
        #expect(try await refusal { try await other.engine.createMFASession(Self.email, authorizedToken: login2.token) }?.code == 1525)
    }

    /// The MFA session, token and key live as long as the first factor's; mfa/otp/generate
    /// needs no payload hash on a brand whose otp/generate does (an MFA session needs a login).
    @Test func theSecondFactorLivesAsLongAsTheFirstAndNeedsNoHash() async throws {
        let h = try await Self.harness {
            $0.defaults.sessionLifetime = .seconds(7 * 60)
            $0.defaults.accessTokenLifetime = .seconds(11 * 60)
            $0.defaults.keyExpiry = .seconds(13 * 60)
            $0.defaults.requiresHash = true
            $0.defaults.hashPrivateKey = OTPIssueTests.brandKey
        }
        try await Self.customer(h)
        let first = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: first) }?.code == 5004)
        let hash = try OTPIssueTests().hash(Self.mobile, first, at: h.clock.now - 10)
        let login = try await h.engine.validateOTP(Self.mobile, sessionId: first, otp: try await h.sendOTP(session: first, hash: hash))
        let session = try await h.engine.createMFASession(Self.email, authorizedToken: login.token).sessionId
        let mfa = try await h.engine.validateOTP(
            Self.email, sessionId: session, otp: try await h.sendOTP(Self.email, session: session, factor: .second), factor: .second)
        let now = h.clock.now
        let access = try #require(await h.engine.tokens.open(mfa.token, as: .user))
        #expect(access.mfa == true && access.exp?.value == now + 11 * 60)
        #expect(await h.engine.tokens.open(try #require(mfa.key), as: .auth)?.exp?.value == now + 13 * 60)
        // An MFA session ends when a first-factor one would.
        let late = try await h.engine.createMFASession(Self.email, authorizedToken: login.token).sessionId
        h.clock.advance(by: 7 * 60)
        let ended = try await refusal { try await h.sendOTP(Self.email, session: late, factor: .second) }
        #expect(ended?.code == 1505, "\(String(describing: ended))")
        // An MFA key unused for its expiry regenerates nothing.
        h.clock.advance(by: 6 * 60 + 1)
        #expect(try await refusal { try await h.engine.regenerate(Self.email, key: try #require(mfa.key), factor: .second) }?.code == 1529)
    }

    @Test func anMFASessionOfAnEndedLoginCompletesNothing() async throws {
        let h = try await Self.harness()
        let (login, session) = try await Self.mfaSession(h)
        let otp = try await h.sendOTP(Self.email, session: session, factor: .second)
        try await h.engine.expire(Self.mobile, token: try #require(login.key))
        let ended = try await refusal { try await h.engine.validateOTP(Self.email, sessionId: session, otp: otp, factor: .second) }
        #expect(ended?.code == 1505 && ended?.httpStatus == 401)
    }

    @Test func noFirstFactorCredentialPassesForASecondFactorOne() async throws {
        let h = try await Self.harness()
        let (login, mfaSession) = try await Self.mfaSession(h)
        let firstKey = try #require(login.key)
        // A first-factor key neither regenerates MFA tokens nor expires an MFA login, and an MFA key not a first-factor one.
        #expect(try await refusal { try await h.engine.regenerate(Self.mobile, key: firstKey, factor: .second) }?.code == 1525)
        #expect(try await refusal { try await h.engine.expire(Self.mobile, token: firstKey, factor: .second) }?.code == 1531)
        let mfaKey = try #require(try await Self.mfaLogin(h).mfa.key)
        #expect(try await refusal { try await h.engine.regenerate(Self.email, key: mfaKey) }?.code == 1525)
        #expect(try await refusal { try await h.engine.expire(Self.email, token: mfaKey) }?.code == 1531)
        // Sessions: an MFA session is no first-factor session, and a first-factor one is no MFA session.
        #expect(try await refusal { try await h.sendOTP(Self.email, session: mfaSession) }?.code == 1505)
        let first = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: first, factor: .second) }?.code == 1505)
        _ = try await h.sendOTP(session: first)
        let otp = try otp(in: try #require(await h.sender.messages.last?.text))
        #expect(try await refusal { try await h.engine.validateOTP(Self.mobile, sessionId: first, otp: otp, factor: .second) }?.code == 1505)
    }

    @Test func anMFASessionNeedsALiveFirstFactorTokenOfTheCustomer() async throws {
        let h = try await Self.harness()
        let (login, mfa) = try await Self.mfaLogin(h)
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
        let (_, session) = try await Self.mfaSession(h)
        _ = try await h.sendOTP(Self.email, session: session, factor: .second)
        #expect(await h.sender.messages.last?.destination == "jdoe@example.com")
    }

    @Test func oTPsOfBothFactorsCountTowardOneLimit() async throws {
        // The first factor's OTP and one MFA OTP use the window's two: a third of either is refused.
        let h = try await Self.harness {
            $0.defaults.otpMaxCount = 2
            $0.defaults.otpWindow = .seconds(600)
        }
        let (_, session) = try await Self.mfaSession(h)
        _ = try await h.sendOTP(Self.email, session: session, factor: .second)
        let limited = try await refusal { try await h.sendOTP(Self.email, session: session, factor: .second) }
        #expect(limited?.code == 1534 && limited?.httpStatus == 429)
        #expect(try await refusal { try await h.sendOTP(session: try await h.session()) }?.code == 1534)
    }

    @Test func wrongOTPsOfBothFactorsLockTheAccountTogether() async throws {
        let h = try await Self.harness { $0.defaults.maxIncorrectAttempts = 3 }
        let (login, mfaSession) = try await Self.mfaSession(h)
        let first = try await h.session()
        _ = try await h.sendOTP(session: first)
        _ = try await refusal { try await h.engine.validateOTP(Self.mobile, sessionId: first, otp: "000000") }
        _ = try await h.sendOTP(Self.email, session: mfaSession, factor: .second)
        for _ in 0..<2 {
            _ = try await refusal { try await h.engine.validateOTP(Self.email, sessionId: mfaSession, otp: "000000", factor: .second) }
        }
        // Three wrong in all: locked, for either factor, and the first factor's keys revoked.
        let locked = try await refusal { try await h.engine.createMFASession(Self.email, authorizedToken: login.token) }
        #expect(locked?.code == 1518 && locked?.retryAfter != nil)
        #expect(try await refusal { try await h.engine.regenerate(Self.mobile, key: try #require(login.key)) }?.code == 1525)
    }

    /// Attack: an MFA session opened before its login was logged out still reset the password
    /// (and ended every other login) while it answered 1505.
    @Test func anMFASessionOfAnEndedLoginResetsNothing() async throws {
        let h = try await Self.harness { $0.defaults.passwords = true }
        let registered = try await h.register()
        let customerId = try #require(await h.engine.tokens.open(registered.token, as: .user)?.uid)
        try await h.importCustomer(id: customerId, [(.email, "jdoe@example.com")])
        let login = try await h.login()
        let session = try await h.engine.createMFASession(Self.email, authorizedToken: login.token).sessionId
        try await h.engine.forgetPassword(Self.email, sessionId: session, password: "thief's new password", confirmPassword: "thief's new password")
        let otp = try await h.sendOTP(Self.email, session: session, factor: .second)
        try await h.engine.expire(Self.mobile, token: try #require(login.key))
        #expect(try await refusal { try await h.engine.validateOTP(Self.email, sessionId: session, otp: otp, factor: .second) }?.code == 1505)
        #expect(try await refusal { try await h.sendOTP(Self.email, session: session, factor: .second) }?.code == 1505)
        let next = try await h.session()
        #expect(try await refusal { try await h.engine.validatePassword(Self.mobile, sessionId: next, password: EngineHarness.password) } == nil)
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
        let claims = try #require(await on.engine.tokens.open(tokens.token, as: .user))
        #expect(claims.mfa == true && claims.amr == ["mfa", "otp", "pwd"])
        // A first-factor password login in an MFA session is refused, and the other way round.
        #expect(
            try await refusal { try await on.engine.validatePassword(Self.mobile, sessionId: mfaSession, password: "correct horse battery") }?
                .code == 1505)
    }

    /// Attack: the password that passed the first factor passed mfa/password/validate too.
    @Test func thePasswordIsNoSecondFactorAfterThePassword() async throws {
        let h = try await Self.harness {
            $0.defaults.passwords = true
            $0.defaults.mfaPassword = true
        }
        _ = try await h.register()
        let session = try await h.session()
        let login = try await h.engine.validatePassword(Self.mobile, sessionId: session, password: EngineHarness.password)
        #expect(await h.engine.tokens.open(login.token, as: .user)?.amr == ["pwd"])
        let mfaSession = try await h.engine.createMFASession(Self.mobile, authorizedToken: login.token).sessionId
        let again = try await refusal {
            try await h.engine.validatePassword(Self.mobile, sessionId: mfaSession, password: EngineHarness.password, factor: .second)
        }
        #expect(again?.code == 1551 && again?.httpStatus == 403)
        // An OTP after the password is a second factor, to the very number the password logged in with.
        let otp = try await h.sendOTP(session: mfaSession, factor: .second)
        let tokens = try await h.engine.validateOTP(Self.mobile, sessionId: mfaSession, otp: otp, factor: .second)
        #expect(await h.engine.tokens.open(tokens.token, as: .user)?.amr == ["mfa", "otp", "pwd"])
    }

    /// Attack: whoever held the phone reset the password (first-factor OTP only), then passed
    /// MFA with it.
    @Test func aResetNeedsBothFactors() async throws {
        let h = try await Self.harness {
            $0.defaults.passwords = true
            $0.defaults.mfaPassword = true
        }
        // A customer who registered a password at its first login, and whose e-mail the brand knows.
        let registered = try await h.register()
        let customerId = try #require(await h.engine.tokens.open(registered.token, as: .user)?.uid)
        try await h.importCustomer(id: customerId, [(.email, "jdoe@example.com")])
        // The phone alone: a first-factor session resets nothing.
        let session = try await h.session()
        let reset = try await refusal {
            try await h.engine.forgetPassword(
                Self.mobile, sessionId: session, password: "thief's new password", confirmPassword: "thief's new password")
        }
        #expect(reset?.code == 1505)
        // A second registration by the phone alone replaces nothing either.
        let thief = try await h.engine.createSession(Self.mobile, password: "thief's new password", confirmPassword: "thief's new password")
        let thiefLogin = try await h.engine.validateOTP(Self.mobile, sessionId: thief.sessionId, otp: try await h.sendOTP(session: thief.sessionId))
        #expect(thiefLogin.passwordRegistered)
        let mfaSession = try await h.engine.createMFASession(Self.mobile, authorizedToken: thiefLogin.token).sessionId
        #expect(
            try await refusal {
                try await h.engine.validatePassword(Self.mobile, sessionId: mfaSession, password: "thief's new password", factor: .second)
            }?.code == 1528)
        // Both factors, the phone then the mailbox, reset it.
        _ = try await h.engine.forgetPassword(
            Self.mobile, sessionId: mfaSession, password: "a brand new password", confirmPassword: "a brand new password")
        let otp = try await h.sendOTP(session: mfaSession, fallback: .email, factor: .second)
        _ = try await h.engine.validateOTP(Self.mobile, sessionId: mfaSession, otp: otp, factor: .second)
        let next = try await h.session()
        _ = try await h.engine.validatePassword(Self.mobile, sessionId: next, password: "a brand new password")
    }

    /// Attack: a customer without a password, known to the brand, got one from whoever held
    /// the phone, and with it a second factor. A first factor registers a password only at the
    /// customer's first login.
    @Test func thePhoneAloneRegistersNoPasswordForAKnownCustomer() async throws {
        let h = try await Self.harness {
            $0.defaults.passwords = true
            $0.defaults.mfaPassword = true
        }
        try await Self.customer(h)
        let tokens = try await h.register()
        #expect(!tokens.passwordRegistered)
        let session = try await h.session()
        #expect(
            try await refusal { try await h.engine.validatePassword(Self.mobile, sessionId: session, password: EngineHarness.password) }?.code
                == 1528)
        // A new customer sets one at its first login.
        let newcomer = Self.mobile.with { $0.identifierValue = "919000000777" }
        #expect(try await h.register(newcomer).passwordRegistered)
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
