import Crypto
import Foundation
import JWTKit

/// Signs and opens the engine's tokens with one HMAC key (HS256), the key every server
/// instance shares.
struct TokenSigner: Sendable {
    private let keys: JWTKeyCollection
    let issuer: String

    init(key: SymmetricKey, issuer: String) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(key: key), digestAlgorithm: .sha256)
        self.issuer = issuer
    }

    /// What a token is about.
    struct Subject: Sendable {
        var identifier: CustomerIdentifier
        var brand: String
        var deviceId: String?
        var customerId: String?
    }

    /// A signed token, its `jti` and its family.
    struct Signed: Sendable {
        var token: String
        var id: String
        var family: String?
    }

    /// A token of `role`; `methods` is how its login was proved (none for a VIEW token).
    func sign(
        _ role: TokenClaims.Role, for subject: Subject, family: String? = nil, methods: [AuthMethod] = [], issuedAt: Date, expiresAt: Date?
    ) async throws -> Signed {
        let id = RandomID.make()
        // NumericDate claims in whole seconds, as RFC 7519 readers expect.
        let claims = TokenClaims(
            iss: IssuerClaim(value: issuer), sub: SubjectClaim(value: TokenClaims.subject(subject.identifier)),
            aud: AudienceClaim(value: [role.audience]), org: subject.brand, dev: subject.deviceId, rol: role,
            uid: role == .view ? nil : subject.customerId, fam: family, mfa: methods.contains(.mfa) ? true : nil,
            amr: methods.isEmpty ? nil : methods.map(\.rawValue), iat: IssuedAtClaim(value: issuedAt.wholeSeconds),
            exp: expiresAt.map { ExpirationClaim(value: $0.wholeSeconds) }, jti: IDClaim(value: id))
        var header = JWTHeader()
        header.typ = role.type
        return Signed(token: try await keys.sign(claims, header: header), id: id, family: family)
    }

    /// The claims of a token of `role` this signer made, or nil for anything else (bad
    /// signature, another issuer, another role's `typ`, `aud` or `rol`, not a JWT).
    func open(_ token: String, as role: TokenClaims.Role) async -> TokenClaims? {
        guard let claims = try? await keys.verify(token, as: TokenClaims.self), claims.iss.value == issuer,
            claims.rol == role, claims.aud.value == [role.audience], Self.type(of: token) == role.type
        else { return nil }
        return claims
    }

    /// What the store keeps of a key: its SHA-256.
    static func digest(_ token: String) -> Data {
        Data(SHA256.hash(data: Data(token.utf8)))
    }

    /// The `typ` header of a token whose signature was checked.
    private static func type(of token: String) -> String? {
        guard let header = token.split(separator: ".", maxSplits: 1).first else { return nil }
        var base64 = header.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let fields = try? JSONDecoder().decode([String: JWTHeaderField].self, from: data), case .string(let type)? = fields["typ"]
        else { return nil }
        return type
    }
}

extension Date {
    var wholeSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
