import Foundation

/// Passwords, on brands that enable them (`BrandPolicy.passwords`; elsewhere 1524). A password
/// is only ever set through a proof of the customer: a validated OTP (registration at
/// token/generate, or password/forget, both sealed on the session until its OTP is validated,
/// and hashed only then; on a brand with MFA, a reset needs both factors) or, for a change, a
/// live USER token together with the current password.
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
                // A new address's session completes only by an OTP sent to that address.
                session = try await liveSession(sessionId, for: identity, at: now, kinds: factor == .first ? [.login] : [.secondFactor])
            } catch let failure as AuthFailure
                where [.deviceMismatch, .mobileMismatch, .identifierMismatch, .invalidIdentifierType].contains(failure)
            {
                throw AuthFailure.passwordIdentifierMismatch
            }
            var methods: [AuthMethod] = [.pwd]
            var family: String?
            if case .secondFactor(let first) = session.purpose {
                // The password that passed the first factor is no second one.
                guard !first.methods.contains(.pwd) else { throw AuthFailure.secondFactorNotDifferent }
                methods = AuthMethod.completing(first.methods, with: .pwd)
                family = first.family
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
                identity, customerId: session.customerId, at: now, operation: operation, passwordRegistered: true, methods: methods,
                family: family)
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
    /// a live USER token of this identity (one of a login that ended included), 1520/1521/1542
    /// for the new password, 1530 for a locked account, 1528 for a wrong current password, 1527
    /// for a new one equal to it.
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
            // A lock ends the customer's logins: say it is locked, then refuse a login that ended.
            try await ensureUnlocked(customerId, policy: policy, at: now, refusal: AuthFailure.passwordAccountLocked)
            guard try await liveLogin(claims, at: now) != nil else { throw AuthFailure.passwordChangeFailed }
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

    /// Holds a new password on a session; it becomes the customer's password when the
    /// session's OTP is validated. The session checks are otp/generate's (1505, 1509, 1508,
    /// 1541/1507, 1546), then 1520/1521/1542 for the password. On a brand with MFA the session
    /// must be an MFA session (1505 for a first-factor one): a reset needs both factors.
    ///
    /// The answer and the work are the same whether the customer exists or has a password:
    /// the password is sealed on the session, and hashed only once its OTP is validated.
    public func forgetPassword(_ request: Identity, sessionId: String, password: String, confirmPassword: String) async throws {
        try await auditingRefusals(.passwordForget, request) {
            let identity = try canonical(request)
            let policy = try passwordPolicy(identity)
            let session = try await liveSession(sessionId, for: identity, at: now(), kinds: policy.mfa ? [.secondFactor] : [.login])
            try checkNewPassword(password, confirmation: confirmPassword, fields: ("password", "confirmPassword"), identity: identity)
            try await hold(password, on: session)
        }
    }

    // MARK: Shared rules

    /// The policy of a brand that has passwords; 1524 for one that does not.
    func passwordPolicy(_ identity: CanonicalIdentity) throws(AuthFailure) -> BrandPolicy {
        guard identity.policy.passwords else { throw .passwordsNotEnabled }
        return identity.policy
    }

    /// A password to set: not empty (1520), the same as its confirmation (1521), and within
    /// the brand's policy (1542): long enough as typed (NFKC can make one character many), and
    /// not the identifier itself.
    func checkNewPassword(
        _ password: String, confirmation: String?, fields: (password: String, confirmation: String), identity: CanonicalIdentity
    ) throws(AuthFailure) {
        let normalized = password.precomposedStringWithCompatibilityMapping
        guard !normalized.isEmpty else { throw .passwordEmpty(fields.password) }
        guard let confirmation, PasswordHasher.bytes(confirmation) == PasswordHasher.bytes(password) else {
            throw .passwordMismatch(fields.confirmation)
        }
        let minimum = identity.policy.passwordMinLength
        guard password.count >= minimum else { throw .passwordPolicy(fields.password, "must be at least \(minimum) characters") }
        let identifiers = [identity.identifier.value, identity.request.identifierValue].map { $0.lowercased() }
        guard !identifiers.contains(normalized.lowercased()) else { throw .passwordPolicy(fields.password, "must not be the identifier") }
    }

    /// Checks a password guess after taking one of the customer's allowances (with account
    /// locking): a right one, or one the busy hasher could not check (1552), gives the allowance
    /// back, with `refund` (the session's attempt); the wrong one that uses the allowances up
    /// locks the account and revokes its keys.
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
        func giveBack() async throws {
            try await refund()
            if let guess { try await store.refundGuess(guess) }
        }
        let matches: Bool
        do {
            matches = try await passwords.verify(password, against: stored)
        } catch {
            // Not checked (a busy hasher): no guess was made, so none is counted.
            try await giveBack()
            throw error
        }
        guard matches else {
            record(.wrongPassword, operation, brand: brand, code: AuthFailure.wrongPassword.code, customerId: customerId)
            if guess != nil, try await store.lockIfExhausted(key: customerKey, limits: policy.guessLimits, at: now()) {
                let revoked = try await store.revokeGrants(customerId: customerId, except: nil, at: now())
                logger.notice("account locked after wrong passwords", metadata: ["brand": "\(brand)", "revokedKeys": "\(revoked)"])
                record(.locked, operation, brand: brand, code: AuthFailure.wrongPassword.code, customerId: customerId)
            }
            return false
        }
        try await giveBack()
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

    /// Seals `password` on `session` until its OTP is validated (a registration or a reset).
    func hold(_ password: String, on session: SessionRecord) async throws {
        try await store.holdPassword(sessionId: session.id, sealed: try heldPasswords.seal(password, sessionId: session.id), until: session.expiresAt)
    }

    /// The hash of the password `session` holds, taken from it; nil when it holds none. A busy
    /// hasher (1552) leaves it held, for the next try.
    func heldPassword(of session: SessionRecord) async throws -> String? {
        guard let sealed = try await store.takeHeldPassword(sessionId: session.id) else { return nil }
        guard let password = heldPasswords.open(sealed, sessionId: session.id) else {
            logger.warning("a held password could not be opened: it is dropped", metadata: ["brand": "\(session.brand)"])
            return nil
        }
        do {
            return try await passwords.hash(password)
        } catch {
            try? await store.holdPassword(sessionId: session.id, sealed: sealed, until: session.expiresAt)
            throw error
        }
    }

    /// Makes `hash` the customer's password now that an OTP proved the customer; replacing one
    /// ends the customer's other logins (but `kept`, the login a second factor completes).
    func setPassword(
        _ hash: String, customerId: String, brand: String, keeping kept: String? = nil, operation: AuditEvent.Operation, at now: Date
    ) async throws {
        if try await store.replacePassword(customerId: customerId, brand: brand, hash: hash, at: now) {
            let revoked = try await store.revokeGrants(customerId: customerId, except: kept, at: now)
            logger.notice("password reset: other logins ended", metadata: ["brand": "\(brand)", "revokedKeys": "\(revoked)"])
        }
        record(.passwordSet, operation, brand: brand, customerId: customerId)
    }
}
