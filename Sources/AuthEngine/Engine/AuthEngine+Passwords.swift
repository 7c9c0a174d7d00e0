import Foundation

/// Passwords, on brands that enable them (`BrandPolicy.passwords`; elsewhere 1524). A password
/// is only ever set through a proof of the customer: a validated OTP (registration at
/// token/generate, or password/forget, both held on the session until its OTP is validated)
/// or, for a change, a live USER token together with the current password.
///
/// Wrong passwords are guesses like wrong OTPs: each takes an attempt of its session before it
/// is checked (1530 once they are used up) and, with account locking, one of the customer's
/// allowances, which wrong OTPs and wrong passwords share, so switching factors buys an
/// attacker nothing. A password is never logged, audited or echoed.
extension AuthEngine {
    // MARK: password/validate

    /// Logs in with the customer's password in a session from token/generate: the tokens
    /// otp/validate issues. The checks run in this order: identity (422, brand 1504),
    /// passwords enabled (1524), session (1505), brand (1509), device and identifier (1526),
    /// the session's attempts (1530), the account lock (1530 with Retry-After), the password (1528).
    /// A session logs in once: afterwards it answers 1530 (1505 to a parallel twin).
    ///
    /// With `factor: .second` (mfa/password/validate) the brand's MFA must take passwords
    /// (1550) and the session must be an MFA session; the tokens carry `mfa: true`.
    public func validatePassword(_ request: Identity, sessionId: String, password: String, factor: Factor = .first) async throws -> IssuedTokens {
        let operation = factor.operation(.passwordValidate)
        return try await auditingRefusals(operation, request) {
            let identity = try canonical(request)
            if factor == .second { guard try mfaPolicy(identity).mfaPassword else { throw AuthFailure.mfaNotEnabled } }
            let policy = try passwordPolicy(identity)
            let now = now()
            let session: SessionRecord
            do {
                session = try await liveSession(sessionId, for: identity, at: now, factor: factor)
            } catch let failure as AuthFailure
                where [.deviceMismatch, .mobileMismatch, .identifierMismatch, .invalidIdentifierType].contains(failure)
            {
                throw AuthFailure.passwordIdentifierMismatch
            }
            guard try await store.reserveAttempt(sessionId: session.id, limit: policy.maxPasswordAttempts) else {
                throw AuthFailure.passwordAttemptsExhausted
            }
            let stored = try await store.passwordHash(customerId: session.customerId)
            guard
                try await checkPassword(
                    password, against: stored, customerId: session.customerId, brand: session.brand, policy: policy,
                    operation: operation, refund: { try await store.refundAttempt(sessionId: session.id) })
            else { throw AuthFailure.wrongPassword }
            // One login per session: a replayed right password (or a parallel one) is refused.
            guard try await store.spendAttempts(sessionId: session.id) else { throw AuthFailure.sessionInvalid }
            let checked = try await rehashIfWeak(password, stored: stored, customerId: session.customerId, at: now)
            let issued = try await issueTokens(
                identity, customerId: session.customerId, at: now, operation: operation, passwordRegistered: true, mfa: factor == .second)
            // A change or reset that ran while the hash was checked revokes logins after it stores
            // its hash; this login is stored before the hash is read again, so one of the two ends it.
            if try await store.passwordHash(customerId: session.customerId) != checked {
                try await revoke(issued, at: now)
                throw AuthFailure.wrongPassword
            }
            return issued
        }
    }

    // MARK: password/change

