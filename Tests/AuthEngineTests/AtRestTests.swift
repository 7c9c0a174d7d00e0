import AuthAPI
import AuthTestSupport
import Foundation
import Testing
@testable import AuthEngine

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
}
