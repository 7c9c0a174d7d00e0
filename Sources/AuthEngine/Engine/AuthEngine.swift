import AuthAPI
import AuthPayloadHash
import Crypto
import Foundation
import Logging

/// The OTP rules of the auth API: sessions, OTP issue and delivery, validation, tokens and
/// regeneration keys, limits and account locks. Plain logic over a store, a clock and a code
/// source; the server maps its answers to HTTP.
///
/// Every method throws `AuthFailure` for a refusal with the API's code; any other error is a
/// fault of the store or the machine. Identifiers and brands are compared in their canonical
/// form (`CanonicalForm`).
public struct AuthEngine: Sendable {
    public let configuration: EngineConfiguration
    /// Policies by canonical brand name.
    let brands: [String: BrandPolicy]
    let store: any AuthStore
    let senders: [String: any MessageSender]
    let now: @Sendable () -> Date
    let codes: any CodeSource
    let otpKey: SymmetricKey
    /// Keys counters and names new customers, so that the store holds no address in a key;
    /// keyed once, and copied for each digest rather than keyed again.
    let directoryMAC: HMAC<SHA256>
    let tokens: TokenSigner
    /// A `var` only so that tests can give an engine a hasher whose threads they hold.
    var passwords: PasswordHasher
    /// Seals the passwords sessions hold until their OTP is validated.
    let heldPasswords: PasswordSeal
    let logger: Logger
    let audit: any AuditSink
    let sessions = SessionCache()
    let deliveries = BackgroundDeliveries()