    /// Replaces the password of the customer a live USER token was issued to, given its
    /// current password, and ends the customer's other logins. 1523 for a token that is not
    /// a live USER token of this identity, 1520/1521/1542 for the new password, 1530 for a
    /// locked account, 1528 for a wrong current password, 1527 for a new one equal to it.
    public func changePassword(
        _ request: Identity, token: String, password: String, newPassword: String, confirmPassword: String
    ) async throws {
        try await auditingRefusals(.passwordChange, request) {
            let identity = try canonical(request)
            let policy = try passwordPolicy(identity)
            let now = now()
            // On a brand with MFA, a password alone (a first-factor token) does not change the password.
            guard let claims = await tokens.open(token, as: .user), matches(claims, identity), let customerId = claims.uid,
                let expiry = claims.exp?.value, expiry > now, !policy.mfa || claims.mfa == true
            else { throw AuthFailure.passwordChangeFailed }
            try checkNewPassword(newPassword, confirmation: confirmPassword, fields: ("newPassword", "confirmPassword"), identity: identity)
            guard let stored = try await store.passwordHash(customerId: customerId) else { throw AuthFailure.passwordChangeFailed }
            guard
                try await checkPassword(
                    password, against: stored, customerId: customerId, brand: identity.brand, policy: policy, operation: .passwordChange,
                    refund: {})
            else { throw AuthFailure.wrongPassword }
            if PasswordHasher.bytes(newPassword) == PasswordHasher.bytes(password) { throw AuthFailure.passwordSameAsOld }
            let hash = try await passwords.hash(newPassword)
            guard try await store.updatePassword(customerId: customerId, from: stored, to: hash, at: now) else {
                throw AuthFailure.passwordChangeFailed
            }
            let revoked = try await store.revokeGrants(customerId: customerId, except: claims.fam, at: now)
            logger.notice("password changed: other logins ended", metadata: ["brand": "\(identity.brand)", "revokedKeys": "\(revoked)"])
            record(.passwordSet, .passwordChange, brand: identity.brand, customerId: customerId)
        }
    }

    // MARK: password/forget

    /// Holds a new password on a session of a customer who has one; it replaces the old one
    /// when the session's OTP is validated. The session checks are otp/generate's (1505,
    /// 1509, 1508, 1541/1507, 1546), then 1520/1521/1542 for the password, 1532 when the
    /// customer has none to reset, and 1530 once the session's attempts are used: each reset
    /// takes one, so a session cannot be made to hash without end.
    public func forgetPassword(_ request: Identity, sessionId: String, password: String, confirmPassword: String) async throws {
        try await auditingRefusals(.passwordForget, request) {
            let identity = try canonical(request)
            _ = try passwordPolicy(identity)
            let session = try await liveSession(sessionId, for: identity, at: now())
            try checkNewPassword(password, confirmation: confirmPassword, fields: ("password", "confirmPassword"), identity: identity)
            guard try await store.passwordHash(customerId: session.customerId) != nil else { throw AuthFailure.noPasswordToReset }
            // Each reset hashes, and hashing is dear: it takes one of the session's attempts.
            guard try await store.reserveAttempt(sessionId: session.id, limit: identity.policy.maxPasswordAttempts) else {
                throw AuthFailure.passwordAttemptsExhausted
            }
            try await store.holdPassword(sessionId: session.id, hash: try await passwords.hash(password), until: session.expiresAt)
        }
    }

    // MARK: Shared rules

    /// The policy of a brand that has passwords; 1524 for one that does not.
    func passwordPolicy(_ identity: CanonicalIdentity) throws(AuthFailure) -> BrandPolicy {
        guard identity.policy.passwords else { throw .passwordsNotEnabled }
        return identity.policy
    }

    /// A password to set: not empty (1520), the same as its confirmation (1521), and within
    /// the brand's policy (1542): long enough, and not the identifier itself.
    func checkNewPassword(
        _ password: String, confirmation: String?, fields: (password: String, confirmation: String), identity: CanonicalIdentity
    ) throws(AuthFailure) {
        let normalized = password.precomposedStringWithCompatibilityMapping
        guard !normalized.isEmpty else { throw .passwordEmpty(fields.password) }
        guard let confirmation, PasswordHasher.bytes(confirmation) == PasswordHasher.bytes(password) else {
            throw .passwordMismatch(fields.confirmation)
        }
        let minimum = identity.policy.passwordMinLength
        guard normalized.count >= minimum else { throw .passwordPolicy(fields.password, "must be at least \(minimum) characters") }
        let identifiers = [identity.identifier.value, identity.request.identifierValue].map { $0.lowercased() }
        guard !identifiers.contains(normalized.lowercased()) else { throw .passwordPolicy(fields.password, "must not be the identifier") }
    }

