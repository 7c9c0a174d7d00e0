import AuthAPI
import AuthPayloadHash
import Crypto
import Foundation

extension AuthEngine {
    // MARK: token/generate

    /// Opens a session for `identity`, valid for the brand's session lifetime. `mobile` and
    /// `email` are claims: kept on the session to choose among the customer's verified
    /// addresses, never a destination of their own. A locked account gets no session (1518).
    ///
    /// `password` with `confirmPassword` registers a password: 1524 on a brand without
    /// passwords, 1520/1521/1542 for the password, 1519 in a batch (`batched`). It is sealed
    /// on the session, not hashed, and is hashed and set once the session's OTP is validated.
    ///
    /// Nothing in the answer, nor the work behind it, depends on whether the customer exists
    /// or has a password: `passwordRegistered` says whether the brand takes passwords.
    public func createSession(
        _ request: Identity, mobile: String? = nil, email: String? = nil, password: String? = nil, confirmPassword: String? = nil,
        batched: Bool = false
    ) async throws -> IssuedSession {
        try await auditingRefusals(.tokenGenerate, request) {
            let identity = try canonical(request)
            let policy = identity.policy
            if password != nil || confirmPassword != nil {
                _ = try passwordPolicy(identity)
                if batched { throw AuthFailure.passwordInBatch }
                try checkNewPassword(password ?? "", confirmation: confirmPassword, fields: ("password", "confirmPassword"), identity: identity)
            }
            let claims: (mobile: String?, email: String?)
            do {
                claims = (
                    try mobile.map { text throws(CanonicalForm.Invalid) in try CanonicalForm.mobile(text, rules: policy.mobileRules, field: "mobile")
                    },
                    try email.map { text throws(CanonicalForm.Invalid) in try CanonicalForm.email(text, field: "email") }
                )
            } catch let error as CanonicalForm.Invalid {
                throw AuthFailure.invalidDetails(error)
            }
            let now = now()
            let customerId = try await customerId(for: identity)
            try await ensureUnlocked(customerId, policy: policy, at: now)
            return try await openSession(
                identity, customerId: customerId, at: now, operation: .tokenGenerate, mobile: claims.mobile, email: claims.email,
                holding: password)
        }
    }

    /// Refuses a locked customer: 1518 (or `refusal`'s code) with the seconds until the lock ends.
    func ensureUnlocked(
        _ customerId: String, policy: BrandPolicy, at now: Date, refusal: (Int) -> AuthFailure = AuthFailure.accountLocked
    ) async throws {
        guard policy.accountLocking, let until = try await store.lockedUntil(key: Self.customerKey(customerId), at: now) else { return }
        throw refusal(OTPReservation.seconds(untilMillis: until.storeMillis - now.storeMillis))
    }

    /// Stores and caches a new session of `identity` for `customerId`, with the password it
    /// holds (sealed) until its OTP is validated, and answers it with its VIEW token.
    /// `passwordRegistered` is told only to a caller who is logged in; before a login the answer
    /// is the brand's, whether it takes passwords at all, so it tells no customer from another.
    func openSession(
        _ identity: CanonicalIdentity, customerId: String, at now: Date, operation: AuditEvent.Operation, mobile: String? = nil,
        email: String? = nil, purpose: SessionPurpose = .login, passwordRegistered: Bool? = nil, holding password: String? = nil
    ) async throws -> IssuedSession {
        let session = SessionRecord(
            id: "P-" + RandomID.make(), brand: identity.brand, identifierType: identity.identifier.type,
            identifierValue: identity.identifier.value, deviceId: identity.deviceId, mobile: mobile, email: email, customerId: customerId,
            createdAt: now, expiresAt: now + identity.policy.sessionLifetime.timeInterval, purpose: purpose)
        try await store.insertSession(session)
        sessions.insert(session)
        if let password { try await hold(password, on: session) }
        let token = try await tokens.sign(.view, for: subject(identity, customerId: nil), issuedAt: now, expiresAt: session.expiresAt)
        record(.sessionCreated, operation, brand: identity.brand, customerId: customerId)
        return IssuedSession(sessionId: session.id, token: token.token, passwordRegistered: passwordRegistered ?? identity.policy.passwords)
    }

    // MARK: otp/generate

