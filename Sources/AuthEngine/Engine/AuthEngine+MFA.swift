import Foundation

/// Which factor an operation is for. A second factor (MFA) has sessions, tokens and keys of
/// its own: an MFA session is made only from a live first-factor USER token, its tokens and
/// keys carry `mfa: true` and `amr` with `mfa`, and no first-factor session, token or key
/// passes for an MFA one (nor the other way round). The second factor differs from the first:
/// not the password after a password, not an OTP to the address the first OTP went to. Its
/// tokens join the first factor's login, so one logout ends both. Limits, attempts, locks and
/// delivery are the first factor's, counted on the same customer.
public enum Factor: Sendable, Hashable {
    case first, second

    /// The audit operation of `operation` for this factor.
    func operation(_ operation: AuditEvent.Operation) -> AuditEvent.Operation {
        guard self == .second else { return operation }
        switch operation {
        case .tokenGenerate: return .mfaTokenGenerate
        case .otpGenerate: return .mfaOtpGenerate
        case .otpValidate: return .mfaOtpValidate
        case .passwordValidate: return .mfaPasswordValidate
        case .tokenRegenerate: return .mfaTokenRegenerate
        case .tokenExpire: return .mfaTokenExpire
        default: return operation
        }
    }
}

extension AuthEngine {
    // MARK: mfa/token/generate

    /// An MFA session for the holder of a live first-factor USER token: 1550 on a brand
    /// without MFA, 1525 for any other token (an MFA one included, or one whose login has
    /// ended), 1529 for an expired one, 1541 for an identifier that is neither the token's nor
    /// a verified address of its customer, 1518 for a locked account. The session remembers
    /// how the first factor was passed, and where its OTP went.
    public func createMFASession(_ request: Identity, authorizedToken: String) async throws -> IssuedSession {
        try await auditingRefusals(.mfaTokenGenerate, request) {
            let identity = try canonical(request)
            let policy = try mfaPolicy(identity)
            let now = now()
            // A token from before logins recorded how they were proved cannot tell the factors apart.
            guard let claims = await tokens.open(authorizedToken, as: .user), claims.mfa == nil, claims.org == identity.brand,
                claims.dev == identity.deviceId, let customerId = claims.uid, !claims.methods.isEmpty
            else { throw AuthFailure.tokenNotLive }
            guard let expiry = claims.exp?.value, expiry > now else { throw AuthFailure.tokenExpired }
            // The second factor may use another of the customer's addresses, never someone else's.
            if claims.sub.value != TokenClaims.subject(identity.identifier),
                try await store.customerId(brand: identity.brand, identifier: identity.identifier) != customerId
            {
                throw AuthFailure.identifierMismatch
            }
            try await ensureUnlocked(customerId, policy: policy, at: now)
            guard let login = try await liveLogin(claims, at: now) else { throw AuthFailure.tokenNotLive }
            let first = FirstFactor(family: login.family, methods: claims.methods, destination: login.destination)
            return try await openSession(
                identity, customerId: customerId, at: now, operation: .mfaTokenGenerate, purpose: .secondFactor(first),
                passwordRegistered: try await hasPassword(identity, customerId: customerId))
        }
    }

    /// The policy of a brand with MFA; 1550 for one without.
    func mfaPolicy(_ identity: CanonicalIdentity) throws(AuthFailure) -> BrandPolicy {
        guard identity.policy.mfa else { throw .mfaNotEnabled }
        return identity.policy
    }
}
