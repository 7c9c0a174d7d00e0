import AuthAPI
import AuthTestSupport
import Foundation
import Testing

@testable import AuthEngine

/// Where an OTP goes: only to the identifier itself or to a verified contact of the same
/// customer. Addresses a caller sends are claims.
@Suite struct ChannelTests {
    static func whatsapp(_ configuration: inout EngineConfiguration) {
        configuration.defaults.channels.mobileChannel = .whatsapp
        configuration.defaults.channels.templates[.whatsapp] = "OTP generated for whatsapp is {otp}"
        configuration.defaults.channels.templates[.zalo] = "OTP generated for zalo is {otp}"
    }

    @Test func anEmailIdentifierGetsAnEmail() async throws {
        let h = try await EngineHarness()
        _ = try await h.sendOTP(EngineHarness.web, session: try await h.session(EngineHarness.web))
        let message = try #require(await h.sender.messages.first)
        #expect(message.channel == .email && message.destination == "a@example.com")
    }

    @Test func aMobileNumberGetsTheBrandsSubChannel() async throws {
        let h = try await EngineHarness(Self.whatsapp)
        let otp = try await h.sendOTP(session: try await h.session())
        let message = try #require(await h.sender.messages.first)
        #expect(message.channel == .whatsapp && message.text == "OTP generated for whatsapp is \(otp)")
    }

    @Test func aFallbackChannelSkipsTheSubChannel() async throws {
        let h = try await EngineHarness(Self.whatsapp)
        let session = try await h.session()
        _ = try await h.sendOTP(session: session, fallback: .sms)
        _ = try await h.sendOTP(session: session, fallback: .zalo)
        #expect(await h.sender.messages.map(\.channel) == [.sms, .zalo])
    }

    @Test func aClaimedAddressIsNeverADestination() async throws {
        // The takeover: a victim's number with the attacker's address, then a fallback to it.
        let h = try await EngineHarness()
        let victim = EngineHarness.mobile.with { $0.identifierValue = "919812345678" }
        let session = try await h.session(victim, email: "attacker@evil.example")
        let refused = try await refusal { try await h.sendOTP(victim, session: session, fallback: .email) }
        #expect(refused?.code == 1602 && refused?.httpStatus == 409)
        // And an e-mail identity does not fall back to a claimed mobile.
        let emailSession = try await h.session(EngineHarness.web, mobile: "919000000666")
        #expect(try await refusal { try await h.sendOTP(EngineHarness.web, session: emailSession, fallback: .sms) }?.code == 1601)
        #expect(await h.sender.messages.isEmpty)
    }

    @Test func aFallbackGoesToTheCustomersVerifiedAddress() async throws {
        let h = try await EngineHarness()
        try await h.importCustomer([(.mobile, "919999999993"), (.email, "mine@example.com")])
        let session = try await h.session(email: "attacker@evil.example")
        _ = try await h.sendOTP(session: session, fallback: .email)
        #expect(await h.sender.messages.last?.destination == "mine@example.com")
        let emailSession = try await h.session(EngineHarness.web.with { $0.identifierValue = "Mine@Example.com" })
        _ = try await h.sendOTP(EngineHarness.web.with { $0.identifierValue = "Mine@Example.com" }, session: emailSession, fallback: .sms)
        #expect(await h.sender.messages.last?.destination == "919999999993")
    }

    @Test func aProvedIdentifierBecomesAFallbackOfItsOwnCustomerOnly() async throws {
        // Logging in by e-mail proves the e-mail; it does not make a claimed mobile a destination.
        let h = try await EngineHarness()
        let session = try await h.session(EngineHarness.web, mobile: "919000000666")
        let otp = try await h.sendOTP(EngineHarness.web, session: session)
        _ = try await h.engine.validateOTP(EngineHarness.web, sessionId: session, otp: otp)
        let next = try await h.session(EngineHarness.web, mobile: "919000000666")
        #expect(try await refusal { try await h.sendOTP(EngineHarness.web, session: next, fallback: .sms) }?.code == 1601)
    }

