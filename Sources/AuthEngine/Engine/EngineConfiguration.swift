import Crypto

/// Everything the engine is configured with: the policy per brand and the server's secrets.
public struct EngineConfiguration: Sendable {
    /// The policy of brands not listed in `brands` (when `acceptsAnyBrand`).
    public var defaults = BrandPolicy()
    public var brands: [String: BrandPolicy] = [:]
    /// Whether a brand missing from `brands` is served with `defaults`; otherwise it gets 1504.
    public var acceptsAnyBrand = true
    /// The `iss` claim of every token.
    public var tokenIssuer = "auth-engine"
    /// The key OTP digests are made with, and the key tokens are signed with. When nil, each
    /// is generated once and kept in the store, so restarts and other instances share it.
    public var otpKey: SymmetricKey?
    public var tokenKey: SymmetricKey?

    public init() {}

    func policy(for brand: String) throws(AuthFailure) -> BrandPolicy {
        if let policy = brands[brand] { return policy }
        guard acceptsAnyBrand else { throw .unsupportedBrand }
        return defaults
    }

    /// Every bad setting, each named by its key in the configuration file.
    public func problems() -> [BrandPolicy.Invalid] {
        var problems = defaults.problems().map { BrandPolicy.Invalid(key: "defaults.\($0.key)", message: $0.message) }
        for (brand, policy) in brands.sorted(by: { $0.key < $1.key }) {
            problems += policy.problems().map { BrandPolicy.Invalid(key: "brands.\(brand).\($0.key)", message: $0.message) }
        }
        return problems
    }
}
