import AuthAPI
import AuthTestSupport
import Crypto
import Foundation
import JWTKit
import Testing

@testable import AuthEngine

/// token/regenerate and token/expire: keys stored as digests, rotated on every use, revoked
/// with their login when reused or expired, and no role's token passing for another's.
@Suite struct KeyTests {
    @Test func eachRegenerationReturnsTheNextKeyAndRetiresTheOld() async throws {
        let h = try await EngineHarness()
        let first = try #require(try await h.login().key)
        h.clock.advance(by: 30 * 24 * 3600)
        let regenerated = try await h.engine.regenerate(EngineHarness.mobile, key: first)
        #expect(await h.engine.tokens.open(regenerated.token, as: .user)?.exp?.value == h.clock.now + 15 * 60)
        let second = try #require(regenerated.key)
        #expect(second != first)
        let third = try #require(try await h.engine.regenerate(EngineHarness.mobile, key: second).key)
        #expect(third != second)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: third) } == nil)
        // Retired: the key it replaced no longer regenerates.
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: second) }?.code == 1525)
    }

    @Test func aRetiredKeyUsedAgainRevokesItsWholeLogin() async throws {
        // RFC 9700's reuse detection: a thief and the app both hold the first key; whoever uses
        // it second revokes the family, so the other one's key stops too.
        let h = try await EngineHarness()
        let stolen = try #require(try await h.login().key)
        let thiefsNext = try #require(try await h.engine.regenerate(EngineHarness.mobile, key: stolen).key)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: stolen) }?.code == 1525)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: thiefsNext) }?.code == 1525)
        // Another login of the same customer is untouched.
        let other = try #require(try await h.login().key)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: other) } == nil)
    }

    @Test func keysExpireUnusedWhenTheBrandSaysSo() async throws {
        let h = try await EngineHarness { $0.defaults.keyExpiry = .seconds(3600) }
        let key = try #require(try await h.login().key)
        #expect(await h.engine.tokens.open(key, as: .auth)?.exp?.value == h.clock.now + 3600)
        h.clock.advance(by: 3599)
        let next = try #require(try await h.engine.regenerate(EngineHarness.mobile, key: key).key)
        h.clock.advance(by: 3600)
        let expired = try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: next) }
        #expect(expired?.code == 1529 && expired?.httpStatus == 401)
    }

    /// Attack: mobile keys never expired by default, so a key taken once regenerated for ever.
    /// A mobile login renews for 90 days from its start, however often its keys are used.
    @Test func aMobileLoginEndsAfterItsLifetimeByDefault() async throws {
        let h = try await EngineHarness()
        var key = try #require(try await h.login().key)
        for _ in 0..<3 {
            h.clock.advance(by: 29 * 86_400)
            key = try #require(try await h.engine.regenerate(EngineHarness.mobile, key: key).key)
        }
        h.clock.advance(by: 3 * 86_400)
        let ended = try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: key) }
        #expect(ended?.code == 1529 && ended?.httpStatus == 401)
    }

    @Test func aKeyWorksOnlyForItsIdentifierBrandAndDevice() async throws {
        let h = try await EngineHarness()
        let tokens = try await h.login()
        let key = try #require(tokens.key)
        for identity in [
            EngineHarness.mobile.with { $0.deviceId = "device-2" }, EngineHarness.mobile.with { $0.brand = "Other" },
            EngineHarness.mobile.with { $0.identifierValue = "919999999994" },
        ] {
            #expect(try await refusal { try await h.engine.regenerate(identity, key: key) }?.code == 1525)
        }
        // The same identifier in another spelling is the same identity.
        #expect(
            try await refusal { try await h.engine.regenerate(EngineHarness.mobile.with { $0.identifierValue = "+91 9999999993" }, key: key) } == nil)
    }

    @Test func noRolesTokenPassesForAnothers() async throws {
        let h = try await EngineHarness()
        let view = try await h.engine.createSession(EngineHarness.mobile).token
        let mobile = try await h.login()
        let web = try await h.login(EngineHarness.web)
        // A session token or an access token is not a key; a key is not a web token.
        for token in [view, mobile.token, "not.a.jwt"] {
            #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: token) }?.code == 1525)
        }
        let webView = try await h.engine.createSession(EngineHarness.web).token
        for token in [webView, try #require(mobile.key)] {
            #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: token) }?.code == 1525)
        }
        // Each role has its own audience and type: the signature alone does not make a key.
        #expect(await h.engine.tokens.open(mobile.token, as: .auth) == nil)
        #expect(await h.engine.tokens.open(try #require(mobile.key), as: .user) == nil)
        #expect(await h.engine.tokens.open(view, as: .user) == nil)
        #expect(await h.engine.tokens.open(web.token, as: .user) != nil)
    }

    /// RFC 8725's explicit typing: each role's header names it, and a token with the right key,
    /// claims and audience but another role's `typ` opens as nothing.
    @Test func theTypHeaderIsChecked() async throws {
        let key = SymmetricKey(size: .bits256)
        let signer = await TokenSigner(key: key, issuer: "auth-engine")
        let subject = TokenSigner.Subject(identifier: .init(type: "MOBILE", value: "919999999991"), brand: "docdemo", customerId: "c1")
        for role in TokenClaims.Role.allCases {
            let token = try await signer.sign(role, for: subject, methods: [.otp], issuedAt: Date(), expiresAt: Date() + 60).token
            let header = try #require(Data(base64Encoded: Self.padded(String(token.prefix { $0 != "." }))))
            #expect(try JSONSerialization.jsonObject(with: header) as? [String: String] == ["alg": "HS256", "typ": role.type])
            #expect(await signer.open(token, as: role) != nil)
            // The same claims under the same key, typed as another role (or not typed).
            let claims = try #require(await signer.open(token, as: role))
            let keys = JWTKeyCollection()
            await keys.add(hmac: HMACKey(key: key), digestAlgorithm: .sha256)
            for type in TokenClaims.Role.allCases.map(\.type).filter({ $0 != role.type }) + ["JWT", ""] {
                var header = JWTHeader()
                if !type.isEmpty { header.typ = type }
                let retyped = try await keys.sign(claims, header: header)
                #expect(await signer.open(retyped, as: role) == nil, "typ \(type) passed as \(role)")
            }
        }
    }

    static func padded(_ base64URL: String) -> String {
        let base64 = base64URL.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        return base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)
    }

    @Test func aWebTokenRenewsOnceWithinItsWindow() async throws {
        let h = try await EngineHarness { $0.defaults.tokenRenewalWindow = .seconds(3600) }
        let token = try await h.login(EngineHarness.web).token
        h.clock.advance(by: 15 * 60 + 3599)
        let renewed = try await h.engine.regenerate(EngineHarness.web, expiredToken: token).token
        h.clock.advance(by: 15 * 60 + 3600)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: renewed) }?.code == 1529)
    }

    @Test func aWebLoginCannotRenewItselfForever() async throws {
        let h = try await EngineHarness { $0.defaults.webLoginLifetime = .seconds(3600) }
        var token = try await h.login(EngineHarness.web).token
        for _ in 0..<3 {
            h.clock.advance(by: 15 * 60)
            token = try await h.engine.regenerate(EngineHarness.web, expiredToken: token).token
        }
        h.clock.advance(by: 15 * 60)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: token) }?.code == 1529)
    }

    @Test func aRenewedWebTokenUsedAgainRevokesTheLogin() async throws {
        let h = try await EngineHarness()
        let token = try await h.login(EngineHarness.web).token
        let renewed = try await h.engine.regenerate(EngineHarness.web, expiredToken: token).token
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: token) }?.code == 1525)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: renewed) }?.code == 1525)
    }

    @Test func expiringAKeyRevokesItsLogin() async throws {
        let h = try await EngineHarness()
        let key = try #require(try await h.login().key)
        let next = try #require(try await h.engine.regenerate(EngineHarness.mobile, key: key).key)
        // Only a live key expires its login: a retired one, a stranger's or a session token do not.
        for token in [key, try await h.engine.createSession(EngineHarness.mobile).token, "x"] {
            let refused = try await refusal { try await h.engine.expire(EngineHarness.mobile, token: token) }
            #expect(refused?.code == 1531 && refused?.httpStatus == 401)
        }
        #expect(try await refusal { try await h.engine.expire(EngineHarness.mobile.with { $0.deviceId = "device-2" }, token: next) }?.code == 1531)
        try await h.engine.expire(EngineHarness.mobile, token: next)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: next) }?.code == 1525)
        #expect(try await refusal { try await h.engine.expire(EngineHarness.mobile, token: next) }?.code == 1531)
    }

    @Test func expiringAWebTokenRevokesItsLogin() async throws {
        let h = try await EngineHarness()
        let token = try await h.login(EngineHarness.web).token
        try await h.engine.expire(EngineHarness.web, token: token)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: token) }?.code == 1525)
    }

    @Test func aTokenFromAnotherServerKeyIsRefused() async throws {
        let h = try await EngineHarness()
        let other = try await EngineHarness()
        let key = try #require(try await other.login().key)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: key) }?.code == 1525)
    }
}