    /// Prepares an engine; a configuration it cannot honour (a bad range, a missing secret)
    /// throws `InvalidConfiguration` naming every bad key.
    /// - Parameters:
    ///   - senders: Providers by the names the brands' channel settings use.
    ///   - now: The clock; tests pass a fake one.
    ///   - codes: Where OTP digits come from; tests pass a scripted one.
    ///   - audit: Where every step of every login is reported (`AuditEvent`).
    public static func start(
        configuration: EngineConfiguration, store: any AuthStore, senders: [String: any MessageSender] = ["console": ConsoleSender()],
        now: @escaping @Sendable () -> Date = { Date() }, codes: any CodeSource = SystemCodeSource(),
        logger: Logger = Logger(label: "auth-engine"), audit: any AuditSink = NoAudit()
    ) async throws -> AuthEngine {
        var problems = configuration.problems()
        if configuration.otpKey == nil { problems.append(.init(key: "secrets.otpKey", message: "is required")) }
        if configuration.tokenKey == nil { problems.append(.init(key: "secrets.tokenKey", message: "is required")) }
        guard problems.isEmpty, let otpKey = configuration.otpKey, let tokenKey = configuration.tokenKey else {
            throw InvalidConfiguration(problems: problems)
        }
        let directoryKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: otpKey, info: Data("auth-engine directory".utf8), outputByteCount: 32)
        return AuthEngine(
            configuration: configuration, brands: configuration.canonicalBrands().brands.mapValues(\.policy), store: store,
            senders: senders, now: now, codes: codes, otpKey: otpKey, directoryMAC: HMAC(key: directoryKey),
            tokens: await TokenSigner(key: tokenKey, issuer: configuration.tokenIssuer),
            passwords: PasswordHasher(parameters: configuration.passwordHashing), heldPasswords: PasswordSeal(otpKey: otpKey), logger: logger,
            audit: audit)
    }

    /// Waits for the messages sent after their answer (a USERNAME's); the server calls it
    /// before it closes the store.
    public func finishDeliveries() async {
        await deliveries.finish()
    }

    // MARK: Canonical identities

    /// The policy of a canonical brand name.
    func policy(for brand: String) throws(AuthFailure) -> BrandPolicy {
        if let policy = brands[brand] { return policy }
        guard configuration.acceptsAnyBrand else { throw .unsupportedBrand }
        return configuration.defaults
    }

    /// The request's identity in canonical form: the brand (422 when it cannot be read, 1504
    /// when it is not served), then the identifier by the brand's rules (422).
    func canonical(_ identity: Identity) throws(AuthFailure) -> CanonicalIdentity {
        let brand: String
        do { brand = try CanonicalForm.brand(identity.brand) } catch { throw .invalidDetails(error) }
        let policy = try policy(for: brand)
        let value: String
        let deviceId: String?
        do {
            value = try CanonicalForm.identifier(identity.identifierType, identity.identifierValue, mobile: policy.mobileRules)
            // Web paths have no device: a deviceId sent there is not part of the identity.
            deviceId =
                identity.platform == .web
                ? nil : try identity.deviceId.map { device throws(CanonicalForm.Invalid) in try CanonicalForm.plain(device, field: "deviceId") }
        } catch {
            throw .invalidDetails(error)
        }
        return CanonicalIdentity(
            platform: identity.platform, identifier: CustomerIdentifier(type: identity.identifierType.rawValue, value: value),
            deviceId: deviceId, brand: brand, policy: policy, request: identity)
    }

    // MARK: Customers and counters

    /// The customer an identifier belongs to, or the id it gets on its first login: the same
    /// for every instance and every session, so limits and locks count on one key before and
    /// after the customer exists.
    func customerId(for identity: CanonicalIdentity) async throws -> String {
        if let id = try await store.customerId(brand: identity.brand, identifier: identity.identifier) { return id }
        return "C-" + digest(identity.brand, identity.identifier.type, identity.identifier.value).prefix(32)
    }

    /// The counter key of a customer: its limits, its wrong OTPs and its lock.
    public static func customerKey(_ customerId: String) -> String { "c:" + customerId }

    /// The counter key of a destination: one phone or mailbox, whichever brand, customer or
    /// channel it is sent for (so cycling brand names or `+tags` floods nobody).
    func destinationKey(route: ChannelRoute) -> String {
        destinationKey(mobile: route.channel.sendsToMobile, address: route.destination)
    }

    /// The counter key of a phone (`mobile`) or a mailbox.
    func destinationKey(mobile: Bool, address: String) -> String {
        mobile ? "d:" + digest("MOBILE", address) : "d:" + digest("EMAIL", CanonicalForm.mailbox(address))
    }

    // MARK: Audit

    /// Reports one event; the customer as a digest no store or log can turn back into it.
    func record(
        _ kind: AuditEvent.Kind, _ operation: AuditEvent.Operation, brand: String, code: Int32 = 200, customerId: String? = nil,
        channel: Channel? = nil, provider: String? = nil
    ) {
        audit.record(
            AuditEvent(
                kind: kind, operation: operation, time: now(), brand: brand, code: code,
                customer: customerId.map { String(digest("audit", $0).prefix(32)) }, channel: channel?.rawValue, provider: provider))
    }

    /// Runs one operation, reporting a refusal it ends in (a wrong OTP is reported where it is
    /// found, with its customer).
    func auditingRefusals<T>(_ operation: AuditEvent.Operation, _ request: Identity, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as AuthFailure {
            if failure != .wrongOTP, failure != .wrongPassword {
                // Only a brand this server serves is named: the field is the caller's text.
                let brand = (try? CanonicalForm.brand(request.brand)).flatMap { (try? policy(for: $0)) != nil ? $0 : nil } ?? "unsupported"
                record(.refused, operation, brand: brand, code: failure.code)
            }
            throw failure
        }
    }

    /// HMAC-SHA256 of the parts, hex: a name that holds no address.
    private func digest(_ parts: String...) -> String {
        var mac = directoryMAC
        for (index, part) in parts.enumerated() {
            if index > 0 { mac.update(data: [UInt8(0)]) }
            mac.update(data: Array(part.utf8))
        }
        return hexadecimal(mac.finalize())
    }

    // MARK: Sessions

    /// The session `sessionId` if it is live, of one of the `kinds` the operation takes, and
    /// `identity` is the one that created it. A second factor's session lives only as long as
    /// the login it completes: a logout, a lock or a reset ends it too.
    func liveSession(_ sessionId: String, for identity: CanonicalIdentity, at now: Date, kinds: Set<SessionKind>) async throws -> SessionRecord {
        guard let session = try await cachedSession(sessionId), session.expiresAt > now, kinds.contains(session.purpose.kind) else {
            throw AuthFailure.sessionInvalid
        }
        if case .secondFactor(let first) = session.purpose, try await store.grant(family: first.family, at: now) == nil {
            throw AuthFailure.sessionInvalid
        }
        guard session.brand == identity.brand else { throw AuthFailure.brandMismatch }
        guard session.deviceId == identity.deviceId else { throw AuthFailure.deviceMismatch }
        guard session.identifierValue == identity.identifier.value else {
            throw session.identifierType == IdentifierType.mobile.rawValue ? AuthFailure.mobileMismatch : AuthFailure.identifierMismatch
        }
        guard session.identifierType == identity.identifier.type else { throw AuthFailure.invalidIdentifierType }
        return session
    }

    private func cachedSession(_ id: String) async throws -> SessionRecord? {
        if let session = sessions.session(id: id) { return session }
        guard let session = try await store.session(id: id) else { return nil }
        sessions.insert(session)
        return session
    }

    // MARK: Tokens

    func subject(_ identity: CanonicalIdentity, customerId: String?) -> TokenSigner.Subject {
        TokenSigner.Subject(identifier: identity.identifier, brand: identity.brand, deviceId: identity.deviceId, customerId: customerId)
    }

    /// Whether a token was issued to the canonical identity of a request.
    func matches(_ claims: TokenClaims, _ identity: CanonicalIdentity) -> Bool {
        claims.sub.value == TokenClaims.subject(identity.identifier) && claims.org == identity.brand && claims.dev == identity.deviceId
    }

    func accessToken(
        for identity: CanonicalIdentity, customerId: String, family: String? = nil, methods: [AuthMethod], at now: Date
    ) async throws -> TokenSigner.Signed {
        try await tokens.sign(
            .user, for: subject(identity, customerId: customerId), family: family, methods: methods, issuedAt: now,
            expiresAt: now + identity.policy.accessTokenLifetime.timeInterval)
    }
}

/// The kinds of session an operation takes (`SessionPurpose` without what each carries).
enum SessionKind: Hashable, Sendable {
    case login, identifierChange, secondFactor
}

extension SessionPurpose {
    var kind: SessionKind {
        switch self {
        case .login: .login
        case .identifierChange: .identifierChange
        case .secondFactor: .secondFactor
        }
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
