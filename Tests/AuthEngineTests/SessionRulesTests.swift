import AuthAPI
import AuthTestSupport
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
        let refused = try await refusal { try await h.sendOTP(session: "P-unknown") }
        #expect(refused?.code == 1505 && refused?.httpStatus == 401)
    }

    @Test func eachMismatchWithTheSessionHasItsCodeAndStatus() async throws {
        let h = try await EngineHarness()
        let mobile = try await h.session()
        let web = try await h.session(EngineHarness.web)
        let cases: [(Identity, String, Int32, Int)] = [
            (EngineHarness.mobile.with { $0.brand = "Other" }, mobile, 1509, 403),
            (EngineHarness.mobile.with { $0.deviceId = "device-2" }, mobile, 1508, 403),
            (
                EngineHarness.mobile.with {
                    $0.deviceId = nil; $0.platform = .web
                }, mobile, 1508, 403
            ),
            (EngineHarness.mobile.with { $0.identifierValue = "919999999994" }, mobile, 1507, 403),
            (EngineHarness.web.with { $0.identifierValue = "b@example.com" }, web, 1541, 403),
            (EngineHarness.web.with { $0.identifierType = .username }, web, 1546, 409),
        ]
        for (identity, session, code, status) in cases {
            for call in [
                { try await h.engine.generateOTP(identity, sessionId: session, hash: nil, fallbackChannel: nil) },
                { _ = try await h.engine.validateOTP(identity, sessionId: session, otp: "000000") },
            ] as [() async throws -> Void] {
                let refused = try await refusal(call)
                #expect(refused?.code == code && refused?.httpStatus == status, "\(identity)")
            }
        }
        #expect(await h.sender.messages.isEmpty)
    }

    @Test func onlyConfiguredBrandsWhenTheConfigurationListsThem() async throws {
        let h = try await EngineHarness { configuration in
            configuration.acceptsAnyBrand = false
            configuration.brands["DocDemo"] = configuration.defaults
        }
        #expect(try await refusal { try await h.session() } == nil)
        #expect(try await refusal { try await h.session(EngineHarness.mobile.with { $0.brand = "DOCDEMO " }) } == nil)
        let unknown = try await refusal { try await h.session(EngineHarness.mobile.with { $0.brand = "Unknown" }) }
        #expect(unknown?.code == 1504 && unknown?.httpStatus == 403)
    }

    @Test func theSessionTokenIsAViewTokenOfTheCanonicalIdentity() async throws {
        let h = try await EngineHarness()
        let issued = try await h.engine.createSession(
            EngineHarness.mobile.with {
                $0.identifierValue = "+91 99999-99993"; $0.brand = " DOCDEMO"
            })
        #expect(issued.sessionId.hasPrefix("P-"))
        let claims = try #require(await h.engine.tokens.open(issued.token, as: .view))
        #expect(claims.org == "docdemo" && claims.dev == "device-1" && claims.sub.value == "MOBILE|919999999993")
        #expect(claims.exp?.value == h.clock.now + 15 * 60)
        #expect(claims.aud.value == ["session"] && claims.uid == nil)
        // Another spelling of the same identity uses the session.
        #expect(try await refusal { try await h.sendOTP(session: issued.sessionId) } == nil)
    }

    @Test func whatCannotBeReadIsRefusedNamingTheField() async throws {
        let h = try await EngineHarness()
        let cases: [(Identity, String)] = [
            (EngineHarness.mobile.with { $0.identifierValue = "919999999993\n" }, "/identifierValue"),
            (EngineHarness.mobile.with { $0.identifierValue = "call me" }, "/identifierValue"),
            (EngineHarness.web.with { $0.identifierValue = "not-an-address" }, "/identifierValue"),
            (EngineHarness.mobile.with { $0.brand = "Doc\u{200B}Demo" }, "/brand"),
            (EngineHarness.mobile.with { $0.deviceId = "device\u{0}1" }, "/deviceId"),
        ]
        for (identity, pointer) in cases {
            let refused = try await refusal { try await h.session(identity) }
            #expect(refused?.code == 1519 && refused?.httpStatus == 422 && refused?.issues.map(\.pointer) == [pointer], "\(identity)")
        }
        let claim = try await refusal { try await h.session(EngineHarness.username("neeraj"), mobile: "12") }
        #expect(claim?.issues.map(\.pointer) == ["/mobile"])
        let email = try await refusal { try await h.session(EngineHarness.username("neeraj"), email: "x") }
        #expect(email?.issues.map(\.pointer) == ["/email"])
    }
}
