import AuthAPI
import Foundation

/// user/updateIdentifierValue: a logged-in customer adds a mobile number or e-mail address,
/// or replaces its own of that kind. The address is never taken on the customer's word: the
/// answer is a session for the new address, which completes only by an OTP sent to that
/// address (no fallback, no password), and only that OTP, validated, makes it the customer's,
/// verified, and logs the customer in with it (`validateOTP`).
extension AuthEngine {
    /// A session for `newType`/`newValue` on behalf of the customer a live USER token of
    /// `request` was issued to: 1525 for any other token (one of a login that ended included),
    /// 1529 for an expired one, 1519 (422) for a new address that cannot be read, 1518 for a
    /// locked account. With `replace`, the customer's other addresses of that kind go when the
    /// new one is verified.
    ///
    /// An address another customer holds gets the same answer as a free one, and its OTP is
    /// sent nowhere: the directory cannot be probed through this operation.
    ///
    /// A customer with a password must send it too (1520 missing, 1528 wrong, 1530 locked,
    /// counted as password/validate's guesses): a token alone, perhaps stolen, must not add the
    /// address that takes the account over.
    public func changeIdentifier(
        _ request: Identity, token: String, newType: IdentifierType, newValue: String, replace: Bool, password: String? = nil
    ) async throws -> IssuedSession {
        try await auditingRefusals(.identifierChange, request) {
            let identity = try canonical(request)
            let now = now()
            // On a brand with MFA, one factor does not add an address.
            guard let claims = await tokens.open(token, as: .user), matches(claims, identity), let customerId = claims.uid,
                !identity.policy.mfa || claims.mfa == true
            else {
                throw AuthFailure.tokenNotLive
            }
            guard let expiry = claims.exp?.value, expiry > now else { throw AuthFailure.tokenExpired }
            // A lock ends the customer's logins: say it is locked, then refuse a login that ended
            // (logged out, reset) or an identifier that left the customer.
            try await ensureUnlocked(customerId, policy: identity.policy, at: now)
            guard try await liveLogin(claims, at: now) != nil else { throw AuthFailure.tokenNotLive }
            let target: CanonicalIdentity
            do {
                target = try canonical(request.with(type: newType, value: newValue))
            } catch let failure as AuthFailure {
                // The same checks as any identifier, named at the field that holds the new one.
                throw AuthFailure(
                    code: failure.code, message: failure.message, httpStatus: failure.httpStatus,
                    issues: failure.issues.map { .init(pointer: "/newIdentifierValue", message: $0.message) })
            }
            let policy = identity.policy
            if policy.passwords, let stored = try await store.passwordHash(customerId: customerId) {
                guard let password, !password.isEmpty else { throw AuthFailure.passwordEmpty("password") }
                guard
                    try await checkPassword(
                        password, against: stored, customerId: customerId, brand: identity.brand, policy: policy, operation: .identifierChange,
                        refund: {})
                else { throw AuthFailure.wrongPassword }
            }
            return try await openSession(
                target, customerId: customerId, at: now, operation: .identifierChange, purpose: .identifierChange(replacesOthers: replace),
                passwordRegistered: try await hasPassword(identity, customerId: customerId))
        }
    }
}

extension Identity {
    /// The same request for another identifier.
    func with(type: IdentifierType, value: String) -> Identity {
        Identity(platform: platform, identifierType: type, identifierValue: value, deviceId: deviceId, brand: brand)
    }
}