    /// Issues a new OTP for the session and sends it, replacing any earlier one. The checks run
    /// in this order: identity (422, brand 1504), session (1505), brand (1509), device (1508),
    /// identifier (1541, or 1507 for a mobile number), identifierType (1546), OTPs turned off
    /// (1535), a fallback on a new address's session (1505), payload hash (5004), channel
    /// (1603, then 1601/1602), a second factor to the first's address (1551), account lock
    /// (1518) and limits per customer and per destination (1534), the session's attempts
    /// (1518), delivery (1503). The hash comes before anything that depends on the customer,
    /// so an unsealed request learns nothing of its limits or lock.
    ///
    /// A request refused after the limits were counted gives its count back, so only OTPs that
    /// were sent count. A delivery that timed out keeps its count and its OTP: the message may
    /// have gone out.
    ///
    /// A USERNAME session, and a session for a new address (user/updateIdentifierValue), are
    /// answered the same whether the customer exists, the address is free, or the channel
    /// works: nothing that depends on them (1601-1603, 1503, the gateway's time) reaches the
    /// caller. Their message is sent after the answer, what goes wrong is logged, and an
    /// address another customer holds is sent nothing.
    ///
    /// With `factor: .second` (mfa/otp/generate) the session must be an MFA session of a brand
    /// with MFA (1550), and the OTP must go to another address than the first factor's (1551,
    /// `?fallbackChannel=` chooses another); every rule above is the same but the hash, which
    /// an MFA session, made from a login, does not need.
    public func generateOTP(
        _ request: Identity, sessionId: String, hash: String?, fallbackChannel: Channel?, factor: Factor = .first
    ) async throws {
        let operation = factor.operation(.otpGenerate)
        try await auditingRefusals(operation, request) {
            let identity = try canonical(request)
            let policy = identity.policy
            if factor == .second { _ = try mfaPolicy(identity) }
            let now = now()
            let session = try await liveSession(sessionId, for: identity, at: now, kinds: factor.otpSessions)
            if policy.otpMaxCount == 0 { throw AuthFailure.otpMaximumZero }
            // A new address is proved by an OTP sent to it, never one sent elsewhere.
            if session.purpose.kind == .identifierChange, fallbackChannel != nil { throw AuthFailure.sessionInvalid }
            // The hash keeps OTPs from being fired at will; an MFA session already needs a login.
            if factor == .first { try await checkHash(hash, identity: identity, sessionId: sessionId, at: now) }
            let quiet = identity.type == .username || session.purpose.kind == .identifierChange

            var routing: Result<(ChannelRoute, any MessageSender)?, AuthFailure>
            do {
                routing = .success(try await route(for: session, fallback: fallbackChannel, settings: policy.channels))
            } catch let failure as AuthFailure {
                routing = .failure(failure)
            }
            if quiet, case .failure(let failure) = routing {
                logger.warning("OTP not sent", metadata: ["brand": "\(session.brand)", "code": "\(failure.code)"])
                routing = .success(nil)
            }
            // A new address counts as its own destination whether it is sent to or not (another
            // customer's is sent nothing), so its limits tell a taken address from a free one no
            // more than its answer does.
            let destination =
                session.purpose.kind == .identifierChange
                ? destinationKey(mobile: session.identifierType == IdentifierType.mobile.rawValue, address: session.identifierValue)
                : try routing.get().map { destinationKey(route: $0.0) }
            if case .secondFactor(let first) = session.purpose, let destination, destination == first.destination {
                throw AuthFailure.secondFactorNotDifferent
            }
            var keys = [Self.customerKey(session.customerId)]
            if let destination { keys.append(destination) }
            let tickets: [OTPReservation.Ticket]
            switch try await store.reserveOTP(keys: keys, limits: policy.limits, at: now) {
            case .refused(let retryAfter, let locked):
                throw locked && policy.accountLocking
                    ? AuthFailure.accountLocked(retryAfter: retryAfter) : AuthFailure.otpLimitReached(retryAfter: retryAfter)
            case .admitted(let admitted): tickets = admitted
            }

            do {
                let delivery = try routing.get()
                // With nowhere to send, the stored digest is of no OTP: the session never validates.
                let otp = codes.digits(policy.otpLength)
                let digest =
                    delivery == nil
                    ? Data(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }) : OTPDigest(otp: otp, sessionId: session.id, key: otpKey).bytes
                let stored = try await store.replaceOTP(
                    OTPRecord(
                        sessionId: session.id, digest: digest, issuedAt: now, expiresAt: now + policy.otpLifetime.timeInterval,
                        provesIdentifier: delivery?.0.provesIdentifier ?? false, destination: destination),
                    attemptLimit: policy.maxWrongAttempts)
                guard stored else { throw AuthFailure.attemptsExhausted }
                // A quiet session's channel is not told, even to the audit: it is known only when sent.
                record(.otpIssued, operation, brand: session.brand, customerId: session.customerId, channel: quiet ? nil : delivery?.0.channel)
                guard let (route, sender) = delivery else {
                    logger.notice("no address to send to: OTP not sent", metadata: ["brand": "\(session.brand)"])
                    return
                }
                let message = route.message(
                    otp: otp, brand: session.brand, displayName: policy.displayName, lifetimeMinutes: Int(policy.otpLifetime.components.seconds / 60))
                if quiet {
                    deliveries.start {
                        try? await send(message, route: route, sender: sender, tickets: tickets, customerId: session.customerId, operation: operation)
                    }
                } else {
                    try await send(message, route: route, sender: sender, tickets: tickets, customerId: session.customerId, operation: operation)
                }
            } catch is DeliveryFailed {
                throw AuthFailure.deliveryFailed
            } catch {
                try? await store.release(tickets)
                throw error
            }
        }
    }

    /// Where the session's OTP goes and who sends it, or nil when there is nowhere it may go: a
    /// USERNAME's customer without a verified address, or a new address another customer holds.
    private func route(
        for session: SessionRecord, fallback: Channel?, settings: ChannelSettings
    ) async throws -> (ChannelRoute, any MessageSender)? {
        if session.purpose.kind == .identifierChange,
            let owner = try await store.customerId(
                brand: session.brand, identifier: CustomerIdentifier(type: session.identifierType, value: session.identifierValue)),
            owner != session.customerId
        {
            return nil
        }
        let route = try await ChannelRoute.choose(session: session, settings: settings, fallback: fallback) {
            try await store.customer(id: session.customerId)
        }
        return try route.map { route in
            guard let sender = senders[route.provider] else { throw AuthFailure.channelMisconfigured }
            return (route, sender)
        }
    }

    /// Hands a message to its provider: 1503 when it fails, the count given back unless the
    /// message may have gone out.
    private func send(
        _ message: OTPMessage, route: ChannelRoute, sender: any MessageSender, tickets: [OTPReservation.Ticket], customerId: String,
        operation: AuditEvent.Operation
    ) async throws {
        do {
            try await sender.send(message)
            record(.otpSent, operation, brand: message.brand, customerId: customerId, channel: route.channel, provider: route.provider)
        } catch {
            record(
                .deliveryFailed, operation, brand: message.brand, code: AuthFailure.deliveryFailed.code, customerId: customerId,
                channel: route.channel, provider: route.provider)
            logger.warning(
                "OTP delivery failed",
                metadata: [
                    "brand": "\(message.brand)", "channel": "\(route.channel.rawValue)", "provider": "\(route.provider)",
                    "message": "\(message.id)", "error": "\(error)",
                ])
            if !(error is DeliveryUncertain) { try? await store.release(tickets) }
            throw DeliveryFailed()
        }
    }

    /// A failed delivery whose count is already settled.
    private struct DeliveryFailed: Error {}

    /// The payload hash of a brand that requires one: sealed over this request within the
    /// window before now, and later than any hash the session took before (each hash works
    /// once). 5004 otherwise.
    private func checkHash(_ hash: String?, identity: CanonicalIdentity, sessionId: String, at now: Date) async throws {
        let policy = identity.policy
        guard policy.requiresHash else { return }
        guard let hash, let key = policy.hashPrivateKey?.privateKey else { throw AuthFailure.responseTampered }
        // Over the fields as sent: the client hashes what it sends.
        let request = identity.request
        let digest = PayloadHash.digest(
            identifierType: request.identifierType.rawValue, identifierValue: request.identifierValue, deviceId: request.deviceId,
            brand: request.brand, sessionId: sessionId)
        guard case .valid(let sealedAt) = PayloadHash.verify(hash, digest: digest, privateKey: key, now: now, window: policy.hashWindow.timeInterval),
            try await store.useHash(sessionId: sessionId, sealedAt: sealedAt)
        else { throw AuthFailure.responseTampered }
    }

    // MARK: otp/validate

    /// Checks an OTP against the session's live one. Each try takes an attempt of the session
    /// (1518 once its cap is used) and, with account locking, one of the customer's wrong-OTP
    /// allowances (1518 with Retry-After once they are used or the account is locked) before
    /// comparing, so parallel guesses across sessions and instances cannot exceed either cap.
    /// A right OTP or a missing one gives both back; the wrong OTP that uses up the customer's
    /// allowance locks the account and revokes its keys.
    ///
    /// A right OTP is consumed (it works once) and completes what the session is for:
    /// - a login: when the OTP was sent to the session's identifier, the identifier joins the
    ///   directory, verified (the customer is created on its first login);
    /// - a new address: the address becomes the customer's, verified (1543 if another
    ///   customer took it meanwhile), and the customer is logged in with it;
    /// - a second factor: the login of the first factor gets tokens marked `mfa`, in the same
    ///   family, so one logout ends both (1505 once the first factor's login has ended).
    ///
    /// A password the session holds (a registration or a reset) is hashed once the OTP is spent
    /// (1552 when hashing is busy; the OTP and the password are then given back, for the next
    /// try) and becomes the customer's. On a brand with MFA a first factor sets one only at the
    /// customer's first login: afterwards a password is set with both factors (password/forget
    /// on an MFA session).
    ///
    /// With `factor: .second` (mfa/otp/validate) the session must be an MFA session of a brand
    /// with MFA (1550); the caps and the lock are the same.
    public func validateOTP(_ request: Identity, sessionId: String, otp: String, factor: Factor = .first) async throws -> IssuedTokens {
        let operation = factor.operation(.otpValidate)
        return try await auditingRefusals(operation, request) {
            let identity = try canonical(request)
            let policy = identity.policy
            if factor == .second { _ = try mfaPolicy(identity) }
            let now = now()
            let session = try await liveSession(sessionId, for: identity, at: now, kinds: factor.otpSessions)
            let customerKey = Self.customerKey(session.customerId)
            guard try await store.reserveAttempt(sessionId: session.id, limit: policy.maxWrongAttempts) else {
                throw AuthFailure.attemptsExhausted
            }
            var guess: GuessReservation.Ticket?
            if policy.accountLocking {
                switch try await store.reserveGuess(key: customerKey, limits: policy.guessLimits, at: now) {
                case .refused(let retryAfter):
                    try await store.refundAttempt(sessionId: session.id)
                    throw AuthFailure.accountLocked(retryAfter: retryAfter)
                case .admitted(let ticket, _): guess = ticket
                }
            }
            func giveBack() async throws {
                try await store.refundAttempt(sessionId: session.id)
                if let guess { try await store.refundGuess(guess) }
            }
            guard let stored = try await store.otp(sessionId: session.id), stored.expiresAt > now else {
                try await giveBack()
                throw AuthFailure.noOTP
            }
            guard OTPDigest(bytes: stored.digest).matches(otp: otp, sessionId: session.id, key: otpKey) else {
                record(.wrongOTP, operation, brand: session.brand, code: AuthFailure.wrongOTP.code, customerId: session.customerId)
                if guess != nil, try await store.lockIfExhausted(key: customerKey, limits: policy.guessLimits, at: now) {
                    let revoked = try await store.revokeGrants(customerId: session.customerId, except: nil, at: now)
                    logger.notice("account locked after wrong OTPs", metadata: ["brand": "\(session.brand)", "revokedKeys": "\(revoked)"])
                    record(.locked, operation, brand: session.brand, code: AuthFailure.wrongOTP.code, customerId: session.customerId)
                }
                throw AuthFailure.wrongOTP
            }
            try await giveBack()
            // Spent first, so one of two parallel validations completes the session, with the
            // password it holds; a busy hasher gives both back, for the next try.
            guard try await store.consumeOTP(sessionId: session.id, digest: stored.digest) else { throw AuthFailure.noOTP }
            let held: String?
            do {
                held = policy.passwords ? try await heldPassword(of: session) : nil
            } catch {
                _ = try? await store.replaceOTP(stored, attemptLimit: policy.maxWrongAttempts)
                throw error
            }

            var customerId = session.customerId
            var family: String?
            let methods: [AuthMethod]
            switch session.purpose {
            case .login:
                methods = [.otp]
                // A first factor sets a password on an MFA brand only for a customer's first login.
                var settable = !policy.mfa
                if held != nil, !settable { settable = try await store.customer(id: customerId) == nil }
                // Possession proves the address: the identifier joins the directory, verified.
                if stored.provesIdentifier, identity.type != .username {
                    customerId = try await store.claimIdentifier(identity.identifier, brand: identity.brand, customerId: customerId, at: now)
                }
                if let held {
                    if settable {
                        try await setPassword(held, customerId: customerId, brand: identity.brand, operation: operation, at: now)
                    } else {
                        logger.notice("a registration after the first login on an MFA brand: its password waits for both factors")
                    }
                }
            case .identifierChange(let replacesOthers):
                methods = [.otp]
                guard stored.provesIdentifier,
                    try await store.claimIdentifier(identity.identifier, brand: identity.brand, customerId: customerId, at: now) == customerId
                else { throw AuthFailure.identifierTaken }
                if replacesOthers {
                    try await store.releaseIdentifiers(customerId: customerId, type: identity.identifier.type, except: identity.identifier.value)
                }
            case .secondFactor(let first):
                methods = AuthMethod.completing(first.methods, with: .otp)
                family = first.family
                if let held {
                    try await setPassword(held, customerId: customerId, brand: identity.brand, keeping: first.family, operation: operation, at: now)
                }
            }
            record(.otpValidated, operation, brand: identity.brand, customerId: customerId)
            return try await issueTokens(
                identity, customerId: customerId, at: now, operation: operation,
                passwordRegistered: try await hasPassword(identity, customerId: customerId), methods: methods, destination: stored.destination,
                family: family)
        }
    }
}

extension Factor {
    /// The sessions an OTP of this factor is sent and validated for: a first factor's are
    /// logins and new addresses, a second factor's MFA sessions.
    var otpSessions: Set<SessionKind> { self == .first ? [.login, .identifierChange] : [.secondFactor] }
}
