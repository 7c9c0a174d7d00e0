import AuthAPI
import AuthPayloadHash
import CryptoExtras
import Foundation
import Testing

@Suite struct PayloadHashTests {
    let key: _RSA.Encryption.PrivateKey

    init() throws {
        key = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
    }

    let sealedAt = Date(timeIntervalSince1970: 1_800_000_000)
    let request = OtpGenerateRequest(
        identifierType: .mobile, identifierValue: "9940000000", deviceId: "device-1", brand: "STANDARDAPP", sessionId: "S-1")

    @Test func digestIsTheHexSHA256OfTheJoinedFields() {
        // printf 'MOBILE|9940000000|device-1|STANDARDAPP|S-1' | sha256sum
        #expect(request.payloadDigest == "281b9aeb3db33f754ddb257158b7ae3d1b5714750b5bf03a4923d0cb9b64cb4f")
        #expect(
            request.payloadDigest
                == PayloadHash.digest(
                    identifierType: "MOBILE", identifierValue: "9940000000", deviceId: "device-1", brand: "STANDARDAPP", sessionId: "S-1"))
        let web = WebOtpGenerateRequest(identifierType: .mobile, identifierValue: "9940000000", brand: "STANDARDAPP", sessionId: "S-1")
        #expect(
            web.payloadDigest
                == PayloadHash.digest(identifierType: "MOBILE", identifierValue: "9940000000", deviceId: "", brand: "STANDARDAPP", sessionId: "S-1"))
        #expect(web.payloadDigest != request.payloadDigest)
    }

    @Test func aFreshHashVerifies() throws {
        let hashed = try request.hashed(with: key.publicKey, at: sealedAt)
        let hash = try #require(hashed.hash)
        #expect(
            PayloadHash.verify(hash, digest: request.payloadDigest, privateKey: key, now: sealedAt.addingTimeInterval(119))
                == .valid(sealedAt: 1_800_000_000))
        // The hashed request still passes the spec's checks (hash is at most 2048 characters).
        #expect(try hashed.validationIssues().isEmpty)
    }

    @Test func anOldOrFutureHashHasExpired() throws {
        let hash = try #require(try request.hashed(with: key.publicKey, at: sealedAt).hash)
        #expect(PayloadHash.verify(hash, digest: request.payloadDigest, privateKey: key, now: sealedAt.addingTimeInterval(121)) == .expired)
        #expect(
            PayloadHash.verify(hash, digest: request.payloadDigest, privateKey: key, now: sealedAt.addingTimeInterval(600), window: 900)
                == .valid(sealedAt: 1_800_000_000))
        #expect(PayloadHash.verify(hash, digest: request.payloadDigest, privateKey: key, now: sealedAt) == .valid(sealedAt: 1_800_000_000))
    }

    /// A hash sealed ahead of the server's clock could be made now and kept for later: the
    /// window lies before the clock only.
    @Test func aHashSealedAfterNowIsRefused() throws {
        let hash = try #require(try request.hashed(with: key.publicKey, at: sealedAt).hash)
        #expect(PayloadHash.verify(hash, digest: request.payloadDigest, privateKey: key, now: sealedAt.addingTimeInterval(-1)) == .expired)
        #expect(PayloadHash.verify(hash, digest: request.payloadDigest, privateKey: key, now: sealedAt.addingTimeInterval(-110)) == .expired)
    }

    @Test func aHashOverOtherFieldsIsAMismatch() throws {
        let hash = try #require(try request.hashed(with: key.publicKey, at: sealedAt).hash)
        var tampered = request
        tampered.identifierValue = "9940000001"
        #expect(PayloadHash.verify(hash, digest: tampered.payloadDigest, privateKey: key, now: sealedAt) == .mismatch)
    }

    @Test func garbageOrAnotherKeyIsUnreadable() throws {
        let hash = try #require(try request.hashed(with: key.publicKey, at: sealedAt).hash)
        let other = try _RSA.Encryption.PrivateKey(keySize: .bits2048)
        #expect(PayloadHash.verify(hash, digest: request.payloadDigest, privateKey: other, now: sealedAt) == .unreadable)
        #expect(PayloadHash.verify("not base64!", digest: request.payloadDigest, privateKey: key, now: sealedAt) == .unreadable)
        var flipped = try #require(Data(base64Encoded: hash))
        flipped[10] ^= 0xFF
        #expect(PayloadHash.verify(flipped.base64EncodedString(), digest: request.payloadDigest, privateKey: key, now: sealedAt) == .unreadable)
    }
}
