import Foundation
import _CryptoExtras

/// The rules one brand's sessions and OTPs follow. Lifetimes are the documented ones of the
/// auth engine (`reference/auth-engine-api.md` §9); limits and account locking are on by
/// default, so a server nobody configured is safe to expose.
public struct BrandPolicy: Sendable {
    /// How long a session from token/generate lives.
    public var sessionLifetime: Duration = .seconds(15 * 60)
    /// How long an issued OTP can be validated.
    public var otpLifetime: Duration = .seconds(20 * 60)
    /// Digits in an OTP.
    public var otpLength = 6
    /// Wrong OTPs a session may send before it answers 1518.
    public var maxWrongAttempts = 5

    /// At most this many OTPs per customer and per destination within `otpWindow`; off when
    /// either is nil. Zero means OTPs are turned off for the brand (1535).
    public var otpMaxCount: Int? = 5
    public var otpWindow: Duration? = .seconds(10 * 60)
    /// At most this many OTPs per customer and per destination per calendar day (UTC); off when nil.
    public var dailyCap: Int? = 10

    /// Whether wrong OTPs are counted per customer across sessions, locking the account
    /// (new sessions and OTPs refused, keys revoked) once `maxIncorrectAttempts` are reached
    /// within `incorrectAttemptWindow`.
    public var accountLocking = true
    public var maxIncorrectAttempts = 5
    public var incorrectAttemptWindow: Duration = .seconds(30 * 60)
    public var lockPeriod: Duration = .seconds(30 * 60)

    /// Whether otp/generate must carry a payload `hash`, and how old its timestamp may be.
    public var requiresHash = false
    public var hashWindow: Duration = .seconds(120)
    /// The brand's RSA private key that opens payload hashes; required with `requiresHash`.
    public var hashPrivateKey: HashKey?

    /// Lifetime of the access token issued by otp/validate and token/regenerate.
    public var accessTokenLifetime: Duration = .seconds(15 * 60)
    /// How long after its expiry a web token can still be exchanged by token/regenerate.
    public var tokenRenewalWindow: Duration = .seconds(24 * 60 * 60)
    /// How long a web login can be renewed at all, counted from the OTP that started it.
    public var webLoginLifetime: Duration = .seconds(7 * 24 * 60 * 60)
    /// How long a mobile regeneration key works unused (each regeneration returns a new one);
    /// nil for no expiry, the documented default.
    public var keyExpiry: Duration?
    /// How long a mobile login can be renewed at all, counted from the login: its keys stop
    /// after it however often they are used. nil for never (`off`).
    public var mobileLoginLifetime: Duration? = .seconds(90 * 24 * 60 * 60)

    /// Whether the brand's customers may have passwords (registration at token/generate,
    /// password/validate, change and forget); off, those answer 1524.
    public var passwords = false
    /// The shortest password, in characters (NIST SP 800-63B asks for at least 8).
    public var passwordMinLength = 8
    /// Wrong passwords a session may send before it answers 1530. With account locking they
    /// also count toward `maxIncorrectAttempts`, together with wrong OTPs.
    public var maxPasswordAttempts = 5

    /// Whether the brand offers a second factor (the mfa/ operations); off, they answer 1550.
    public var mfa = false
    /// Whether the second factor may be the password (mfa/password/validate), as
    /// `IS_MFA_PASSWORD_ENABLED`; it also needs `passwords`.
    public var mfaPassword = false

    /// The brand's name in messages (`{brand}`): configured text, never request text. A brand
    /// listed in the configuration defaults to its key as written there.
    public var displayName: String?
    /// How the brand's customers write national mobile numbers.
    public var mobileRules = CanonicalForm.MobileRules()
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

    var guessLimits: GuessLimits {
        GuessLimits(
            count: maxIncorrectAttempts, windowSeconds: Int(incorrectAttemptWindow.components.seconds),
            lockSeconds: Int(lockPeriod.components.seconds))
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
        check(
            (otpMaxCount == nil) == (otpWindow == nil), otpMaxCount == nil ? "otpMaxCount" : "otpTimeOut",
            "otpMaxCount and otpTimeOut are set together or turned off together")
        check((dailyCap ?? 1) >= 1, "dailyCap", "must be at least 1 when set")
        check(maxIncorrectAttempts >= 1, "maxIncorrectAttempts", "must be at least 1, is \(maxIncorrectAttempts)")
        check(incorrectAttemptWindow > .zero, "incorrectAttemptMinutes", "must be longer than zero")
        check(lockPeriod > .zero && lockPeriod <= .seconds(43_200 * 60), "lockMinutes", "must be 1 to 43200 minutes")
        check(hashWindow > .zero, "encryption.validSeconds", "must be longer than zero")
        check(!requiresHash || hashPrivateKey != nil, "encryption.privateKey", "is required when encryption is enabled")
        check(accessTokenLifetime > .zero, "accessTokenMinutes", "must be longer than zero")
        check(tokenRenewalWindow >= .zero, "tokenRenewalMinutes", "must not be negative")
        check(webLoginLifetime > .zero, "webLoginMinutes", "must be longer than zero")
        check(keyExpiry.map { $0 > .zero } ?? true, "keyExpiryMinutes", "must be longer than zero")
        check(mobileLoginLifetime.map { $0 > .zero } ?? true, "mobileLoginMinutes", "must be longer than zero")
        check((8...64).contains(passwordMinLength), "passwords.minLength", "must be 8 to 64 characters, is \(passwordMinLength)")
        check(!(mfa && mfaPassword) || passwords, "mfa.password", "needs passwords.enabled")
        check(
            !passwords || accountLocking, "passwords.enabled",
            "needs accountLocking: without it only a session's attempts limit guesses, and sessions are free")
        check(maxPasswordAttempts >= 1, "passwords.maxAttempts", "must be at least 1, is \(maxPasswordAttempts)")
        if let code = mobileRules.defaultCountryCode {
            check(code.wholeMatch(of: /[1-9][0-9]{0,2}/) != nil, "defaultCountryCode", "must be 1 to 3 digits, not starting with 0, is \(code)")
        }
        if let digits = mobileRules.nationalNumberDigits {
            check(mobileRules.defaultCountryCode != nil, "nationalNumberDigits", "needs defaultCountryCode")
            check((4...14).contains(digits), "nationalNumberDigits", "must be 4 to 14, is \(digits)")
        }
        if let displayName {
            check(
                !displayName.isEmpty && !displayName.unicodeScalars.contains(where: CanonicalForm.isHidden), "displayName",
                "must be text without control characters")
        }
        check(channels.mobileChannel.sendsToMobile, "mobileChannel", "must be SMS, WHATSAPP or ZALO")
        check(
            channels.templates[channels.mobileChannel] != nil, "channels.\(channels.mobileChannel.rawValue).template",
            "is required: \(channels.mobileChannel.rawValue) is the mobileChannel")
        for (channel, template) in channels.templates.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let key = "channels.\(channel.rawValue).template"
            check(template.contains("{otp}"), key, "must contain {otp}")
            check(displayName != nil || !template.contains("{brand}"), key, "uses {brand}: set displayName, the brand's name in messages")
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
