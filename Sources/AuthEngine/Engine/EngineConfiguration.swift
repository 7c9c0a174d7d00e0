import Crypto
import Foundation

/// Everything the engine is configured with: the policy per brand and the server's secrets.
public struct EngineConfiguration: Sendable {
    /// The policy of brands not listed in `brands` (when `acceptsAnyBrand`).
    public var defaults = BrandPolicy()
    /// Policies by brand name; names are compared in their canonical form (`DocDemo`,
    /// `DOCDEMO` and ` docdemo` are one brand), and a listed brand without a `displayName`
    /// is named in messages by its key as written here.
    public var brands: [String: BrandPolicy] = [:]
    /// Whether a brand missing from `brands` is served with `defaults`; otherwise it gets 1504.
    public var acceptsAnyBrand = true
    /// The `iss` claim of every token.
    public var tokenIssuer = "auth-engine"
    /// How passwords are hashed from now on; hashes made before keep theirs until their
    /// customer next logs in.
    public var passwordHashing = ScryptParameters.owasp
    /// The key OTP digests (and the digests that key counters and new customers) are made
    /// with, and the key tokens are signed with: required, and shared by every instance.
    public var otpKey: SymmetricKey?
    public var tokenKey: SymmetricKey?

    public init() {}

    /// The brands by canonical name, each with its display name, and the name it was written
    /// with; problems for names that cannot be canonicalised or that two keys share.
    package func canonicalBrands() -> (brands: [String: (written: String, policy: BrandPolicy)], problems: [BrandPolicy.Invalid]) {
        var canonical: [String: (written: String, policy: BrandPolicy)] = [:]
        var problems: [BrandPolicy.Invalid] = []
        for (name, policy) in brands.sorted(by: { $0.key < $1.key }) {
            do {
                let key = try CanonicalForm.brand(name)
                if let other = canonical[key] {
                    problems.append(.init(key: "brands.\(name)", message: "is the same brand as \(other.written) (names are compared case-folded)"))
                    continue
                }
                var policy = policy
                if policy.displayName == nil { policy.displayName = name.trimmingCharacters(in: .whitespaces) }
                canonical[key] = (name, policy)
            } catch {
                problems.append(.init(key: "brands.\(name)", message: error.message))
            }
        }
        return (canonical, problems)
    }

    /// Every bad setting, each named by its key in the configuration file.
    public func problems() -> [BrandPolicy.Invalid] {
        var problems = defaults.problems().map { BrandPolicy.Invalid(key: "defaults.\($0.key)", message: $0.message) }
        if !passwordHashing.isAccepted {
            let accepted = ScryptParameters.accepted
            problems.append(
                .init(
                    key: "passwordHashing",
                    message:
                        "logN must be \(accepted.logN), r \(accepted.r) and p \(accepted.p), with 128·r·2^logN at most 1 GiB, is \(passwordHashing)"))
        }
        let (canonical, naming) = canonicalBrands()
        problems += naming
        for (written, policy) in canonical.values.sorted(by: { $0.written < $1.written }) {
            problems += policy.problems().map { BrandPolicy.Invalid(key: "brands.\(written).\($0.key)", message: $0.message) }
        }
        return problems
    }
}