    /// Checks a password guess after taking one of the customer's allowances (with account
    /// locking): a right one gives the allowance back, with `refund` (the session's attempt);
    /// the wrong one that uses the allowances up locks the account and revokes its keys.
    func checkPassword(
        _ password: String, against stored: String?, customerId: String, brand: String, policy: BrandPolicy,
        operation: AuditEvent.Operation, refund: () async throws -> Void
    ) async throws -> Bool {
        let customerKey = Self.customerKey(customerId)
        var guess: GuessReservation.Ticket?
        if policy.accountLocking {
            switch try await store.reserveGuess(key: customerKey, limits: policy.guessLimits, at: now()) {
            case .refused(let retryAfter):
                try await refund()
                throw AuthFailure.passwordAccountLocked(retryAfter: retryAfter)
            case .admitted(let ticket, _): guess = ticket
            }
        }
        guard try await passwords.verify(password, against: stored) else {
            record(.wrongPassword, operation, brand: brand, code: AuthFailure.wrongPassword.code, customerId: customerId)
            if guess != nil, try await store.lockIfExhausted(key: customerKey, limits: policy.guessLimits, at: now()) {
                let revoked = try await store.revokeGrants(customerId: customerId, except: nil, at: now())
                logger.notice("account locked after wrong passwords", metadata: ["brand": "\(brand)", "revokedKeys": "\(revoked)"])
                record(.locked, operation, brand: brand, code: AuthFailure.wrongPassword.code, customerId: customerId)
            }
            return false
        }
        try await refund()
        if let guess { try await store.refundGuess(guess) }
        return true
    }

    /// Stores a right password again under the current parameters when its hash used weaker
    /// ones (a change that got there first wins); the hash the customer should have now.
    private func rehashIfWeak(_ password: String, stored: String?, customerId: String, at now: Date) async throws -> String? {
        guard let stored, passwords.needsRehash(stored) else { return stored }
        let rehashed = try await passwords.hash(password)
        return try await store.updatePassword(customerId: customerId, from: stored, to: rehashed, at: now) ? rehashed : stored
    }

    /// Ends the login `issued` started.
    private func revoke(_ issued: IssuedTokens, at now: Date) async throws {
        let (credential, role): (String, TokenClaims.Role) = issued.key.map { ($0, .auth) } ?? (issued.token, .user)
        guard let claims = await tokens.open(credential, as: role) else { return }
        _ = try await store.revokeFamily(ofKey: claims.jti.value, digest: TokenSigner.digest(credential), at: now)
    }

    /// Whether the customer has a password (never on a brand without passwords).
    func hasPassword(_ identity: CanonicalIdentity, customerId: String) async throws -> Bool {
        guard identity.policy.passwords else { return false }
        return try await store.passwordHash(customerId: customerId) != nil
    }

    /// The password a session holds (a registration or a reset), made the customer's now that
    /// its OTP is validated; a reset, or a registration that replaced one, ends the
    /// customer's other logins. Whether the customer has a password afterwards.
    func applyHeldPassword(sessionId: String, customerId: String, brand: String, at now: Date) async throws -> Bool {
        guard let hash = try await store.takeHeldPassword(sessionId: sessionId) else {
            return try await store.passwordHash(customerId: customerId) != nil
        }
        if try await store.replacePassword(customerId: customerId, brand: brand, hash: hash, at: now) {
            let revoked = try await store.revokeGrants(customerId: customerId, except: nil, at: now)
            logger.notice("password reset: other logins ended", metadata: ["brand": "\(brand)", "revokedKeys": "\(revoked)"])
        }
        record(.passwordSet, .otpValidate, brand: brand, customerId: customerId)
        return true
    }
}
