import AuthAPI
import Foundation
import Testing
@testable import AuthEngine

/// token/generate and the checks every later call makes against its session.
@Suite struct SessionRulesTests {
    @Test func aSessionLivesForTheBrandsSessionLifetime() async throws {
        let h = try await EngineHarness()
        let session = try await h.session()
        h.clock.advance(by: 15 * 60 - 1)
        #expect(try await refusal { try await h.sendOTP(session: session) } == nil)
        h.clock.advance(by: 1)
        #expect(try await refusal { try await h.sendOTP(session: session) }?.code == 1505)
    }

    @Test func anUnknownSessionIs1505() async throws {
        let h = try await EngineHarness()
        #expect(try await refusal { try await h.sendOTP(session: "P-unknown") }?.code == 1505)
    }

    @Test func eachMismatchWithTheSessionHasItsCode() async throws {
        let h = try await EngineHarness()
        let mobile = try await h.session()
        let web = try await h.session(EngineHarness.web)
        let cases: [(Identity, String, Int32)] = [
            (EngineHarness.mobile.with { $0.brand = "Other" }, mobile, 1509),
            (EngineHarness.mobile.with { $0.deviceId = "device-2" }, mobile, 1508),
            (EngineHarness.mobile.with { $0.deviceId = nil; $0.platform = .web }, mobile, 1508),
            (EngineHarness.mobile.with { $0.identifierValue = "919999999994" }, mobile, 1507),
            (EngineHarness.web.with { $0.identifierValue = "b@example.com" }, web, 1541),
            (EngineHarness.web.with { $0.identifierType = "USERNAME" }, web, 1546),
        ]
        for (identity, session, code) in cases {
            #expect(try await refusal { try await h.engine.generateOTP(identity, sessionId: session, hash: nil, fallbackChannel: nil) }?.code == code)
            #expect(try await refusal { try await h.engine.validateOTP(identity, sessionId: session, otp: "000000") }?.code == code)
        }
    }

    @Test func checksRunInTheAPIsOrder() async throws {
        // Brand, device and identifier all differ: the brand is reported first, then the device.
        let h = try await EngineHarness()
        let session = try await h.session()
        let wrong = EngineHarness.mobile.with { $0.brand = "Other"; $0.deviceId = "d"; $0.identifierValue = "1" }
        #expect(try await refusal { try await h.engine.generateOTP(wrong, sessionId: session, hash: nil, fallbackChannel: nil) }?.code == 1509)
        let sameBrand = wrong.with { $0.brand = "DocDemo" }
        #expect(try await refusal { try await h.engine.generateOTP(sameBrand, sessionId: session, hash: nil, fallbackChannel: nil) }?.code == 1508)
    }

    @Test func onlyConfiguredBrandsWhenTheConfigurationListsThem() async throws {
        let h = try await EngineHarness { configuration in
            configuration.acceptsAnyBrand = false
            configuration.brands["DocDemo"] = configuration.defaults
        }
        #expect(try await refusal { try await h.session() } == nil)
        #expect(try await refusal { try await h.session(EngineHarness.mobile.with { $0.brand = "Unknown" }) }?.code == 1504)
    }

    @Test func theSessionTokenIsAViewTokenThatExpiresWithTheSession() async throws {
        let h = try await EngineHarness()
        let issued = try await h.engine.createSession(EngineHarness.mobile)
        #expect(issued.sessionId.hasPrefix("P-"))
        let claims = try #require(await h.engine.tokens.open(issued.token))
        #expect(claims.rol == .view)
        #expect(claims.org == "DocDemo" && claims.dev == "device-1" && claims.sub.value == "MOBILE|919999999993")
        #expect(claims.exp?.value == h.clock.now + 15 * 60)
    }
}
