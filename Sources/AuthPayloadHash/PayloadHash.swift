import Crypto
import CryptoExtras
import Foundation

/// The payload `hash` a brand may require on otp/generate: proof that the request's fields
/// were sealed recently by a holder of the brand's public key.
///
/// The client encrypts `"<unix seconds>|<hex SHA-256 of identifierType|identifierValue|deviceId|brand|sessionId>"`
/// with the brand's RSA public key (OAEP, SHA-256) and sends it base64-encoded. The server
/// decrypts it with the private key and accepts it when the digest matches the request and the
/// timestamp lies within the window (120 s by default) before its own clock: never after it, so
/// a hash sealed ahead of time cannot be kept for later.
public enum PayloadHash {
    /// What the server concluded about a hash.
    public enum Verdict: Equatable, Sendable {
        /// Sealed over this request, `sealedAt` Unix seconds ago within the window.
        case valid(sealedAt: Int64)
        /// Not base64, not decryptable with this key, or not `<seconds>|<digest>`.
        case unreadable
        /// Sealed longer ago than the window allows, or later than now.
        case expired
        /// Sealed over other field values than this request's.
        case mismatch
    }

    /// The hex SHA-256 of the fields joined by `|`; the web path has no deviceId (empty).
    public static func digest(identifierType: String, identifierValue: String, deviceId: String?, brand: String, sessionId: String) -> String {
        let joined = [identifierType, identifierValue, deviceId ?? "", brand, sessionId].joined(separator: "|")
        return hexadecimal(SHA256.hash(data: Data(joined.utf8)))
    }

    /// Seals a digest at `date` with the brand's public key: the value of `hash`.
    public static func make(digest: String, publicKey: _RSA.Encryption.PublicKey, at date: Date = Date()) throws -> String {
        let plaintext = "\(Int(date.timeIntervalSince1970))|\(digest)"
        return try publicKey.encrypt(Data(plaintext.utf8), padding: .PKCS1_OAEP_SHA256).base64EncodedString()
    }

    /// Opens a hash with the brand's private key and checks it against the request's digest.
    public static func verify(
        _ hash: String, digest: String, privateKey: _RSA.Encryption.PrivateKey, now: Date, window: TimeInterval = 120
    ) -> Verdict {
        guard let sealed = Data(base64Encoded: hash),
            let plaintext = try? privateKey.decrypt(sealed, padding: .PKCS1_OAEP_SHA256),
            let text = String(data: plaintext, encoding: .utf8)
        else { return .unreadable }
        let parts = text.split(separator: "|", maxSplits: 1)
        guard parts.count == 2, let seconds = Int64(parts[0]) else { return .unreadable }
        let age = now.timeIntervalSince1970.rounded(.down) - TimeInterval(seconds)
        guard age >= 0, age <= window else { return .expired }
        // Constant-time comparison: the digest is not secret, but nothing is learnt from timing.
        let expected = Array(digest.utf8)
        let given = Array(parts[1].utf8)
        guard expected.count == given.count else { return .mismatch }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0 ? .valid(sealedAt: seconds) : .mismatch
    }
}

/// Bytes as lower-case hexadecimal, for the digests this package and the engine name things by
/// (`String(format:)` per byte was a tenth of otp/generate's time).
package func hexadecimal(_ bytes: some Sequence<UInt8>) -> String {
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in bytes {
        text.append(hexadecimalDigits[Int(byte >> 4)])
        text.append(hexadecimalDigits[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
}

private let hexadecimalDigits = Array("0123456789abcdef".utf8)
