import AuthEngine
import Crypto

extension EngineConfiguration {
    /// A configuration with fresh server keys, as the server gives the engine from `secrets`
    /// or its key file.
    public static func withTestKeys() -> EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.otpKey = SymmetricKey(size: .bits256)
        configuration.tokenKey = SymmetricKey(size: .bits256)
        return configuration
    }
}
