import AuthAPI
import AuthPayloadHash
import AuthTestSupport
import Crypto
import CryptoExtras
import Foundation
import Testing

@testable import AuthEngine

/// otp/generate: limits per customer and per destination, the payload hash, delivery.
@Suite struct OTPIssueTests {
    @Test func theOTPGoesBySMSWithTheBrandsLength() async throws {
        let h = try await EngineHarness { $0.defaults.otpLength = 8 }
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        #expect(otp == "00000001")
        let message = try #require(await h.sender.messages.first)
        #expect(message.channel == .sms && message.destination == "919999999993" && message.brand == "docdemo")
        #expect(message.text == "Your OTP is 00000001. It is valid for 20 minutes.")
    }

    @Test func withLimitsOffEveryOTPIsSent() async throws {
        let h = try await EngineHarness {
            $0.defaults.otpMaxCount = nil; $0.defaults.otpWindow = nil; $0.defaults.dailyCap = nil
        }
        let session = try await h.session()
        for _ in 0..<12 { _ = try await h.sendOTP(session: session) }
        #expect(await h.sender.messages.count == 12)
    }

    @Test func otpsCanBeTurnedOffWithAMaximumOfZero() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 0 }
        let session = try await h.session()
        let refused = try await refusal { try await h.sendOTP(session: session) }
        #expect(refused?.code == 1535 && refused?.httpStatus == 403)
    }

    @Test func theDefaultWindowRefusesTheSixthOTPUntilItResets() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        for _ in 0..<4 { _ = try await h.sendOTP(session: session) }
        h.clock.advance(by: 100)
        _ = try await h.sendOTP(session: session)
        h.clock.advance(by: 50)
        let refused = try #require(try await refusal { try await h.sendOTP(session: session) })
        #expect(refused.code == 1534 && refused.httpStatus == 429)
        #expect(refused.retryAfter == 450)
        // Another session for the same customer shares the limit.
        let second = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: second) }?.code == 1534)
        h.clock.advance(by: 450)
        #expect(try await refusal { try await h.sendOTP(session: session) } == nil)
    }

    @Test func theDefaultDailyCapRefusesUntilTheNextUTCDay() async throws {
        let h = try await EngineHarness { $0.defaults.otpWindow = .seconds(60) }
        for _ in 0..<2 {
            let session = try await h.session()
            for _ in 0..<5 { _ = try await h.sendOTP(session: session) }
            h.clock.advance(by: 60)
        }
        let refused = try #require(try await refusal { try await h.sendOTP(session: try await h.session()) })
        let midnight = (h.clock.now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400 + 86_400
        #expect(refused.code == 1534)
        #expect(refused.retryAfter == Int(midnight - h.clock.now.timeIntervalSince1970))
        h.clock.advance(by: TimeInterval(refused.retryAfter ?? 0))
        #expect(try await refusal { try await h.sendOTP(session: try await h.session()) } == nil)
    }

    @Test func everySpellingOfOneNumberIsOneCustomer() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 1 }
        let first = try await h.session()
        _ = try await h.sendOTP(session: first)
        let customer = try #require(try await h.store.session(id: first)?.customerId)
        // One customer (the store says so), so one limit (the per-destination limit would
        // refuse as well: the customer is what the first check names).
        func expectSameCustomer(_ identity: Identity, _ label: String) async throws {
            let session = try await h.session(identity)
            #expect(try await h.store.session(id: session)?.customerId == customer, "\(label)")
            #expect(try await refusal { try await h.sendOTP(identity, session: session) }?.code == 1534, "\(label)")
        }
        for spelling in ["+919999999993", " 919999999993", "91 9999 999993", "91-9999-999993", "９１９９９９９９９９９３", "00919999999993"] {
            try await expectSameCustomer(EngineHarness.mobile.with { $0.identifierValue = spelling }, spelling)
        }
        for brand in ["docdemo", "DOCDEMO", "DocDemo "] {
            try await expectSameCustomer(EngineHarness.mobile.with { $0.brand = brand }, brand)
        }
        let trailingNewline = EngineHarness.mobile.with { $0.identifierValue = "919999999993\n" }
        #expect(try await refusal { try await h.session(trailingNewline) }?.code == 1519)
        #expect(await h.sender.messages.count == 1)
    }

    @Test func anotherCustomerHasLimitsOfItsOwn() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 1 }
        _ = try await h.sendOTP(session: try await h.session())
        let other = EngineHarness.mobile.with { $0.identifierValue = "919999999994" }
        #expect(try await refusal { try await h.sendOTP(other, session: try await h.session(other)) } == nil)
    }

    @Test func limitsCountPerDestinationAcrossBrandsAndAliases() async throws {
        // Cycling brand names (any brand is served by default) or +tags of one mailbox makes
        // new customers, but not new destinations: the phone and the mailbox stay limited.
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 2 }
        for brand in ["DocDemo", "DocDemo2"] {
            let identity = EngineHarness.mobile.with { $0.brand = brand }
            _ = try await h.sendOTP(identity, session: try await h.session(identity))
        }
        let third = EngineHarness.mobile.with { $0.brand = "Doc-Demo" }
        #expect(try await refusal { try await h.sendOTP(third, session: try await h.session(third)) }?.code == 1534)
        for alias in ["victim+1@corp.com", "victim+2@corp.com"] {
            let identity = EngineHarness.web.with { $0.identifierValue = alias }
            _ = try await h.sendOTP(identity, session: try await h.session(identity))
        }
        let alias = EngineHarness.web.with { $0.identifierValue = "victim+3@corp.com" }
        #expect(try await refusal { try await h.sendOTP(alias, session: try await h.session(alias)) }?.code == 1534)
        #expect(await h.sender.messages.count == 4)
    }

    @Test func fiftyParallelRequestsAdmitExactlyTheMaximum() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        let codes = try await parallel(50) { _ in
            try await refusal { try await h.engine.generateOTP(EngineHarness.mobile, sessionId: session, hash: nil, fallbackChannel: nil) }?.code
        }
        #expect(codes.filter { $0 == nil }.count == 5)
        #expect(codes.filter { $0 == 1534 }.count == 45)
        #expect(await h.sender.messages.count == 5)
    }

    @Test func aFailedDeliveryIs1503AndGivesItsCountBack() async throws {
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 1 }
        let session = try await h.session()
        await h.sender.failing(.refused)
        let refused = try #require(try await refusal { try await h.sendOTP(session: session) })
        #expect(refused.code == 1503 && refused.httpStatus == 503)
        await h.sender.failing(nil)
        #expect(try await refusal { try await h.sendOTP(session: session) } == nil)
    }

    @Test func aRefusedChannelGivesItsCountBack() async throws {
        // 1601, 1602 and 1603 come after the limits were counted: none of them uses one up.
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 1 }
        let web = try await h.session(EngineHarness.web)
        var codes: [Int32?] = []
        for fallback in [Channel.sms, .whatsapp, .sms] {
            codes.append(try await refusal { try await h.sendOTP(EngineHarness.web, session: web, fallback: fallback) }?.code)
        }
        #expect(codes == [1601, 1603, 1601])  // no verified mobile; WhatsApp not offered by the brand
        let mobile = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: mobile, fallback: .email) }?.code == 1602)
        #expect(try await refusal { try await h.sendOTP(EngineHarness.web, session: web) } == nil)
        #expect(try await refusal { try await h.sendOTP(session: mobile) } == nil)
    }

    @Test func aTimedOutDeliveryKeepsItsCountAndItsOTP() async throws {
        // The gateway timed out: the message may have gone out, so it counts, and the OTP in it works.
        let h = try await EngineHarness { $0.defaults.otpMaxCount = 1 }
        let session = try await h.session()
        await h.sender.failing(.timedOut)
        #expect(
            try await refusal { try await h.engine.generateOTP(EngineHarness.mobile, sessionId: session, hash: nil, fallbackChannel: nil) }?.code
                == 1503)
        await h.sender.failing(nil)
        #expect(try await refusal { try await h.sendOTP(session: session) }?.code == 1534)
        #expect(try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: "000001") } == nil)
    }

    @Test func aSessionWhoseAttemptsAreUsedUpGetsNoOTP() async throws {
        let h = try await EngineHarness {
            $0.defaults.maxWrongAttempts = 2; $0.defaults.accountLocking = false
        }
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        for _ in 0..<2 { _ = try? await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: wrong(otp)) }
        let refused = try await refusal { try await h.engine.generateOTP(EngineHarness.mobile, sessionId: session, hash: nil, fallbackChannel: nil) }
        #expect(refused?.code == 1518 && refused?.retryAfter == nil)
        #expect(await h.sender.messages.count == 1)
    }

    /// Every check of otp/generate in the documented order. Each request breaks its step and,
    /// as far as one request can, every step after it; the answer must name its step.
    @Test func everyCheckRunsInTheDocumentedOrder() async throws {
        let h = try await EngineHarness { configuration in
            configuration.acceptsAnyBrand = false
            configuration.defaults.requiresHash = true
            configuration.defaults.hashPrivateKey = Self.brandKey
            configuration.defaults.otpMaxCount = 2
            configuration.defaults.dailyCap = nil
            configuration.defaults.maxWrongAttempts = 1
            configuration.defaults.maxIncorrectAttempts = 2
            configuration.defaults.channels.fallbackChannels = [.email, .sms]
            configuration.brands["DocDemo"] = configuration.defaults
            configuration.brands["Off"] = configuration.defaults
            configuration.brands["Off"]?.otpMaxCount = 0
        }
        func number(_ n: Int) -> Identity { EngineHarness.mobile.with { $0.identifierValue = "91999999000\(n)" } }
        func sent(_ identity: Identity, _ session: String) async throws -> String {
            try await h.sendOTP(identity, session: session, hash: try hash(identity, session, at: h.clock.now))
        }
        func guessWrong(_ identity: Identity, _ session: String, _ otp: String) async throws {
            #expect(try await refusal { try await h.engine.validateOTP(identity, sessionId: session, otp: wrong(otp)) } != nil)
        }
        // Customers in the states the later steps need, each also breaking every step after its own.
        // Locked (two wrong guesses across sessions), at its limit, its session's attempts used:
        let locked = number(1)
        let lockedFirst = try await h.session(locked)
        try await guessWrong(locked, lockedFirst, try await sent(locked, lockedFirst))
        let doomed = try await h.session(locked)
        try await guessWrong(locked, doomed, try await sent(locked, doomed))
        // At its limit, its session's attempts used, not locked:
        let full = number(2)
        _ = try await sent(full, try await h.session(full))
        let fullSession = try await h.session(full)
        try await guessWrong(full, fullSession, try await sent(full, fullSession))
        // Its session's attempts used, under its limit:
        let used = number(3)
        let usedSession = try await h.session(used)
        try await guessWrong(used, usedSession, try await sent(used, usedSession))
        // An e-mail identity, its session's attempts used, without a verified mobile for SMS:
        let mailbox = EngineHarness.mobile.with {
            $0.identifierType = .email; $0.identifierValue = "o@example.com"
        }
        let mailboxSession = try await h.session(mailbox)
        try await guessWrong(mailbox, mailboxSession, try await sent(mailbox, mailboxSession))
        // Fresh, for delivery alone:
        let fresh = number(4)
        let freshSession = try await h.session(fresh)
        // On the brand with OTPs off, a customer locked too (its OTPs cannot be guessed, so its
        // allowances are used up in the store): "OTPs off" must come before the lock.
        let offIdentity = locked.with { $0.brand = "Off" }
        let offSession = try await h.session(offIdentity)
        let offCustomer = AuthEngine.customerKey(try await h.engine.customerId(for: try h.engine.canonical(offIdentity)))
        let offLimits = try #require(h.engine.brands["off"]).guessLimits
        for _ in 0..<offLimits.count { _ = try await h.store.reserveGuess(key: offCustomer, limits: offLimits, at: h.clock.now) }
        #expect(try await h.store.lockIfExhausted(key: offCustomer, limits: offLimits, at: h.clock.now))
        await h.sender.failing(.refused)
        let attemptsBefore = await h.sender.attempts

        let unknownBrand = locked.with {
            $0.brand = "Unknown"; $0.deviceId = "other"; $0.identifierValue = "not a number"
        }
        // Each later hash is sealed after the last its session took (a hash works once).
        let sealedFrom = h.clock.now
        h.clock.advance(by: 20)
        func sealed(_ identity: Identity, _ session: String, _ second: Int) throws -> String {
            try hash(identity, session, at: sealedFrom + TimeInterval(second))
        }
        let steps: [(String, Identity, String, String?, Channel?, Int32)] = [
            ("brand served", unknownBrand, "P-unknown", nil, .zalo, 1504),
            ("identifier readable", unknownBrand.with { $0.brand = "DocDemo" }, "P-unknown", nil, .zalo, 1519),
            ("session", number(9).with { $0.deviceId = "other" }, "P-unknown", nil, .zalo, 1505),
            (
                "brand",
                number(9).with {
                    $0.brand = "Off"; $0.deviceId = "other"
                }, doomed, nil, .zalo, 1509
            ),
            ("device", EngineHarness.username("someone-else", platform: .mobile).with { $0.deviceId = "other" }, doomed, nil, .zalo, 1508),
            ("mobile number", EngineHarness.username("someone-else", platform: .mobile), doomed, nil, .zalo, 1507),
            ("identifier", EngineHarness.username("someone-else", platform: .mobile), mailboxSession, nil, .zalo, 1541),
            ("identifierType", EngineHarness.username(locked.identifierValue, platform: .mobile), doomed, nil, .zalo, 1546),
            ("OTPs off", offIdentity, offSession, nil, .zalo, 1535),
            // The hash before anything of the customer's: a locked or limited customer's unsealed request learns neither.
            ("hash", locked, doomed, nil, .zalo, 5004),
            ("channel", used, usedSession, try sealed(used, usedSession, 1), .zalo, 1603),
            ("fallback e-mail", used, usedSession, try sealed(used, usedSession, 2), .email, 1602),
            ("fallback mobile", mailbox, mailboxSession, try sealed(mailbox, mailboxSession, 3), .sms, 1601),
            ("account lock", locked, doomed, try sealed(locked, doomed, 4), nil, 1518),
            ("limits", full, fullSession, try sealed(full, fullSession, 5), nil, 1534),
            ("session's attempts", used, usedSession, try sealed(used, usedSession, 6), nil, 1518),
            ("delivery", fresh, freshSession, try sealed(fresh, freshSession, 7), nil, 1503),
        ]
        var answered: [Int32] = []
        for (step, identity, session, hash, fallback, code) in steps {
            let refused = try await refusal { try await h.engine.generateOTP(identity, sessionId: session, hash: hash, fallbackChannel: fallback) }
            #expect(refused?.code == code, "\(step): \(String(describing: refused))")
            answered.append(refused?.code ?? 0)
            // The lock tells how long it lasts; the session's own attempts never come back.
            if step == "account lock" { #expect(refused?.retryAfter == 30 * 60 - 20) }
            if step == "session's attempts" { #expect(refused?.retryAfter == nil) }
        }
        #expect(answered == steps.map(\.5))
        // Only the last request got as far as a delivery.
        #expect(await h.sender.attempts == attemptsBefore + 1)
    }

    // MARK: Payload hash

    static let brandKey = try! HashKey(_RSA.Encryption.PrivateKey(keySize: .bits2048))

    func hashed() async throws -> (EngineHarness, String) {
        let h = try await EngineHarness { configuration in
            configuration.defaults.requiresHash = true
            configuration.defaults.hashPrivateKey = Self.brandKey
        }
        return (h, try await h.session())
    }

    func hash(_ identity: Identity, _ session: String, at date: Date) throws -> String {
        let digest = PayloadHash.digest(
            identifierType: identity.identifierType.rawValue, identifierValue: identity.identifierValue, deviceId: identity.deviceId,
            brand: identity.brand, sessionId: session)
        return try PayloadHash.make(digest: digest, publicKey: Self.brandKey.privateKey.publicKey, at: date)
    }

    @Test func aValidHashPasses() async throws {
        let (h, session) = try await hashed()
        let hash = try hash(EngineHarness.mobile, session, at: h.clock.now - 100)
        #expect(try await refusal { try await h.sendOTP(session: session, hash: hash) } == nil)
    }

    @Test func theHashCoversTheFieldsAsSent() async throws {
        // The client hashes what it sends: another spelling of the same number is valid for the
        // session, and its hash is over that spelling.
        let (h, session) = try await hashed()
        let spelled = EngineHarness.mobile.with { $0.identifierValue = "+91 99999 99993" }
        #expect(try await refusal { try await h.sendOTP(spelled, session: session, hash: try hash(spelled, session, at: h.clock.now)) } == nil)
        #expect(
            try await refusal { try await h.sendOTP(spelled, session: session, hash: try hash(EngineHarness.mobile, session, at: h.clock.now)) }?.code
                == 5004)
    }

    @Test func aMissingExpiredOrTamperedHashIs5004() async throws {
        let (h, session) = try await hashed()
        let expired = try hash(EngineHarness.mobile, session, at: h.clock.now - 121)
        let tampered = try hash(EngineHarness.mobile.with { $0.identifierValue = "919999999990" }, session, at: h.clock.now)
        for hash in [nil, expired, tampered, "bm90IGEgaGFzaA=="] {
            let refused = try await refusal { try await h.sendOTP(session: session, hash: hash) }
            #expect(refused?.code == 5004 && refused?.httpStatus == 403)
        }
    }

    /// Attack: a captured hash was replayed within its window, and one sealed ahead of time
    /// was kept for later.
    @Test func aHashWorksOnceAndNeverAheadOfTime() async throws {
        let (h, session) = try await hashed()
        let hash = try hash(EngineHarness.mobile, session, at: h.clock.now - 10)
        #expect(try await refusal { try await h.sendOTP(session: session, hash: hash) } == nil)
        let replayed = try await refusal { try await h.sendOTP(session: session, hash: hash) }
        #expect(replayed?.code == 5004 && replayed?.httpStatus == 403)
        // One sealed before the last the session took is a replay too.
        #expect(
            try await refusal { try await h.sendOTP(session: session, hash: try self.hash(EngineHarness.mobile, session, at: h.clock.now - 20)) }?
                .code == 5004)
        // Sealed 110 s ahead of the server's clock: refused; a fresh one works.
        let ahead = try self.hash(EngineHarness.mobile, session, at: h.clock.now + 110)
        #expect(try await refusal { try await h.sendOTP(session: session, hash: ahead) }?.code == 5004)
        #expect(
            try await refusal { try await h.sendOTP(session: session, hash: try self.hash(EngineHarness.mobile, session, at: h.clock.now)) } == nil)
    }

    @Test func aTamperedRequestDoesNotUseUpTheLimit() async throws {
        let h = try await EngineHarness { configuration in
            configuration.defaults.requiresHash = true
            configuration.defaults.hashPrivateKey = Self.brandKey
            configuration.defaults.otpMaxCount = 1
        }
        let session = try await h.session()
        for _ in 0..<3 { #expect(try await refusal { try await h.sendOTP(session: session, hash: nil) }?.code == 5004) }
        let hash = try hash(EngineHarness.mobile, session, at: h.clock.now)
        #expect(try await refusal { try await h.sendOTP(session: session, hash: hash) } == nil)
    }

    @Test func theHashIsIgnoredWhenTheBrandDoesNotRequireIt() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: session, hash: "anything") } == nil)
    }
}
