import AuthAPI
import AuthPayloadHash
import Crypto
import Foundation
import Logging

/// The OTP rules of the auth API: sessions, OTP issue and delivery, validation, tokens.
/// Plain logic over a store, a clock and a code source; the server maps its answers to HTTP.
///
/// Every method throws `AuthFailure` for a refusal with the API's code; any other error is a
/// fault of the store or the machine.
public struct AuthEngine: Sendable {
    public let configuration: EngineConfiguration
    let store: any AuthStore
    let senders: [String: any MessageSender]
    let now: @Sendable () -> Date
    let codes: any CodeSource
    let otpKey: SymmetricKey
    let tokens: TokenSigner
    let logger: Logger
    let sessions = SessionCache()

    /// Prepares an engine: secrets not given in `configuration` are loaded from the store, or
    /// made and stored there on first start.
    /// - Parameters:
    ///   - senders: Providers by the names the brands' channel settings use.
    ///   - now: The clock; tests pass a fake one.
    ///   - codes: Where OTP digits come from; tests pass a scripted one.
    public static func start(
        configuration: EngineConfiguration, store: any AuthStore, senders: [String: any MessageSender] = ["console": ConsoleSender()],
        now: @escaping @Sendable () -> Date = { Date() }, codes: any CodeSource = SystemCodeSource(),
        logger: Logger = Logger(label: "auth-engine")
    ) async throws -> AuthEngine {
        let problems = configuration.problems()
        guard problems.isEmpty else { throw InvalidConfiguration(problems: problems) }
        func storedKey(_ name: String) async throws -> SymmetricKey {
            SymmetricKey(data: try await store.secret(named: name) { SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) } })
        }
        let otpKey = if let key = configuration.otpKey { key } else { try await storedKey("otp-digest-key") }
        let tokenKey = if let key = configuration.tokenKey { key } else { try await storedKey("token-signing-key") }
        return AuthEngine(
            configuration: configuration, store: store, senders: senders, now: now, codes: codes, otpKey: otpKey,
            tokens: await TokenSigner(key: tokenKey, issuer: configuration.tokenIssuer), logger: logger)
    }

    // MARK: token/generate

    /// Opens a session for `identity`, valid for the brand's session lifetime.
    public func createSession(_ identity: Identity, mobile: String? = nil, email: String? = nil) async throws -> IssuedSession {
        let policy = try configuration.policy(for: identity.brand)
        let now = now()
        let session = SessionRecord(
            id: "P-" + UUID().uuidString.lowercased(), brand: identity.brand, identifierType: identity.identifierType,
            identifierValue: identity.identifierValue, deviceId: identity.deviceId, mobile: mobile, email: email,
            createdAt: now, expiresAt: now + policy.sessionLifetime.timeInterval)
        try await store.insertSession(session)
        sessions.insert(session)
        let token = try await tokens.sign(
            role: .view, identifierType: identity.identifierType, identifierValue: identity.identifierValue, brand: identity.brand,
            deviceId: identity.deviceId, issuedAt: now, expiresAt: session.expiresAt)
        return IssuedSession(sessionId: session.id, token: token)
    }

    // MARK: otp/generate

    /// Issues a new OTP for the session and sends it, replacing any earlier one. The checks run
    /// in the API's order: session (1505), brand (1509), device (1508), identifier (1541, or
    /// 1507 for a mobile number), identifierType (1546), destination (1540), OTPs turned off
    /// (1535), limits (1534), payload hash (5004), channel (1601-1603), delivery (1503).
    ///
    /// A request refused after the limits were counted gives its count back, so only OTPs that
    /// were sent count; a tampered request cannot use up a customer's limit.
    public func generateOTP(_ identity: Identity, sessionId: String, hash: String?, fallbackChannel: Channel?) async throws {
        let now = now()
        let session = try await liveSession(sessionId, for: identity, at: now)
        let policy = try configuration.policy(for: session.brand)
        _ = try ChannelRoute.destination(for: session, settings: policy.channels)
        if policy.otpMaxCount == 0 { throw AuthFailure.otpMaximumZero }

        // With both limits off (the default) nothing is counted.
        var ticket: OTPReservation.Ticket?
        let limits = policy.limits
        if limits.window != nil || limits.dailyCap != nil {
            switch try await store.reserveOTP(for: Self.limitKey(session), limits: limits, at: now) {
            case .refused(let retryAfter): throw AuthFailure.otpLimitReached(retryAfter: retryAfter)
            case .admitted(let admitted): ticket = admitted
            }
        }
        do {
            try checkHash(hash, identity: identity, sessionId: sessionId, policy: policy, at: now)
            let route = try ChannelRoute.plan(session: session, settings: policy.channels, fallback: fallbackChannel)
            guard let sender = senders[route.provider] else { throw AuthFailure.channelMisconfigured }

            let otp = codes.digits(policy.otpLength)
            try await store.replaceOTP(OTPRecord(
                sessionId: session.id, digest: OTPDigest(otp: otp, sessionId: session.id, key: otpKey).bytes,
                issuedAt: now, expiresAt: now + policy.otpLifetime.timeInterval))
            let message = route.message(otp: otp, brand: session.brand, lifetimeMinutes: Int(policy.otpLifetime.components.seconds / 60))
            do {
                try await sender.send(message)
            } catch {
                logger.warning("OTP delivery failed", metadata: [
                    "brand": "\(session.brand)", "channel": "\(route.channel.rawValue)", "provider": "\(route.provider)", "error": "\(error)",
                ])
                throw AuthFailure.deliveryFailed
            }
        } catch {
            if let ticket { try? await store.release(ticket) }
            throw error
        }
    }

    /// What limits count by: one customer of one brand.
    static func limitKey(_ session: SessionRecord) -> String {
        [session.brand, session.identifierType, session.identifierValue].joined(separator: "|")
    }

    private func checkHash(_ hash: String?, identity: Identity, sessionId: String, policy: BrandPolicy, at now: Date) throws(AuthFailure) {
        guard policy.requiresHash else { return }
        guard let hash, let key = policy.hashPrivateKey?.privateKey else { throw .responseTampered }
        let digest = PayloadHash.digest(
            identifierType: identity.identifierType, identifierValue: identity.identifierValue, deviceId: identity.deviceId,
            brand: identity.brand, sessionId: sessionId)
        let verdict = PayloadHash.verify(hash, digest: digest, privateKey: key, now: now, window: policy.hashWindow.timeInterval)
        guard verdict == .valid else { throw .responseTampered }
    }

    // MARK: otp/validate

    /// Checks an OTP against the session's live one. Each try takes an attempt first (1518
    /// once the brand's cap is used), so parallel guesses cannot exceed the cap; a right OTP or
    /// a missing one gives its attempt back. A right OTP is consumed: it works once.
    public func validateOTP(_ identity: Identity, sessionId: String, otp: String) async throws -> IssuedTokens {
        let now = now()
        let session = try await liveSession(sessionId, for: identity, at: now)
        let policy = try configuration.policy(for: session.brand)
        guard try await store.reserveAttempt(sessionId: session.id, limit: policy.maxWrongAttempts) else {
            throw AuthFailure.attemptsExhausted
        }
        guard let stored = try await store.otp(sessionId: session.id), stored.expiresAt > now else {
            try await store.refundAttempt(sessionId: session.id)
            throw AuthFailure.noOTP
        }
        guard OTPDigest(bytes: stored.digest).matches(otp: otp, sessionId: session.id, key: otpKey) else {
            throw AuthFailure.wrongOTP
        }
        try await store.refundAttempt(sessionId: session.id)
        guard try await store.consumeOTP(sessionId: session.id, digest: stored.digest) else { throw AuthFailure.noOTP }

        let token = try await accessToken(for: identity, policy: policy, at: now)
        guard identity.platform == .mobile else { return IssuedTokens(token: token, key: nil) }
        let key = try await tokens.sign(
            role: .auth, identifierType: identity.identifierType, identifierValue: identity.identifierValue, brand: identity.brand,
            deviceId: identity.deviceId, issuedAt: now, expiresAt: nil)
        return IssuedTokens(token: token, key: key)
    }

    // MARK: token/regenerate

    /// A new access token for the holder of a regeneration key (mobile): the key must be one
    /// this server issued to the same identifier, brand and device, else 1525.
    public func regenerate(_ identity: Identity, key: String) async throws -> IssuedTokens {
        let policy = try configuration.policy(for: identity.brand)
        guard let claims = await tokens.open(key), claims.rol == .auth, matches(claims, identity) else {
            throw AuthFailure.cannotRegenerate
        }
        return IssuedTokens(token: try await accessToken(for: identity, policy: policy, at: now()), key: nil)
    }

    /// A new access token for a web client's previous one, expired or not: 1525 when it is not
    /// an access token this server issued to the same identifier and brand, 1529 when it
    /// expired longer ago than the brand's renewal window.
    public func regenerate(_ identity: Identity, expiredToken: String) async throws -> IssuedTokens {
        let policy = try configuration.policy(for: identity.brand)
        let now = now()
        guard let claims = await tokens.open(expiredToken), claims.rol == .user, matches(claims, identity) else {
            throw AuthFailure.cannotRegenerate
        }
        if let expiry = claims.exp?.value, now > expiry + policy.tokenRenewalWindow.timeInterval {
            throw AuthFailure.tokenExpired
        }
        return IssuedTokens(token: try await accessToken(for: identity, policy: policy, at: now), key: nil)
    }

    // MARK: Shared checks

    /// The session `sessionId` if it is live and `identity` is the one that created it.
    private func liveSession(_ sessionId: String, for identity: Identity, at now: Date) async throws -> SessionRecord {
        guard let session = try await cachedSession(sessionId), session.expiresAt > now else {
            throw AuthFailure.sessionInvalid
        }
        guard session.brand == identity.brand else { throw AuthFailure.brandMismatch }
        guard session.deviceId == identity.deviceId else { throw AuthFailure.deviceMismatch }
        guard session.identifierValue == identity.identifierValue else {
            throw session.identifierType == IdentifierType.mobile.rawValue ? AuthFailure.mobileMismatch : AuthFailure.identifierMismatch
        }
        guard session.identifierType == identity.identifierType else { throw AuthFailure.invalidIdentifierType }
        return session
    }

    private func cachedSession(_ id: String) async throws -> SessionRecord? {
        if let session = sessions.session(id: id) { return session }
        guard let session = try await store.session(id: id) else { return nil }
        sessions.insert(session)
        return session
    }

    private func matches(_ claims: TokenClaims, _ identity: Identity) -> Bool {
        claims.sub.value == TokenClaims.subject(identity.identifierType, identity.identifierValue)
            && claims.org == identity.brand && claims.dev == identity.deviceId
    }

    private func accessToken(for identity: Identity, policy: BrandPolicy, at now: Date) async throws -> String {
        try await tokens.sign(
            role: .user, identifierType: identity.identifierType, identifierValue: identity.identifierValue, brand: identity.brand,
            deviceId: identity.deviceId, issuedAt: now, expiresAt: now + policy.accessTokenLifetime.timeInterval)
    }
}

/// A configuration the engine cannot honour, every bad key named.
public struct InvalidConfiguration: Error, CustomStringConvertible {
    public var problems: [BrandPolicy.Invalid]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
