import Foundation

/// The rules one brand's sessions and OTPs follow. Every default is the documented one of the
/// auth engine (see `reference/auth-engine-api.md` §9); limits are off unless set.
public struct BrandPolicy: Hashable, Sendable {
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
    /// Lifetime of the access token issued by otp/validate and token/regenerate.
    public var accessTokenLifetime: Duration = .seconds(15 * 60)

    public init() {}

    /// A setting outside what the engine can honour, named by its configuration key.
    public struct Invalid: Error, Hashable, Sendable, CustomStringConvertible {
        public var key: String
        public var message: String
        public var description: String { "\(key): \(message)" }
    }

    /// Every setting outside its range, so a bad configuration names all its keys at once.
    public func problems() -> [Invalid] {
        var problems: [Invalid] = []
        func check(_ ok: Bool, _ key: String, _ message: String) {
            if !ok { problems.append(Invalid(key: key, message: message)) }
        }
        check(sessionLifetime > .zero, "sessionLifetime", "must be longer than zero")
        check(otpLifetime > .zero, "otpLifetime", "must be longer than zero")
        check((4...10).contains(otpLength), "otpLength", "must be 4 to 10 digits, is \(otpLength)")
        check(maxWrongAttempts >= 1, "maxWrongAttempts", "must be at least 1, is \(maxWrongAttempts)")
        check((otpMaxCount ?? 0) >= 0, "otpMaxCount", "must not be negative")
        check(otpWindow.map { $0 > .zero } ?? true, "otpWindow", "must be longer than zero")
        check((otpMaxCount == nil) == (otpWindow == nil), otpMaxCount == nil ? "otpMaxCount" : "otpWindow",
              "otpMaxCount and otpWindow are set together or not at all")
        check((dailyCap ?? 1) >= 1, "dailyCap", "must be at least 1 when set")
        check(hashWindow > .zero, "hashWindow", "must be longer than zero")
        check(accessTokenLifetime > .zero, "accessTokenLifetime", "must be longer than zero")
        return problems
    }
}
