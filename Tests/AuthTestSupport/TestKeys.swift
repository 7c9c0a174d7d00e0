import AuthEngine
import Crypto

extension EngineConfiguration {
    /// A configuration with fresh server keys, as the server gives the engine from `secrets`
    /// or its key file, and scrypt at 2^10 so that a password hashes in a millisecond (the
    /// default parameters have a test of their own).
    public static func withTestKeys() -> EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.otpKey = SymmetricKey(size: .bits256)
        configuration.tokenKey = SymmetricKey(size: .bits256)
        configuration.passwordHashing = .forTests
        return configuration
    }
}

extension ScryptParameters {
    /// Cheap enough for a test to hash often.
    public static let forTests = ScryptParameters(logN: 10, r: 8, p: 1)
}
