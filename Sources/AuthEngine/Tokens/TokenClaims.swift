import Foundation
import JWTKit

/// The claims of every token the engine signs (HS256). `rol` tells them apart: VIEW for the
/// session token of token/generate, USER for access tokens, AUTH for the mobile regeneration key.
struct TokenClaims: JWTPayload, Equatable {
    enum Role: String, Codable, Sendable {
        case view = "VIEW", user = "USER", auth = "AUTH"
    }

    var iss: IssuerClaim
    /// `<identifierType>|<identifierValue>`.
    var sub: SubjectClaim
    /// The brand, as the session was created with it.
    var org: String
    /// The device of a mobile session; nil on web.
    var dev: String?
    var rol: Role
    var iat: IssuedAtClaim
    /// Nil for the regeneration key, which does not expire.
    var exp: ExpirationClaim?
    var jti: IDClaim

    /// Signature checks only: the engine judges expiry itself, to tell 1529 from 1525.
    func verify(using algorithm: some JWTAlgorithm) async throws {}

    static func subject(_ identifierType: String, _ identifierValue: String) -> String {
        "\(identifierType)|\(identifierValue)"
    }
}
