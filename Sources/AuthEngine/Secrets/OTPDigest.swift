import Crypto
import Foundation

/// What the store keeps instead of an OTP: HMAC-SHA256 under the server's key of the session
/// id, a zero byte, and the OTP. The zero byte keeps ("S-1", "123456") and ("S-11", "23456")
/// apart when brands use different OTP lengths.
public struct OTPDigest: Hashable, Sendable {
    public let bytes: Data

    public init(bytes: Data) {
        self.bytes = bytes
    }

    public init(otp: String, sessionId: String, key: SymmetricKey) {
        bytes = Data(HMAC<SHA256>.authenticationCode(for: Self.message(otp: otp, sessionId: sessionId), using: key))
    }

    /// Whether `otp` is the OTP this digest was made from, compared in constant time.
    public func matches(otp: String, sessionId: String, key: SymmetricKey) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Self.message(otp: otp, sessionId: sessionId), using: key)
    }

    private static func message(otp: String, sessionId: String) -> Data {
        var message = Data(sessionId.utf8)
        message.append(0)
        message.append(contentsOf: otp.utf8)
        return message
    }
}
