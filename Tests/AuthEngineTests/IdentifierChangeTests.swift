import AuthAPI
import AuthTestSupport
import Foundation
import Testing

@testable import AuthEngine

/// user/updateIdentifierValue: a logged-in customer gains an address only by validating an OTP
/// sent to that address.
@Suite struct IdentifierChangeTests {
    static let email = "jdoe@example.com"
    static let asEmail = Identity(platform: .mobile, identifierType: .email, identifierValue: email, deviceId: "device-1", brand: "DocDemo")

    /// The customer id a login's token names.
    static func customer(_ h: EngineHarness, _ tokens: IssuedTokens) async throws -> String {
        try #require(await h.engine.tokens.open(tokens.token, as: .user)?.uid)
    }

    func change(
        _ h: EngineHarness, token: String, _ type: IdentifierType = .email, _ value: String = email, replace: Bool = false,
        as identity: Identity = EngineHarness.mobile
    ) async throws -> IssuedSession {
        try await h.engine.changeIdentifier(identity, token: token, newType: type, newValue: value, replace: replace)
    }

    @Test func anAddressIsTheCustomersOnlyOnceItsOTPIsValidated() async throws {
        let h = try await EngineHarness()
        let login = try await h.login()
        let customerId = try await Self.customer(h, login)
        let session = try await change(h, token: login.token, .email, " JDoe@Example.com ")

        // Not yet a contact: a fallback to e-mail for the mobile number is still refused.
        let mobileSession = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: mobileSession, fallback: .email) }?.code == 1602)

        // The OTP goes to the new address itself, and validating it verifies the address.
        let otp = try await h.sendOTP(Self.asEmail, session: session.sessionId)
        #expect(await h.sender.messages.last?.destination == Self.email)
        let tokens = try await h.engine.validateOTP(Self.asEmail, sessionId: session.sessionId, otp: otp)
        #expect(try await Self.customer(h, tokens) == customerId)
        // The customer is logged in with the address it just proved.
        let claims = try #require(await h.engine.tokens.open(tokens.token, as: .user))
        #expect(claims.sub.value == "EMAIL|\(Self.email)" && claims.amr == ["otp"])
        let record = try #require(try await h.store.customer(id: customerId))
        #expect(record.identifiers.contains { $0.identifier == CustomerIdentifier(type: "EMAIL", value: Self.email) && $0.verified })

        // Now it is: the mobile session may fall back to it, and logging in by e-mail is the same customer.
        _ = try await h.sendOTP(session: mobileSession, fallback: .email)
        #expect(try await Self.customer(h, try await h.login(Self.asEmail)) == customerId)
    }

    @Test func replacingRemovesTheOtherAddressesOfItsKindOnceVerified() async throws {
        let h = try await EngineHarness { $0.defaults.passwords = true }
        let login = try await h.register()
        let customerId = try await Self.customer(h, login)
        let newNumber = EngineHarness.mobile.with { $0.identifierValue = "919999999900" }
        let session = try await h.engine.changeIdentifier(
            EngineHarness.mobile, token: login.token, newType: .mobile, newValue: "919999999900", replace: true, password: EngineHarness.password
        )
        // Until the OTP is validated, the old number is still the customer's.
        #expect(try await h.store.customerId(brand: "docdemo", identifier: .init(type: "MOBILE", value: "919999999993")) == customerId)
        let otp = try await h.sendOTP(newNumber, session: session.sessionId)
        _ = try await h.engine.validateOTP(newNumber, sessionId: session.sessionId, otp: otp)
        let numbers = try #require(try await h.store.customer(id: customerId)).identifiers.filter { $0.identifier.type == "MOBILE" }
        #expect(numbers.map(\.identifier.value) == ["919999999900"])

        // The old number's login ends: its key regenerates no more.
        let released = try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: try #require(login.key)) }
        #expect(released?.code == 1525)

        // The old number, recycled to someone else, logs in to a new customer: not this one,
        // though this one's id was derived from that number at its first login, without its password.
        let recycled = try await h.login()
        #expect(try await Self.customer(h, recycled) != customerId)
        #expect(recycled.passwordRegistered == false)
    }

    /// Attack: a logged-in customer asked for a session for someone else's address, had its
    /// OTP sent to its own phone by `?fallbackChannel=` (or passed its own password), and got a
    /// token naming the victim's address. A new address's session completes only by an OTP sent
    /// to that address.
    @Test func aNewAddressIsProvedOnlyByAnOTPSentToIt() async throws {
        let h = try await EngineHarness { $0.defaults.passwords = true }
        try await h.importCustomer(id: "crm-1", [(.mobile, "919999999993"), (.email, Self.email)])
        let login = try await h.register()
        let victim = Identity(
            platform: .mobile, identifierType: .email, identifierValue: "ceo@victim.example", deviceId: "device-1", brand: "DocDemo")
        let session = try await h.engine.changeIdentifier(
            EngineHarness.mobile, token: login.token, newType: .email, newValue: "ceo@victim.example", replace: false,
            password: EngineHarness.password)
        let before = await h.sender.messages.count
        for fallback: Channel in [.sms, .email] {
            let elsewhere = try await refusal { try await h.sendOTP(victim, session: session.sessionId, fallback: fallback) }
            #expect(elsewhere?.code == 1505 && elsewhere?.httpStatus == 401)
        }
        #expect(await h.sender.messages.count == before)
        let byPassword = try await refusal {
            try await h.engine.validatePassword(victim, sessionId: session.sessionId, password: EngineHarness.password)
        }
        #expect(byPassword?.code == 1505)
        #expect(try await h.store.customerId(brand: "docdemo", identifier: .init(type: "EMAIL", value: "ceo@victim.example")) == nil)
    }

    /// Attack: a logged-in customer probed the directory through 1543. A taken address gets
    /// the answer a free one gets, and its OTP goes nowhere.
    @Test func aTakenAddressIsAnsweredLikeAFreeOne() async throws {
        let h = try await EngineHarness()
        let login = try await h.login()
        let taken = EngineHarness.mobile.with { $0.identifierValue = "919999999911" }
        _ = try await h.login(taken)
        let free = EngineHarness.mobile.with { $0.identifierValue = "919999999922" }
        let before = await h.sender.messages.count
        let takenSession = try await change(h, token: login.token, .mobile, "+91 99999 99911")
        let freeSession = try await change(h, token: login.token, .mobile, "919999999922")
        #expect(takenSession.passwordRegistered == freeSession.passwordRegistered)
        try await h.engine.generateOTP(taken, sessionId: takenSession.sessionId, hash: nil, fallbackChannel: nil)
        try await h.engine.generateOTP(free, sessionId: freeSession.sessionId, hash: nil, fallbackChannel: nil)
        await h.engine.finishDeliveries()
        // Only the free address got a message; no guess proves the taken one.
        #expect(await h.sender.messages.dropFirst(before).map(\.destination) == ["919999999922"])
        let guess = try await refusal { try await h.engine.validateOTP(taken, sessionId: takenSession.sessionId, otp: "000000") }
        #expect(guess?.code == 1506)
        let owner = try await h.store.customerId(brand: "docdemo", identifier: .init(type: "MOBILE", value: "919999999911"))
        #expect(try await owner != Self.customer(h, login))
    }

    /// Attack: a USER token of a login that was logged out still started a change of
    /// identifier, and that session logged the thief in again, for good.
    @Test func aTokenOfAnEndedLoginChangesNothing() async throws {
        let h = try await EngineHarness { $0.defaults.passwords = true }
        let login = try await h.register()
        try await h.engine.expire(EngineHarness.mobile, token: try #require(login.key))
        let change = try await refusal {
            try await h.engine.changeIdentifier(
                EngineHarness.mobile, token: login.token, newType: .email, newValue: "thief@evil.example", replace: false,
                password: EngineHarness.password)
        }
        #expect(change?.code == 1525 && change?.httpStatus == 401)
        let password = try await refusal {
            try await h.engine.changePassword(
                EngineHarness.mobile, token: login.token, password: EngineHarness.password, newPassword: "stapled battery horse",
                confirmPassword: "stapled battery horse")
        }
        #expect(password?.code == 1523)
        // A live login still can.
        let live = try await h.login()
        #expect(
            try await refusal {
                try await h.engine.changeIdentifier(
                    EngineHarness.mobile, token: live.token, newType: .email, newValue: Self.email, replace: false, password: EngineHarness.password)
            } == nil)
    }

    /// Attack: with throwaway accounts, a taken address showed itself by never reaching its
    /// limit (it was sent nothing, so nothing was counted). A new address counts as sent either way.
    @Test func aTakenAndAFreeAddressReachTheirLimitsAlike() async throws {
        let h = try await EngineHarness {
            $0.defaults.otpMaxCount = 3
            $0.defaults.dailyCap = nil
        }
        _ = try await h.login(EngineHarness.mobile.with { $0.identifierValue = "919999999911" })
        // The owner's own login counted on its number; its window is over by now.
        h.clock.advance(by: 11 * 60)
        let (taken, free) = ("919999999911", "919999999922")
        // Each account logs in and probes each number once: three OTPs, within its own limit.
        func probe(from me: Identity, token: String, _ number: String) async throws -> AuthFailure? {
            let session = try await h.engine.changeIdentifier(me, token: token, newType: .mobile, newValue: number, replace: false)
            let target = EngineHarness.mobile.with { $0.identifierValue = number }
            let refused = try await refusal {
                try await h.engine.generateOTP(target, sessionId: session.sessionId, hash: nil, fallbackChannel: nil)
            }
            await h.engine.finishDeliveries()
            return refused
        }
        var answers: [String: [Int32?]] = [:]
        for account in ["919000000001", "919000000002", "919000000003", "919000000004"] {
            let me = EngineHarness.mobile.with { $0.identifierValue = account }
            let token = try await h.login(me).token
            for number in [taken, free] { answers[number, default: []].append(try await probe(from: me, token: token, number)?.code) }
        }
        #expect(answers[taken] == answers[free])
        #expect(answers[free] == [nil, nil, nil, 1534])
    }

    @Test func refusals() async throws {
        let h = try await EngineHarness()
        let login = try await h.login()
        let other = try await h.login(EngineHarness.mobile.with { $0.identifierValue = "919999999911" })
        func refused(_ work: () async throws -> IssuedSession) async throws -> AuthFailure? { try await refusal(work) }

        let notToken = try await refused { try await change(h, token: "not-a-token") }
        #expect(notToken?.code == 1525 && notToken?.httpStatus == 401)
        #expect(try await refused { try await change(h, token: try #require(login.key)) }?.code == 1525)
        #expect(try await refused { try await change(h, token: other.token) }?.code == 1525)
        let unreadable = try await refused { try await change(h, token: login.token, .email, "no-at-sign") }
        #expect(unreadable?.code == 1519 && unreadable?.issues.first?.pointer == "/newIdentifierValue")
        h.clock.advance(by: 16 * 60)
        let expired = try await refused { try await change(h, token: login.token) }
        #expect(expired?.code == 1529 && expired?.httpStatus == 401)
    }

    @Test func aCustomerWithAPasswordMustSendIt() async throws {
        // A stolen token alone does not add the attacker's address to an account with a password.
        let h = try await EngineHarness { $0.defaults.passwords = true }
        let login = try await h.register()
        let missing = try await refusal {
            try await h.engine.changeIdentifier(EngineHarness.mobile, token: login.token, newType: .email, newValue: Self.email, replace: false)
        }
        #expect(missing?.code == 1520 && missing?.httpStatus == 422)
        for _ in 0..<5 {
            let wrong = try await refusal {
                try await h.engine.changeIdentifier(
                    EngineHarness.mobile, token: login.token, newType: .email, newValue: Self.email, replace: false, password: "guess")
            }
            #expect(wrong?.code == 1528)
        }
        // The guesses counted toward the lock, like any wrong password.
        let locked = try await refusal {
            try await h.engine.changeIdentifier(
                EngineHarness.mobile, token: login.token, newType: .email, newValue: Self.email, replace: false, password: EngineHarness.password)
        }
        // One lock for both factors: the account is locked (1518), whatever locked it.
        #expect(locked?.code == 1518 && locked?.httpStatus == 429 && locked?.retryAfter != nil)
        h.clock.advance(by: 31 * 60)
        let fresh = try await h.login()
        #expect(
            try await refusal {
                try await h.engine.changeIdentifier(
                    EngineHarness.mobile, token: fresh.token, newType: .email, newValue: Self.email, replace: false, password: EngineHarness.password
                )
            } == nil)
    }

    @Test func aLockedAccountGainsNoAddress() async throws {
        let h = try await EngineHarness { $0.defaults.maxIncorrectAttempts = 1 }
        let login = try await h.login()
        let session = try await h.session()
        _ = try await h.sendOTP(session: session)
        _ = try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "000000") }
        let locked = try await refusal { try await change(h, token: login.token) }
        #expect(locked?.code == 1518 && locked?.httpStatus == 429 && locked?.retryAfter != nil)
    }
}
