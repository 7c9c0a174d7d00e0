import _CryptoExtras
import Foundation

/// The rules one brand's sessions and OTPs follow. Every default is the documented one of the
/// auth engine (see `reference/auth-engine-api.md` §9); limits are off unless set.
public struct BrandPolicy: Sendable {
    /// How long a session from token/generate lives.
    public var sessionLifetime: Duration = .seconds(15 * 60)
    /// How long an issued OTP can be validated.
    public var otpLifetime: Duration = .seconds(20 * 60)
    /// Digits in an OTP.
    public var otpLength = 6
    /// Wrong OTPs a session may send before it answers 1518.
    public var maxWrongAttempts = 5
    /// At most this many OTPs per identifier within `otpWindow`; off when either is nil.
    /// Zero means OTPs are turned off for the brand (1535).
    public var otpMaxCount: Int?
    public var otpWindow: Duration?
    /// At most this many OTPs per identifier per calendar day (UTC); off when nil.
    public var dailyCap: Int?
    /// Whether otp/generate must carry a payload `hash`, and how old its timestamp may be.
    public var requiresHash = false
    public var hashWindow: Duration = .seconds(120)
    /// The brand's RSA private key that opens payload hashes; required with `requiresHash`.
    public var hashPrivateKey: HashKey?
    /// Lifetime of the access token issued by otp/validate and token/regenerate.
    public var accessTokenLifetime: Duration = .seconds(15 * 60)
    /// How long after its expiry a web token can still be exchanged by token/regenerate.
    public var tokenRenewalWindow: Duration = .seconds(24 * 60 * 60)
    /// Channels, templates and providers.
    public var channels = ChannelSettings()

    public init() {}

    /// A setting outside what the engine can honour, named by its configuration key.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var key: String
        public var message: String
        public var description: String { "\(key): \(message)" }
    }

    /// The limits the store enforces for this brand.
    var limits: OTPLimits {
        OTPLimits(
            window: otpMaxCount.flatMap { count in otpWindow.map { OTPLimits.Window(count: count, seconds: Int($0.components.seconds)) } },
            dailyCap: dailyCap)
    }

    /// Every setting outside its range, so a bad configuration names all its keys at once.
    /// Keys are those of the configuration file.
    public func problems() -> [Invalid] {
        var problems: [Invalid] = []
        func check(_ ok: Bool, _ key: String, _ message: String) {
            if !ok { problems.append(Invalid(key: key, message: message)) }
        }
        check(sessionLifetime > .zero, "sessionMinutes", "must be longer than zero")
        check(otpLifetime > .zero, "otpMinutes", "must be longer than zero")
        check((4...10).contains(otpLength), "otpLength", "must be 4 to 10 digits, is \(otpLength)")
        check(maxWrongAttempts >= 1, "maxWrongAttempts", "must be at least 1, is \(maxWrongAttempts)")
        check((otpMaxCount ?? 0) >= 0, "otpMaxCount", "must not be negative")
        check(otpWindow.map { $0 > .zero } ?? true, "otpTimeOut", "must be longer than zero")
        check((otpMaxCount == nil) == (otpWindow == nil), otpMaxCount == nil ? "otpMaxCount" : "otpTimeOut",
              "otpMaxCount and otpTimeOut are set together or not at all")
        check((dailyCap ?? 1) >= 1, "dailyCap", "must be at least 1 when set")
        check(hashWindow > .zero, "encryption.validSeconds", "must be longer than zero")
        check(!requiresHash || hashPrivateKey != nil, "encryption.privateKey", "is required when encryption is enabled")
        check(accessTokenLifetime > .zero, "accessTokenMinutes", "must be longer than zero")
        check(tokenRenewalWindow >= .zero, "tokenRenewalMinutes", "must not be negative")
        check(channels.mobileChannel.sendsToMobile, "mobileChannel", "must be SMS, WHATSAPP or ZALO")
        for (channel, template) in channels.templates.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            check(template.contains("{otp}"), "channels.\(channel.rawValue).template", "must contain {otp}")
        }
        return problems
    }
}

/// A brand's RSA private key for payload hashes. Immutable once made, and BoringSSL's RSA
/// operations are safe to run from several threads on one key, hence the unchecked Sendable.
public struct HashKey: @unchecked Sendable {
    public let privateKey: _RSA.Encryption.PrivateKey

    public init(_ privateKey: _RSA.Encryption.PrivateKey) {
        self.privateKey = privateKey
    }

    /// Reads a PEM key (PKCS#1 or PKCS#8).
    public init(pem: String) throws {
        privateKey = try _RSA.Encryption.PrivateKey(pemRepresentation: pem)
    }
}
