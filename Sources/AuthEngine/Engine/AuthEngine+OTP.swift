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
    /// `password` with `confirmPassword` registers a password, held on the session until its
    /// OTP is validated: 1524 on a brand without passwords, 1520/1521/1542 for the password,
    /// 1543 when the customer already has one (password/forget resets it).
    public func createSession(
        _ request: Identity, mobile: String? = nil, email: String? = nil, password: String? = nil, confirmPassword: String? = nil
    ) async throws -> IssuedSession {
        try await auditingRefusals(.tokenGenerate, request) {
            let identity = try canonical(request)
            let policy = identity.policy
            if password != nil || confirmPassword != nil {
                _ = try passwordPolicy(identity)
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
            let passwordRegistered = try await hasPassword(identity, customerId: customerId)
            if password != nil, passwordRegistered { throw AuthFailure.passwordTaken }
            return try await openSession(
                identity, customerId: customerId, at: now, operation: .tokenGenerate, passwordRegistered: passwordRegistered,
                mobile: claims.mobile, email: claims.email, holding: password)
        }
    }

    /// Refuses a locked customer: 1518 with the seconds until the lock ends.
    func ensureUnlocked(_ customerId: String, policy: BrandPolicy, at now: Date) async throws {
        guard policy.accountLocking, let until = try await store.lockedUntil(key: Self.customerKey(customerId), at: now) else { return }
        throw AuthFailure.accountLocked(retryAfter: OTPReservation.seconds(untilMillis: until.storeMillis - now.storeMillis))
    }

    /// Stores and caches a new session of `identity` for `customerId`, with the password it
    /// holds until its OTP is validated, and answers it with its VIEW token.
    func openSession(
        _ identity: CanonicalIdentity, customerId: String, at now: Date, operation: AuditEvent.Operation, passwordRegistered: Bool,
        mobile: String? = nil, email: String? = nil, secondFactor: Bool = false, replacesOthers: Bool = false, holding password: String? = nil
    ) async throws -> IssuedSession {
        let session = SessionRecord(
            id: "P-" + RandomID.make(), brand: identity.brand, identifierType: identity.identifier.type,
            identifierValue: identity.identifier.value, deviceId: identity.deviceId, mobile: mobile, email: email, customerId: customerId,
            createdAt: now, expiresAt: now + identity.policy.sessionLifetime.timeInterval, secondFactor: secondFactor,
            replacesOthers: replacesOthers)
        try await store.insertSession(session)
        sessions.insert(session)
        if let password {
            try await store.holdPassword(sessionId: session.id, hash: try await passwords.hash(password), until: session.expiresAt)
        }
        let token = try await tokens.sign(.view, for: subject(identity, customerId: nil), issuedAt: now, expiresAt: session.expiresAt)
        record(.sessionCreated, operation, brand: identity.brand, customerId: customerId)
        return IssuedSession(sessionId: session.id, token: token.token, passwordRegistered: passwordRegistered)
    }

    // MARK: otp/generate

    /// Issues a new OTP for the session and sends it, replacing any earlier one. The checks run
    /// in this order: identity (422, brand 1504), session (1505), brand (1509), device (1508),
    /// identifier (1541, or 1507 for a mobile number), identifierType (1546), OTPs turned off
    /// (1535), account lock (1518) and limits per customer and per destination (1534), payload
    /// hash (5004), channel (1603, then 1601/1602), the session's attempts (1518), delivery (1503).
    ///
    /// A request refused after the limits were counted gives its count back, so only OTPs that
    /// were sent count; a tampered request cannot use up a customer's limit. A delivery that
    /// timed out keeps its count and its OTP: the message may have gone out.
    ///
    /// A USERNAME session is answered the same whether its customer exists, has an address for
    /// the channel, or its channel works: nothing that depends on the customer (1601-1603, 1503,
    /// the gateway's time) reaches the caller. Its message is sent after the answer, and what
    /// goes wrong is logged.
    ///
    /// With `factor: .second` (mfa/otp/generate) the session must be an MFA session of a brand
    /// with MFA (1550); every rule above is the same but the hash, which an MFA session, made
    /// from a login, does not need.
    public func generateOTP(
        _ request: Identity, sessionId: String, hash: String?, fallbackChannel: Channel?, factor: Factor = .first
    ) async throws {
        let operation = factor.operation(.otpGenerate)
        try await auditingRefusals(operation, request) {
            let identity = try canonical(request)
            let policy = identity.policy
            if factor == .second { _ = try mfaPolicy(identity) }
            let now = now()
            let session = try await liveSession(sessionId, for: identity, at: now, factor: factor)
            if policy.otpMaxCount == 0 { throw AuthFailure.otpMaximumZero }
            let quiet = identity.type == .username

            // The route decides the destination the limits count, but its refusals come after the hash's.
            var plan: Result<(ChannelRoute, any MessageSender)?, AuthFailure>
            do {
                plan = .success(
                    try await ChannelRoute.plan(session: session, settings: policy.channels, fallback: fallbackChannel) {
                        try await store.customer(id: session.customerId)
                    }.map { route in
                        guard let sender = senders[route.provider] else { throw AuthFailure.channelMisconfigured }
                        return (route, sender)
                    })
            } catch let failure as AuthFailure {
                plan = .failure(failure)
            }
            if quiet, case .failure(let failure) = plan {
                logger.warning("OTP for a USERNAME not sent", metadata: ["brand": "\(session.brand)", "code": "\(failure.code)"])
                plan = .success(nil)
            }
            var keys = [Self.customerKey(session.customerId)]
            if case .success(let (route, _)?) = plan { keys.append(destinationKey(route: route)) }
            let tickets: [OTPReservation.Ticket]
            switch try await store.reserveOTP(keys: keys, limits: policy.limits, at: now) {
            case .refused(let retryAfter, let locked):
                throw locked && policy.accountLocking
                    ? AuthFailure.accountLocked(retryAfter: retryAfter) : AuthFailure.otpLimitReached(retryAfter: retryAfter)
            case .admitted(let admitted): tickets = admitted
            }

            do {
                // The hash keeps OTPs from being fired at will; an MFA session already needs a login.
                if factor == .first { try checkHash(hash, identity: identity, sessionId: sessionId, at: now) }
                let delivery = try plan.get()
                // With nowhere to send, the stored digest is of no OTP: the session never validates.
                let otp = codes.digits(policy.otpLength)
                let digest =
                    delivery == nil
                    ? Data(SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }) : OTPDigest(otp: otp, sessionId: session.id, key: otpKey).bytes
                let stored = try await store.replaceOTP(
                    OTPRecord(
                        sessionId: session.id, digest: digest, issuedAt: now, expiresAt: now + policy.otpLifetime.timeInterval,
                        provesIdentifier: delivery?.0.provesIdentifier ?? false),
                    attemptLimit: policy.maxWrongAttempts)
                guard stored else { throw AuthFailure.attemptsExhausted }
                record(.otpIssued, operation, brand: session.brand, customerId: session.customerId, channel: delivery?.0.channel)
                guard let (route, sender) = delivery else {
                    logger.notice("no verified address: OTP not sent", metadata: ["brand": "\(session.brand)"])
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

    private func checkHash(_ hash: String?, identity: CanonicalIdentity, sessionId: String, at now: Date) throws(AuthFailure) {
        let policy = identity.policy
        guard policy.requiresHash else { return }
        guard let hash, let key = policy.hashPrivateKey?.privateKey else { throw .responseTampered }
        // Over the fields as sent: the client hashes what it sends.
        let request = identity.request
        let digest = PayloadHash.digest(
            identifierType: request.identifierType.rawValue, identifierValue: request.identifierValue, deviceId: request.deviceId,
            brand: request.brand, sessionId: sessionId)
        let verdict = PayloadHash.verify(hash, digest: digest, privateKey: key, now: now, window: policy.hashWindow.timeInterval)
        guard verdict == .valid else { throw .responseTampered }
    }

    // MARK: otp/validate

    /// Checks an OTP against the session's live one. Each try takes an attempt of the session
    /// (1518 once its cap is used) and, with account locking, one of the customer's wrong-OTP
    /// allowances (1518 with Retry-After once they are used or the account is locked) before
    /// comparing, so parallel guesses across sessions and instances cannot exceed either cap.
    /// A right OTP or a missing one gives both back; the wrong OTP that uses up the customer's
    /// allowance locks the account and revokes its keys.
    ///
    /// A right OTP is consumed (it works once) and, when it was sent to the session's
    /// identifier, verifies that identifier: the customer is created on its first login. A
    /// password the session holds (a registration or a reset) becomes the customer's.
    ///
    /// With `factor: .second` (mfa/otp/validate) the session must be an MFA session of a brand
    /// with MFA (1550), and the tokens carry `mfa: true`; the caps and the lock are the same.
    public func validateOTP(_ request: Identity, sessionId: String, otp: String, factor: Factor = .first) async throws -> IssuedTokens {
        let operation = factor.operation(.otpValidate)
        return try await auditingRefusals(operation, request) {
            let identity = try canonical(request)
            let policy = identity.policy
            if factor == .second { _ = try mfaPolicy(identity) }
            let now = now()
            let session = try await liveSession(sessionId, for: identity, at: now, factor: factor)
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
            guard try await store.consumeOTP(sessionId: session.id, digest: stored.digest) else { throw AuthFailure.noOTP }

            // Possession proves the address: the identifier joins the directory, verified.
            var customerId = session.customerId
            if stored.provesIdentifier, identity.type != .username {
                customerId = try await store.claimIdentifier(identity.identifier, brand: identity.brand, customerId: customerId, at: now)
                // A change of identifier that replaces: the customer's other addresses of this kind go.
                if session.replacesOthers, customerId == session.customerId {
                    try await store.releaseIdentifiers(customerId: customerId, type: identity.identifier.type, except: identity.identifier.value)
                }
            }
            record(.otpValidated, operation, brand: identity.brand, customerId: customerId)
            let passwordRegistered =
                policy.passwords ? try await applyHeldPassword(sessionId: session.id, customerId: customerId, brand: identity.brand, at: now) : false
            return try await issueTokens(
                identity, customerId: customerId, at: now, operation: operation, passwordRegistered: passwordRegistered, mfa: factor == .second)
        }
    }
}
