import Crypto
import Foundation

/// Seals the password a session holds (a registration or a reset) until its OTP is validated,
/// when it is hashed and becomes the customer's. Sealing is AES-GCM under a key derived from
/// the OTP key, bound to the session: it costs microseconds, so an unauthenticated caller cannot
/// make the server hash, and a copy of the database holds neither the password, nor its hash,
/// nor its length (the key is never in the database).
struct PasswordSeal: Sendable {
    private let key: SymmetricKey

    init(otpKey: SymmetricKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: otpKey, info: Data("auth-engine held passwords".utf8), outputByteCount: 32)
    }

    /// Bytes of password every seal has room for at least: a password of the API's 256
    /// characters, at four bytes each, fits one block, so a seal does not tell its length.
    static let block = 1024

    /// `password` sealed for `sessionId`, as base64 text: its length in two bytes, its UTF-8, and
    /// zeros to a whole number of blocks (at least one).
    func seal(_ password: String, sessionId: String) throws -> String {
        let bytes = Data(password.utf8)
        guard bytes.count <= Int(UInt16.max) else { throw CryptoKitError.incorrectParameterSize }
        let room = max(1, (bytes.count + Self.block - 1) / Self.block) * Self.block
        let padded = Data([UInt8(bytes.count >> 8), UInt8(bytes.count & 0xFF)]) + bytes + Data(count: room - bytes.count)
        let box = try AES.GCM.seal(padded, using: key, authenticating: Data(sessionId.utf8))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return combined.base64EncodedString()
    }

    /// The password sealed for `sessionId`; nil for anything else (another session's, altered, not a seal).
    func open(_ sealed: String, sessionId: String) -> String? {
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
            let padded = try? AES.GCM.open(box, using: key, authenticating: Data(sessionId.utf8)), padded.count >= 2
        else { return nil }
        let length = Int(padded[padded.startIndex]) << 8 | Int(padded[padded.startIndex + 1])
        guard padded.count >= 2 + length else { return nil }
        return String(data: padded.dropFirst(2).prefix(length), encoding: .utf8)
    }
}
