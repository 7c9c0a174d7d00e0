import AuthAPI
import AuthTestSupport
import Crypto
import Foundation
import Testing

@testable import AuthEngine
@testable import AuthStorage

/// What someone who copies the database gets: no OTP, no key, no token that works.
@Suite struct AtRestTests {
    @Test func theDatabaseFileHoldsNoOTPKeyOrToken() async throws {
        let h = try await EngineHarness { $0.defaults.otpLength = 10 }
        let session = try await h.session()
        let otp = try await h.sendOTP(session: session)
        let tokens = try await h.login()
        let webToken = try await h.login(EngineHarness.web).token
        let pending = try await h.sendOTP(session: try await h.session())
        try await h.store.close()

        var files = Data()
        for name in try FileManager.default.contentsOfDirectory(atPath: h.folder.path) where name.hasPrefix("auth.sqlite") {
            files.append(try Data(contentsOf: h.folder.appendingPathComponent(name)))
        }
        #expect(files.count > 10_000)
        let keys = [h.engine.configuration.otpKey, h.engine.configuration.tokenKey].compactMap { $0?.withUnsafeBytes { Data($0) } }
        var secrets: [(String, Data)] = [("OTP", Data(otp.utf8)), ("pending OTP", Data(pending.utf8))]
        for token in [tokens.token, try #require(tokens.key), webToken] {
            // Any part of a token: its signature, or the whole.
            secrets.append(("token", Data(token.utf8)))
            secrets.append(("signature", Data(try #require(token.split(separator: ".").last).utf8)))
        }
        for key in keys {
            secrets.append(("key", key))
            secrets.append(("base64 key", Data(key.base64EncodedString().utf8)))
        }
        for (what, bytes) in secrets {
            #expect(files.range(of: bytes) == nil, "the database holds a \(what)")
        }
        // What it does hold of a key is its SHA-256.
        #expect(files.range(of: Data(TokenSigner.digest(try #require(tokens.key)).base64EncodedString().utf8)) != nil)
    }

    /// Read back from the rows: an OTP is kept as its HMAC-SHA256 under the server's OTP key
    /// (bound to its session), and the limits count under keys that name no address.
    @Test func aNewCustomersIdIsTheSameHMACInEveryRelease() async throws {
        // Ids and counter keys are stored: a change to how they are derived would orphan every
        // customer and reset every limit on upgrade. HMAC-SHA256, keyed by HKDF of the OTP key,
        // over the parts joined by NUL.
        let otpKey = SymmetricKey(data: Data(repeating: 7, count: 32))
        let h = try await EngineHarness { $0.otpKey = otpKey }
        let identity = try h.engine.canonical(EngineHarness.mobile)
        let directoryKey = HKDF<SHA256>.deriveKey(inputKeyMaterial: otpKey, info: Data("auth-engine directory".utf8), outputByteCount: 32)
        let message = Data([identity.brand, identity.identifier.type, identity.identifier.value].joined(separator: "\u{0}").utf8)
        let expected = HMAC<SHA256>.authenticationCode(for: message, using: directoryKey).map { String(format: "%02x", $0) }.joined()
        #expect(try await h.engine.customerId(for: identity) == "C-" + expected.prefix(32))
    }

    @Test func theRowsHoldTheOTPsHMACAndCountersThatNameNoAddress() async throws {
        let h = try await EngineHarness()
        let session = try await h.session(mobile: nil, email: nil)
        let otp = try await h.sendOTP(session: session)
        let mailSession = try await h.session(EngineHarness.web)
        _ = try await h.sendOTP(EngineHarness.web, session: mailSession)

        let rows = try await h.store.rows(SQLStatement("SELECT session_id, digest FROM otps"))
        let stored = try #require(rows.first { $0.optionalText("session_id") == session })
        let key = try #require(h.engine.configuration.otpKey)
        #expect(try stored.digest("digest") == OTPDigest(otp: otp, sessionId: session, key: key).bytes)
        #expect(try stored.digest("digest") != OTPDigest(otp: otp, sessionId: mailSession, key: key).bytes)
        #expect(try stored.text("digest").contains(otp) == false)

        let counters = try await h.store.rows(SQLStatement("SELECT key FROM counters")).compactMap { $0.optionalText("key") }
        #expect(counters.count >= 4, "a customer and a destination counter per login: \(counters)")
        for counter in counters {
            for address in ["919999999993", "9999999993", "a@example.com", "example.com"] {
                #expect(!counter.contains(address), "\(counter) names \(address)")
            }
        }
    }
}
