import Crypto
import Foundation
import JWTKit

/// Signs and opens the engine's tokens with one HMAC key (HS256), the key every server
/// instance shares through the store.
struct TokenSigner: Sendable {
    private let keys: JWTKeyCollection
    let issuer: String

    init(key: SymmetricKey, issuer: String) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: key), digestAlgorithm: .sha256)
        self.issuer = issuer
    }

    func sign(
        role: TokenClaims.Role, identifierType: String, identifierValue: String, brand: String, deviceId: String?,
        issuedAt: Date, expiresAt: Date?
    ) async throws -> String {
        // NumericDate claims in whole seconds, as RFC 7519 readers expect.
        let issuedAt = issuedAt.wholeSeconds
        let expiresAt = expiresAt?.wholeSeconds
        let claims = TokenClaims(
            iss: IssuerClaim(value: issuer), sub: SubjectClaim(value: TokenClaims.subject(identifierType, identifierValue)),
            org: brand, dev: deviceId, rol: role, iat: IssuedAtClaim(value: issuedAt),
            exp: expiresAt.map { ExpirationClaim(value: $0) }, jti: IDClaim(value: UUID().uuidString.lowercased()))
        return try await keys.sign(claims)
    }

    /// The claims of a token this signer made, or nil for anything else (bad signature,
    /// another issuer, not a JWT).
    func open(_ token: String) async -> TokenClaims? {
        guard let claims = try? await keys.verify(token, as: TokenClaims.self), claims.iss.value == issuer else { return nil }
        return claims
    }
}

extension Date {
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
