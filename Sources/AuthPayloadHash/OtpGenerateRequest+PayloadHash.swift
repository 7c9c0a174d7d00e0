import AuthAPI
import CryptoExtras
import Foundation

extension OtpGenerateRequest {
    /// The digest of this request's fields that its `hash` seals.
    public var payloadDigest: String {
        PayloadHash.digest(
            identifierType: identifierType.rawValue, identifierValue: identifierValue, deviceId: deviceId, brand: brand, sessionId: sessionId)
    }

    /// This request with `hash` set, sealed at `date` with the brand's public key.
    public func hashed(with publicKey: _RSA.Encryption.PublicKey, at date: Date = Date()) throws -> Self {
        var copy = self
        copy.hash = try PayloadHash.make(digest: payloadDigest, publicKey: publicKey, at: date)
        return copy
    }
}

extension WebOtpGenerateRequest {
    /// The digest of this request's fields that its `hash` seals (deviceId empty when absent).
    public var payloadDigest: String {
        PayloadHash.digest(
            identifierType: identifierType.rawValue, identifierValue: identifierValue, deviceId: deviceId, brand: brand, sessionId: sessionId)
    }

    /// This request with `hash` set, sealed at `date` with the brand's public key.
    public func hashed(with publicKey: _RSA.Encryption.PublicKey, at date: Date = Date()) throws -> Self {
        var copy = self
        copy.hash = try PayloadHash.make(digest: payloadDigest, publicKey: publicKey, at: date)
        return copy
    }
}
