import AuthAPI
import CryptoExtras
import Foundation

/// An otp/generate request whose fields a payload `hash` can seal.
public protocol PayloadHashable {
    /// The digest of the request's fields that its `hash` seals.
    var payloadDigest: String { get }
    /// The sealed `hash` the request carries; ``hashed(with:at:)`` sets it.
    var hash: String? { get set }
}

extension PayloadHashable {
    /// This request with `hash` set, sealed at `date` with the brand's public key.
    public func hashed(with publicKey: _RSA.Encryption.PublicKey, at date: Date = Date()) throws -> Self {
        var copy = self
        copy.hash = try PayloadHash.make(digest: payloadDigest, publicKey: publicKey, at: date)
        return copy
    }
}

extension OtpGenerateRequest: PayloadHashable {
    /// The digest of identifierType, identifierValue, deviceId (empty when none), brand and sessionId.
    public var payloadDigest: String {
        PayloadHash.digest(
            identifierType: identifierType.rawValue, identifierValue: identifierValue, deviceId: deviceId, brand: brand, sessionId: sessionId)
    }
}

extension WebOtpGenerateRequest: PayloadHashable {
    /// The deviceId is empty in the digest when the web request has none.
    public var payloadDigest: String {
        PayloadHash.digest(
            identifierType: identifierType.rawValue, identifierValue: identifierValue, deviceId: deviceId, brand: brand, sessionId: sessionId)
    }
}
