import AuthAPI
import AuthTestSupport
import Foundation
import Testing

@testable import AuthEngine

/// otp/validate: single use, the attempts cap per session, and wrong OTPs counted per customer
/// across sessions until the account locks.
@Suite struct OTPValidationTests {
    @Test func theRightOTPGivesATokenAndOnMobileAKey() async throws {
        let h = try await EngineHarness()
        let tokens = try await h.login()
        let access = try #require(await h.engine.tokens.open(tokens.token, as: .user))
        #expect(access.exp?.value == h.clock.now + 15 * 60 && access.aud.value == ["access"])
        let keyToken = try #require(tokens.key)
        let key = try #require(await h.engine.tokens.open(keyToken, as: .auth))
        #expect(key.exp == nil && key.dev == "device-1" && key.aud.value == ["regeneration"])
        #expect(key.uid == access.uid && key.uid?.hasPrefix("C-") == true && key.fam != nil)
    }

    @Test func webGetsNoKey() async throws {
        let h = try await EngineHarness()
        #expect(try await h.login(EngineHarness.web).key == nil)
    }

    @Test func anOTPWorksOnce() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        _ = try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp)
        let again = try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) }
        #expect(again?.code == 1537 && again?.httpStatus == 404)
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
        let h = try await EngineHarness {
            $0.defaults.maxWrongAttempts = 3; $0.defaults.accountLocking = false
        }
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        for _ in 0..<3 {
            let refused = try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "999999") }
            #expect(refused?.code == 1506 && refused?.httpStatus == 401)
        }
        // The cap holds even for the right OTP; waiting does not help, so no Retry-After.
        let exhausted = try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) }
        #expect(exhausted?.code == 1518 && exhausted?.httpStatus == 429 && exhausted?.retryAfter == nil)
        // A new session starts again.
        #expect(try await refusal { try await h.login() } == nil)
    }

    @Test func parallelGuessesCannotExceedTheSessionsCap() async throws {
        let h = try await EngineHarness {
            $0.defaults.maxWrongAttempts = 5; $0.defaults.accountLocking = false
        }
        let session = try await h.session()
        _ = try await h.sendOTP(session: session)
        let codes = try await parallel(40) { guess in
            try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: String(format: "9%05d", guess)) }?.code
        }
        #expect(codes.filter { $0 == 1506 }.count == 5)
        #expect(codes.filter { $0 == 1518 }.count == 35)
    }

    @Test func rightAnswersDoNotUseAttempts() async throws {
        let h = try await EngineHarness { $0.defaults.maxWrongAttempts = 2 }
        let session = try await h.session()
        for _ in 0..<4 {
            let otp = try await h.sendOTP(session: session)
            #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) } == nil)
        }
        // Both wrong attempts are still there after four right answers.
        let otp = try await h.sendOTP(session: session)
        let guesses = [
            try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: wrong(otp)) }?.code,
            try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: wrong(otp)) }?.code,
            try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) }?.code,
        ]
        #expect(guesses == [1506, 1506, 1518])
    }

    // MARK: Account lock

    @Test func freshSessionsGiveNoMoreGuessesThanTheAccountsAllowance() async throws {
        // The attack: a new session per five guesses. Thirty sessions give five checked guesses
        // in all; then the account is locked.
        let h = try await EngineHarness {
            $0.defaults.otpMaxCount = nil; $0.defaults.otpWindow = nil; $0.defaults.dailyCap = nil
        }
        var checked = 0
        var locked = 0
        for _ in 0..<30 {
            let session: String
            do {
                session = try await h.session()
            } catch let failure as AuthFailure {
                #expect(failure.code == 1518, "a new session was refused with \(failure.code), not the lock")
                locked += 1
                continue
            }
            try await h.engine.generateOTP(EngineHarness.mobile, sessionId: session, hash: nil, fallbackChannel: nil)
            for guess in 0..<5 {
                switch try await refusal({
                    try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: String(format: "8%05d", guess))
                })?.code {
                case 1506: checked += 1
                case 1518: locked += 1
                default: Issue.record("a guess was not refused")
                }
            }
        }
        // The first session's five guesses lock the account: the other 29 get no session.
        #expect(checked == 5)
        #expect(locked == 29)
    }

    @Test func aLockedAccountGetsNoSessionNoOTPAndNoValidationUntilTheLockEnds() async throws {
        let h = try await EngineHarness {
            $0.defaults.maxIncorrectAttempts = 3; $0.defaults.lockPeriod = .seconds(600)
        }
        let before = try await h.session()
        let beforeOTP = try await h.sendOTP(session: before)
        for _ in 0..<3 {
            let session = try await h.session()
            let otp = try await h.sendOTP(session: session)
            #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: wrong(otp)) }?.code == 1506)
        }
        let newSession = try #require(try await refusal { try await h.session() })
        #expect(newSession.code == 1518 && newSession.httpStatus == 429 && newSession.retryAfter == 600)
        // A session made before the lock is locked too: no OTP is sent, and its OTP no longer validates.
        let sent = await h.sender.messages.count
        #expect(try await refusal { try await h.sendOTP(session: before) }?.code == 1518)
        #expect(await h.sender.messages.count == sent)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: before, otp: beforeOTP) }?.code == 1518)
        h.clock.advance(by: 100)
        #expect(try await refusal { try await h.session() }?.retryAfter == 500)
        let messages = await h.sender.messages.count
        h.clock.advance(by: 500)
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        #expect(await h.sender.messages.count == messages + 1)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp) } == nil)
    }

    @Test func aLockStopsSessionsMadeBeforeIt() async throws {
        let h = try await EngineHarness { $0.defaults.maxIncorrectAttempts = 2 }
        let early = try await h.session()
        let earlyOTP = try await h.sendOTP(session: early)
        let attacker = try await h.session()
        _ = try await h.sendOTP(session: attacker)
        for guess in ["111111", "222222"] {
            _ = try? await h.engine.validateOTP(EngineHarness.mobile, sessionId: attacker, otp: guess)
        }
        let sends = await h.sender.messages.count
        let otpRefused = try await refusal { try await h.engine.generateOTP(EngineHarness.mobile, sessionId: early, hash: nil, fallbackChannel: nil) }
        // The clock stands still: the whole default lock (30 minutes) is ahead.
        #expect(otpRefused?.code == 1518 && otpRefused?.retryAfter == 30 * 60)
        #expect(await h.sender.messages.count == sends)
        let validation = try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: early, otp: earlyOTP) }
        #expect(validation?.code == 1518 && validation?.retryAfter == 30 * 60)
    }

    @Test func parallelGuessesAcrossSessionsCannotExceedTheAllowance() async throws {
        let h = try await EngineHarness {
            $0.defaults.otpMaxCount = nil; $0.defaults.otpWindow = nil; $0.defaults.dailyCap = nil
        }
        var made: [String] = []
        for _ in 0..<8 {
            let session = try await h.session()
            _ = try await h.sendOTP(session: session)
            made.append(session)
        }
        let sessions = made
        let codes = try await parallel(40) { guess in
            try await refusal {
                try await h.engine.validateOTP(EngineHarness.mobile, sessionId: sessions[guess % 8], otp: String(format: "7%05d", guess))
            }?.code
        }
        #expect(codes.filter { $0 == 1506 }.count == 5)
        #expect(codes.filter { $0 == 1518 }.count == 35)
    }

    @Test func aLockRevokesTheCustomersKeys() async throws {
        let h = try await EngineHarness { $0.defaults.maxIncorrectAttempts = 1 }
        let key = try #require(try await h.login().key)
        let session = try await h.session()
        _ = try await h.sendOTP(session: session)
        _ = try? await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "123456")
        h.clock.advance(by: 31 * 60)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: key) }?.code == 1525)
    }

    @Test func withLockingOffOnlyTheSessionCapApplies() async throws {
        let h = try await EngineHarness {
            $0.defaults.accountLocking = false; $0.defaults.otpMaxCount = nil; $0.defaults.otpWindow = nil; $0.defaults.dailyCap = nil
        }
        var wrong = 0
        for _ in 0..<3 {
            let session = try await h.session()
            _ = try await h.sendOTP(session: session)
            for guess in 0..<5
            where try await refusal({ try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "55555\(guess)") })?.code == 1506
            {
                wrong += 1
            }
        }
        #expect(wrong == 15)
    }

    @Test func theFirstLoginVerifiesTheIdentifierAndCreatesTheCustomer() async throws {
        let h = try await EngineHarness()
        #expect(try await h.store.customerId(brand: "docdemo", identifier: CustomerIdentifier(type: "MOBILE", value: "919999999993")) == nil)
        let tokens = try await h.login(EngineHarness.mobile.with { $0.identifierValue = "+91 99999 99993" })
        let id = try #require(try await h.store.customerId(brand: "docdemo", identifier: CustomerIdentifier(type: "MOBILE", value: "919999999993")))
        #expect(await h.engine.tokens.open(tokens.token, as: .user)?.uid == id)
        let customer = try #require(try await h.store.customer(id: id))
        #expect(customer.identifiers.map(\.identifier) == [CustomerIdentifier(type: "MOBILE", value: "919999999993")])
        #expect(customer.identifiers.allSatisfy { $0.verified })
        // The next login is the same customer.
        #expect(await h.engine.tokens.open(try await h.login().token, as: .user)?.uid == id)
    }
}
