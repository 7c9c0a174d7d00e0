import AuthAPI
import Foundation
import Testing
@testable import AuthEngine

/// Which channel an OTP takes, its text, and `?fallbackChannel=`.
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

    @Test func aUsernameGoesToTheSessionsMobileThenItsEmail() async throws {
        let h = try await EngineHarness()
        let user = Identity(platform: .web, identifierType: "USERNAME", identifierValue: "neeraj", deviceId: nil, brand: "DocDemo")
        _ = try await h.sendOTP(user, session: try await h.session(user, mobile: "919000000001", email: "n@example.com"))
        _ = try await h.sendOTP(user, session: try await h.session(user, email: "n@example.com"))
        #expect(await h.sender.messages.map(\.destination) == ["919000000001", "n@example.com"])
        #expect(try await refusal { try await h.sendOTP(user, session: try await h.session(user)) }?.code == 1540)
    }

    @Test func aFallbackNeedsItsKindOfAddress() async throws {
        let h = try await EngineHarness()
        let web = try await h.session(EngineHarness.web)
        #expect(try await refusal { try await h.sendOTP(EngineHarness.web, session: web, fallback: .sms) }?.code == 1601)
        let mobile = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: mobile, fallback: .email) }?.code == 1602)
        // With the other address given at token/generate, the same fallbacks go through.
        let both = try await h.session(EngineHarness.web, mobile: "919000000001")
        #expect(try await refusal { try await h.sendOTP(EngineHarness.web, session: both, fallback: .sms) } == nil)
        #expect(await h.sender.messages.last?.destination == "919000000001")
    }

    @Test func anUnconfiguredOrDisallowedChannelIs1603() async throws {
        // WhatsApp has no template by default.
        let h = try await EngineHarness()
        let session = try await h.session()
        #expect(try await refusal { try await h.sendOTP(session: session, fallback: .whatsapp) }?.code == 1603)
        let limited = try await EngineHarness { configuration in
            Self.whatsapp(&configuration)
            configuration.defaults.channels.fallbackChannels = [.sms]
        }
        let other = try await limited.session()
        #expect(try await refusal { try await limited.sendOTP(session: other, fallback: .zalo) }?.code == 1603)
        #expect(try await refusal { try await limited.sendOTP(session: other, fallback: .sms) } == nil)
        // A provider name nobody registered is a misconfiguration too.
        let unregistered = try await EngineHarness { $0.defaults.channels.providers[.sms] = "gateway" }
        #expect(try await refusal { try await unregistered.sendOTP(session: try await unregistered.session()) }?.code == 1603)
    }
}

@Suite struct TemplateTests {
    @Test func namedPlaceholdersAreFilledAndOtherBracesKept() {
        #expect(ChannelRoute.fill("{brand}: {otp} ({minutes} min) {x} {otp", ["otp": "123456", "brand": "DocDemo", "minutes": "20"])
            == "DocDemo: 123456 (20 min) {x} {otp")
        #expect(ChannelRoute.fill("{{otp}}", ["otp": "1"]) == "{1}")
        #expect(ChannelRoute.fill("", ["otp": "1"]) == "")
    }
}
