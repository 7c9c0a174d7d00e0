import Foundation

/// Regeneration keys (RFC 9700's refresh-token rotation): every login starts a family, stored
/// as digests. Each use of a key returns its successor and retires it; a retired key used again
/// revokes the family, since one of the two users is a thief. token/expire revokes a family,
/// and so do locking the account and removing the customer.
///
/// On mobile the key is a JWT of role AUTH; on web, the renewable credential is the access
/// token itself, within `tokenRenewalWindow` of its expiry and `webLoginLifetime` of its login.
extension AuthEngine {
    /// The tokens of a login: an access token and, on mobile, its first key, in a new family
    /// or, for a second factor, in the family of the login it completes (whose session
    /// `liveSession` took only while that login went on). `methods` is how the login was proved
    /// (`amr`), `destination` where its OTP went. The identity must be a verified identifier of `customerId` (1505 otherwise): a
    /// token never names an address that was only claimed.
    func issueTokens(
        _ identity: CanonicalIdentity, customerId: String, at now: Date, operation: AuditEvent.Operation, passwordRegistered: Bool,
        methods: [AuthMethod], destination: String? = nil, family completed: String? = nil
    ) async throws -> IssuedTokens {
        guard try await store.customerId(brand: identity.brand, identifier: identity.identifier) == customerId else {
            throw AuthFailure.sessionInvalid
        }
        let policy = identity.policy
        var grant: GrantRecord?
        let family: String
        if let completed {
            family = completed
        } else {
            family = "F-" + RandomID.make()
            let lifetime = identity.platform == .mobile ? policy.mobileLoginLifetime : policy.webLoginLifetime
            grant = GrantRecord(
                family: family, brand: identity.brand, customerId: customerId, createdAt: now, expiresAt: lifetime.map { now + $0.timeInterval },
                destination: destination)
        }
        let access = try await accessToken(for: identity, customerId: customerId, family: family, methods: methods, at: now)
        let key: (token: String?, record: GrantKeyRecord)
        switch identity.platform {
        case .mobile: key = try await nextKey(identity, customerId: customerId, family: family, methods: methods, at: now)
        case .web: key = (nil, renewal(access, at: now, policy: policy))
        }
        if let grant { try await store.insertGrant(grant, key: key.record) } else { try await store.insertKey(key.record) }
        record(.tokenIssued, operation, brand: identity.brand, customerId: customerId)
        return IssuedTokens(token: access.token, key: key.token, passwordRegistered: passwordRegistered)
    }

    // MARK: token/regenerate

    /// A new access token and the next key for the holder of a mobile regeneration key issued
    /// to the same identifier, brand and device: 1525 for anything else (including a key used
    /// before, which revokes its family, a key of the other factor: a first-factor key never
    /// regenerates an MFA token, and a key whose identifier is no longer its customer's, such
    /// as a number released by a change of identifier), 1529 for a key past its expiry or its
    /// login's lifetime. The tokens keep the `amr` of the login.
    public func regenerate(_ request: Identity, key: String, factor: Factor = .first) async throws -> IssuedTokens {
        try await auditingRefusals(factor.operation(.tokenRegenerate), request) {
            let identity = try canonical(request)
            if factor == .second { _ = try mfaPolicy(identity) }
            let now = now()
            guard let claims = await tokens.open(key, as: .auth), matches(claims, identity), (claims.mfa == true) == (factor == .second),
                try await stillHolds(claims)
            else {
                throw AuthFailure.cannotRegenerate
            }
            let (family, customerId) = try await use(key, claims: claims, at: now)
            let next = try await nextKey(identity, customerId: customerId, family: family, methods: claims.methods, at: now)
            try await store.insertKey(next.record)
            let access = try await accessToken(for: identity, customerId: customerId, family: family, methods: claims.methods, at: now)
            record(.regenerated, factor.operation(.tokenRegenerate), brand: identity.brand, customerId: customerId)
            return IssuedTokens(token: access.token, key: next.token, passwordRegistered: try await hasPassword(identity, customerId: customerId))
        }
    }

