import Foundation
import JWTKit

/// The claims of every token the engine signs (HS256). Each role has its own `aud` claim and
/// `typ` header, so no role's token passes for another's: VIEW for the session token of
/// token/generate, USER for access tokens, AUTH for the mobile regeneration key.
struct TokenClaims: JWTPayload, Equatable {
    enum Role: String, Codable, Sendable, CaseIterable {
        case view = "VIEW", user = "USER", auth = "AUTH"

        var audience: String {
            switch self {
            case .view: "session"
            case .user: "access"
            case .auth: "regeneration"
            }
        }

        /// The `typ` header (RFC 8725 §3.11: explicit typing).
        var type: String {
            switch self {
            case .view: "session+jwt"
            case .user: "at+jwt"
            case .auth: "regeneration+jwt"
            }
        }
    }

    var iss: IssuerClaim
    /// `<identifierType>|<identifierValue>`, canonical.
    var sub: SubjectClaim
    var aud: AudienceClaim
    /// The brand, canonical.
    var org: String
    /// The device of a mobile session; nil on web.
    var dev: String?
    var rol: Role
    /// The customer, once it logged in (USER and AUTH).
    var uid: String?
    /// The family of regeneration keys the token belongs to: the login it came from.
    var fam: String?
    /// True for the USER token and AUTH key of a login that passed a second factor; absent otherwise.
    var mfa: Bool?
    /// How the login was proved (RFC 8176): `otp`, `pwd`, and `mfa` once a second, different
    /// factor was passed. Absent from VIEW tokens, which prove nothing.
    var amr: [String]?
    var iat: IssuedAtClaim
    /// Nil for a regeneration key without expiry.
    var exp: ExpirationClaim?
    var jti: IDClaim

    /// Signature checks only: the engine judges expiry itself, to tell 1529 from 1525.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    /// The `amr` of a token this signer made; empty for one made before tokens carried it.
    var methods: [AuthMethod] { (amr ?? []).compactMap(AuthMethod.init(rawValue:)) }

    /// The identifier `sub` names.
    var identifier: CustomerIdentifier? {
        let parts = sub.value.split(separator: "|", maxSplits: 1)
        return parts.count == 2 ? CustomerIdentifier(type: String(parts[0]), value: String(parts[1])) : nil
    }

    static func subject(_ identifier: CustomerIdentifier) -> String {
        "\(identifier.type)|\(identifier.value)"
    }
}

/// How a login was proved, as the `amr` claim lists it (RFC 8176 §2).
public enum AuthMethod: String, Hashable, Sendable, Comparable {
    /// A one-time password sent to an address of the customer.
    case otp
    /// The customer's password.
    case pwd
    /// A second factor, different from the first, was passed too.
    case mfa

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The methods of a login that added `second` to a first factor's `first`.
    static func completing(_ first: [AuthMethod], with second: AuthMethod) -> [AuthMethod] {
        Array(Set(first + [second, .mfa])).sorted()
    }
}