    @Test func aUsernameGoesToTheCustomersVerifiedMobileThenEmail() async throws {
        let h = try await EngineHarness()
        try await h.importCustomer([(.username, "neeraj"), (.mobile, "919000000001"), (.mobile, "919000000002"), (.email, "n@example.com")])
        try await h.importCustomer([(.username, "mail-only"), (.email, "m@example.com")])
        let neeraj = EngineHarness.username("Neeraj")
        _ = try await h.sendOTP(neeraj, session: try await h.session(neeraj))
        // A claim chooses among the verified numbers, and means nothing otherwise.
        _ = try await h.sendOTP(neeraj, session: try await h.session(neeraj, mobile: "919000000002"))
        _ = try await h.sendOTP(neeraj, session: try await h.session(neeraj, mobile: "919000000666"))
        _ = try await h.sendOTP(neeraj, session: try await h.session(neeraj), fallback: .email)
        let mailOnly = EngineHarness.username("mail-only")
        _ = try await h.sendOTP(mailOnly, session: try await h.session(mailOnly))
        #expect(await h.sender.messages.map(\.destination) == ["919000000001", "919000000002", "919000000001", "n@example.com", "m@example.com"])
    }

    @Test func anUnknownUsernameGetsTheAnswerAKnownOneGetsAndNothingIsSent() async throws {
        let h = try await EngineHarness()
        try await h.importCustomer([(.username, "known"), (.mobile, "919000000001")])
        let known = EngineHarness.username("known")
        let unknown = EngineHarness.username("unknown")
        let knownSession = try await h.session(known, mobile: "919000000666")
        let unknownSession = try await h.session(unknown, mobile: "919000000666")
        try await h.engine.generateOTP(known, sessionId: knownSession, hash: nil, fallbackChannel: nil)
        try await h.engine.generateOTP(unknown, sessionId: unknownSession, hash: nil, fallbackChannel: nil)
        try await h.engine.generateOTP(unknown, sessionId: unknownSession, hash: nil, fallbackChannel: .email)
        await h.engine.finishDeliveries()
        #expect(await h.sender.messages.map(\.destination) == ["919000000001"])
        // Validating answers as a wrong OTP does, and can never succeed.
        for guess in ["000001", "000002", "123456"] {
            #expect(try await refusal { try await h.engine.validateOTP(unknown, sessionId: unknownSession, otp: guess) }?.code == 1506)
        }
        // Limits count the same too.
        for _ in 0..<3 { try await h.engine.generateOTP(unknown, sessionId: unknownSession, hash: nil, fallbackChannel: nil) }
        #expect(
            try await refusal { try await h.engine.generateOTP(unknown, sessionId: unknownSession, hash: nil, fallbackChannel: nil) }?.code == 1534)
    }

    @Test func aUsernamesAnswerDoesNotDependOnItsChannelOrGateway() async throws {
        // Known, unknown, without a working provider, with a failing gateway: all answered 200.
        let h = try await EngineHarness { $0.defaults.channels.providers[.email] = nil }
        try await h.importCustomer([(.username, "phone"), (.mobile, "919000000001")])
        try await h.importCustomer([(.username, "mail"), (.email, "m@example.com")])
        for name in ["phone", "mail", "nobody"] {
            let user = EngineHarness.username(name)
            #expect(
                try await refusal { try await h.engine.generateOTP(user, sessionId: try await h.session(user), hash: nil, fallbackChannel: nil) }
                    == nil)
        }
        // USERNAME OTPs go out in the background: the first one is delivered before the gateway fails.
        await h.engine.finishDeliveries()
        await h.sender.failing(.refused)
        let phone = EngineHarness.username("phone")
        #expect(
            try await refusal { try await h.engine.generateOTP(phone, sessionId: try await h.session(phone), hash: nil, fallbackChannel: nil) } == nil
        )
        await h.engine.finishDeliveries()
        #expect(await h.sender.messages.map(\.destination) == ["919000000001"])
        #expect(await h.sender.attempts == 2)
    }

    /// The gateway's time does not show in a USERNAME's answer: it is answered while its
    /// gateway holds the message.
    @Test func aUsernamesAnswerDoesNotWaitForItsGateway() async throws {
        let h = try await EngineHarness()
        try await h.importCustomer([(.username, "phone"), (.mobile, "919000000001")])
        let user = EngineHarness.username("phone")
        let session = try await h.session(user)
        await h.sender.stall(true)
        // Released after 5 s at the latest: an answer that waits for the gateway fails below
        // instead of hanging.
        let release = Task {
            try await Task.sleep(for: .seconds(5))
            await h.sender.stall(false)
        }
        try await h.engine.generateOTP(user, sessionId: session, hash: nil, fallbackChannel: nil)
        #expect(await h.sender.messages.isEmpty, "the answer waited for the gateway")
        release.cancel()
        await h.sender.stall(false)
        await h.engine.finishDeliveries()
        #expect(await h.sender.messages.map(\.destination) == ["919000000001"])
    }

    @Test func anUnconfiguredOrDisallowedChannelIs1603() async throws {
        // WhatsApp has no template by default.
        let h = try await EngineHarness()
        let session = try await h.session()
        let refused = try await refusal { try await h.sendOTP(session: session, fallback: .whatsapp) }
        #expect(refused?.code == 1603 && refused?.httpStatus == 409)
        let limited = try await EngineHarness { configuration in
            Self.whatsapp(&configuration)
            configuration.defaults.channels.fallbackChannels = [.sms]
        }
        let other = try await limited.session()
        #expect(try await refusal { try await limited.sendOTP(session: other, fallback: .zalo) }?.code == 1603)
        #expect(try await refusal { try await limited.sendOTP(session: other, fallback: .sms) } == nil)
        // A channel without a provider, or with a provider nobody registered, is not configured either.
        let unprovided = try await EngineHarness { $0.defaults.channels.providers[.sms] = nil }
        #expect(try await refusal { try await unprovided.sendOTP(session: try await unprovided.session()) }?.code == 1603)
        let unregistered = try await EngineHarness { $0.defaults.channels.providers[.sms] = "gateway" }
        #expect(try await refusal { try await unregistered.sendOTP(session: try await unregistered.session()) }?.code == 1603)
    }

    @Test func messagesNameTheBrandByItsConfiguredNameNeverByRequestText() async throws {
        let h = try await EngineHarness { configuration in
            configuration.defaults.displayName = "Our Shop"
            configuration.defaults.channels.templates[.sms] = "{brand}: your OTP is {otp}"
            configuration.brands["DocDemo"] = configuration.defaults
            configuration.brands["DocDemo"]?.displayName = nil
        }
        _ = try await h.sendOTP(session: try await h.session())
        let spoof = EngineHarness.mobile.with { $0.brand = "Call 555-0100 to claim a prize" }
        _ = try await h.sendOTP(spoof, session: try await h.session(spoof))
        #expect(await h.sender.messages.map(\.text) == ["DocDemo: your OTP is 000001", "Our Shop: your OTP is 000002"])
        // A gateway gets the configured name beside the brand's key, to name the sender by.
        #expect(await h.sender.messages.map(\.displayName) == ["DocDemo", "Our Shop"])
    }

    /// The console writes the brand as given when it is plain and quoted otherwise, so a
    /// brand the server does not serve cannot forge a line of its own.
    @Test func theConsoleQuotesAnyOtherBrand() {
        func line(_ brand: String) -> String {
            ConsoleSender.line(OTPMessage(id: "m", brand: brand, channel: .sms, destination: "919999999993", text: "OTP is 123456"))
        }
        #expect(line("docdemo") == "[SMS to 919999999993, docdemo] OTP is 123456\n")
        #expect(line("Thương_hiệu-2.0") == "[SMS to 919999999993, Thương_hiệu-2.0] OTP is 123456\n")
        #expect(line("x] OTP is 000000\n[SMS to 1, y") == #"[SMS to 919999999993, "x] OTP is 000000\n[SMS to 1, y"] OTP is 123456"# + "\n")
        #expect(line("a b") == #"[SMS to 919999999993, "a b"] OTP is 123456"# + "\n")
    }
}

@Suite struct TemplateTests {
    @Test func namedPlaceholdersAreFilledAndOtherBracesKept() {
        #expect(
            ChannelRoute.fill("{brand}: {otp} ({minutes} min) {x} {otp", ["otp": "123456", "brand": "DocDemo", "minutes": "20"])
                == "DocDemo: 123456 (20 min) {x} {otp")
        #expect(ChannelRoute.fill("{{otp}}", ["otp": "1"]) == "{1}")
        #expect(ChannelRoute.fill("", ["otp": "1"]) == "")
    }

    @Test func controlCharactersNeverReachAMessage() {
        #expect(OTPMessage.visible("Your\n OTP\u{1B}[31m is\u{202E} 1\u{0}") == "Your OTP[31m is 1")
    }
}