    /// A new access token for a web client's previous one, expired or not: 1525 when it is not
    /// a web access token this server issued to the same identifier and brand or was renewed
    /// before, 1529 when it expired longer ago than the renewal window or its login is older
    /// than the web login lifetime.
    public func regenerate(_ request: Identity, expiredToken: String) async throws -> IssuedTokens {
        try await auditingRefusals(.tokenRegenerate, request) {
            let identity = try canonical(request)
            let policy = identity.policy
            let now = now()
            guard let claims = await tokens.open(expiredToken, as: .user), claims.fam != nil, claims.mfa == nil, matches(claims, identity),
                try await stillHolds(claims)
            else {
                throw AuthFailure.cannotRegenerate
            }
            let (family, customerId) = try await use(expiredToken, claims: claims, at: now)
            let access = try await accessToken(for: identity, customerId: customerId, family: family, methods: claims.methods, at: now)
            try await store.insertKey(renewal(access, at: now, policy: policy))
            record(.regenerated, .tokenRegenerate, brand: identity.brand, customerId: customerId)
            return IssuedTokens(token: access.token, key: nil, passwordRegistered: try await hasPassword(identity, customerId: customerId))
        }
    }

    // MARK: token/expire

    /// Revokes the family of a live key (mobile) or web access token, so that neither it nor
    /// any key of the same login regenerates again: 1531 when there is no such live credential
    /// of `factor`.
    public func expire(_ request: Identity, token: String, factor: Factor = .first) async throws {
        try await auditingRefusals(factor.operation(.tokenExpire), request) {
            let identity = try canonical(request)
            if factor == .second { _ = try mfaPolicy(identity) }
            let role: TokenClaims.Role = identity.platform == .mobile ? .auth : .user
            guard let claims = await tokens.open(token, as: role), claims.fam != nil, matches(claims, identity),
                (claims.mfa == true) == (factor == .second),
                try await store.revokeFamily(ofKey: claims.jti.value, digest: TokenSigner.digest(token), at: now())
            else { throw AuthFailure.cannotExpire }
            record(.expired, factor.operation(.tokenExpire), brand: identity.brand, customerId: claims.uid)
        }
    }

    // MARK: Keys

    /// Whether the identifier a credential names still belongs to its customer: one released
    /// (a number replaced by a change of identifier, a customer removed) regenerates nothing.
    func stillHolds(_ claims: TokenClaims) async throws -> Bool {
        guard let customerId = claims.uid, let identifier = claims.identifier else { return false }
        return try await store.customerId(brand: claims.org, identifier: identifier) == customerId
    }

    /// The login a USER token came from, if it goes on: not logged out, revoked (a lock, a
    /// password change or reset, a reused key) or past its lifetime, and its identifier still
    /// its customer's. A token of an ended login does nothing but expire.
    func liveLogin(_ claims: TokenClaims, at now: Date) async throws -> GrantRecord? {
        guard let family = claims.fam, let login = try await store.grant(family: family, at: now), login.customerId == claims.uid,
            try await stillHolds(claims)
        else { return nil }
        return login
    }

    /// Uses a credential once, or says why it cannot be.
    private func use(_ token: String, claims: TokenClaims, at now: Date) async throws -> (family: String, customerId: String) {
        switch try await store.useKey(id: claims.jti.value, digest: TokenSigner.digest(token), at: now) {
        case .used(let family, let customerId): return (family, customerId)
        case .expired: throw AuthFailure.tokenExpired
        case .reused:
            logger.notice("a used regeneration key came back: its family is revoked", metadata: ["brand": "\(claims.org)"])
            throw AuthFailure.cannotRegenerate
        case .unknown: throw AuthFailure.cannotRegenerate
        }
    }

    private func nextKey(
        _ identity: CanonicalIdentity, customerId: String, family: String, methods: [AuthMethod], at now: Date
    ) async throws -> (token: String?, record: GrantKeyRecord) {
        let expiresAt = identity.policy.keyExpiry.map { now + $0.timeInterval }
        let key = try await tokens.sign(
            .auth, for: subject(identity, customerId: customerId), family: family, methods: methods, issuedAt: now, expiresAt: expiresAt)
        return (key.token, GrantKeyRecord(id: key.id, family: family, digest: TokenSigner.digest(key.token), createdAt: now, expiresAt: expiresAt))
    }

    /// A web access token as the credential that renews it, until its renewal window ends.
    private func renewal(_ access: TokenSigner.Signed, at now: Date, policy: BrandPolicy) -> GrantKeyRecord {
        GrantKeyRecord(
            id: access.id, family: access.family ?? "", digest: TokenSigner.digest(access.token), createdAt: now,
            expiresAt: now + policy.accessTokenLifetime.timeInterval + policy.tokenRenewalWindow.timeInterval)
    }
}
