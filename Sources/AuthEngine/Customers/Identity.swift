import AuthAPI

/// Which app family a request came from: mobile paths carry a deviceId and get a
/// regeneration key; web paths do not.
public enum Platform: String, Hashable, Sendable {
    case mobile, web
}

/// Who a request speaks for: the fields every auth request carries, as sent.
public struct Identity: Hashable, Sendable {
    public var platform: Platform
    public var identifierType: IdentifierType
    public var identifierValue: String
    /// Required on mobile; web requests usually leave it out.
    public var deviceId: String?
    public var brand: String

    public init(platform: Platform, identifierType: IdentifierType, identifierValue: String, deviceId: String?, brand: String) {
        self.platform = platform
        self.identifierType = identifierType
        self.identifierValue = identifierValue
        self.deviceId = deviceId
        self.brand = brand
    }
}

/// An identity in canonical form, with the policy of its brand: what every rule compares.
struct CanonicalIdentity: Sendable {
    var platform: Platform
    var identifier: CustomerIdentifier
    var deviceId: String?
    var brand: String
    var policy: BrandPolicy
    /// The request as sent, for the payload hash (the client hashes what it sends).
    var request: Identity

    var type: IdentifierType { IdentifierType(rawValue: identifier.type) ?? .username }
}

/// What token/generate answers: the new session and its VIEW token.
public struct IssuedSession: Hashable, Sendable {
    public var sessionId: String
    public var token: String
    /// Whether the customer has a password (`userRegisteredForPassword`).
    public var passwordRegistered = false
}

/// What otp/validate and token/regenerate answer: an access token and, on mobile, the key
/// that regenerates it (each regeneration returns the next key).
public struct IssuedTokens: Hashable, Sendable {
    public var token: String
    public var key: String?
    /// Whether the customer has a password (`userRegisteredForPassword`).
    public var passwordRegistered = false
}
