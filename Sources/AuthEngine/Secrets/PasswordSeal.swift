import Crypto
import Foundation

/// Seals the password a session holds (a registration or a reset) until its OTP is validated,
/// when it is hashed and becomes the customer's. Sealing is AES-GCM under a key derived from
/// the OTP key, bound to the session: it costs microseconds, so an unauthenticated caller cannot
/// make the server hash, and a copy of the database holds neither the password nor its hash
/// (the key is never in the database).
struct PasswordSeal: Sendable {
    private let key: SymmetricKey

    init(otpKey: SymmetricKey) {
        key = HKDF<SHA256>.deriveKey(inputKeyMaterial: otpKey, info: Data("auth-engine held passwords".utf8), outputByteCount: 32)
    }

    /// `password` sealed for `sessionId`, as base64 text.
    func seal(_ password: String, sessionId: String) throws -> String {
        let box = try AES.GCM.seal(Data(password.utf8), using: key, authenticating: Data(sessionId.utf8))
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return combined.base64EncodedString()
    }

    /// The password sealed for `sessionId`; nil for anything else (another session's, altered, not a seal).
    func open(_ sealed: String, sessionId: String) -> String? {
        guard let data = Data(base64Encoded: sealed), let box = try? AES.GCM.SealedBox(combined: data),
            let plain = try? AES.GCM.open(box, using: key, authenticating: Data(sessionId.utf8))
        else { return nil }
        return String(data: plain, encoding: .utf8)
    }
}
