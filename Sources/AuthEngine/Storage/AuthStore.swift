import Foundation

/// Where sessions, OTPs and counters live. Every method that enforces a rule (a limit, the
/// attempts cap, single use) is one atomic step in the store, so the rules hold under
/// concurrency and across server instances: nothing reads a value in Swift and writes it back.
public protocol AuthStore: Sendable {
    func insertSession(_ session: SessionRecord) async throws
    func session(id: String) async throws -> SessionRecord?

    /// Counts one OTP for `key` if both of its limits allow it, else says when they reset.
    func reserveOTP(for key: String, limits: OTPLimits, at now: Date) async throws -> OTPReservation
    /// Gives back a reservation whose OTP was never sent.
    func release(_ ticket: OTPReservation.Ticket) async throws

    /// Stores the session's OTP, replacing any earlier one.
    func replaceOTP(_ otp: OTPRecord) async throws
    func otp(sessionId: String) async throws -> OTPRecord?
    /// Deletes the session's OTP if it still has `digest`; false when it was already used or replaced.
    func consumeOTP(sessionId: String, digest: Data) async throws -> Bool

    /// Takes one validation attempt of the session if fewer than `limit` are taken.
    func reserveAttempt(sessionId: String, limit: Int) async throws -> Bool
    /// Returns an attempt that was not a wrong OTP.
    func refundAttempt(sessionId: String) async throws

    /// The secret stored under `name`, stored first from `make()` when there is none yet; every
    /// caller (and every instance sharing the store) gets the same bytes.
    func secret(named name: String, orCreate make: @Sendable () -> Data) async throws -> Data

    /// Deletes up to `batch` rows per table of what is over at `now`: expired sessions and
    /// OTPs, and counters whose window and day have both passed. Returns how many went; a
    /// purger calls it until it returns 0, so no statement holds the store for long.
    func purgeExpired(at now: Date, batch: Int) async throws -> Int

    /// Finishes what is in flight and lets go of the database.
    func close() async throws
}

/// A session from token/generate.
public struct SessionRecord: Hashable, Sendable {
    public var id: String
    public var brand: String
    public var identifierType: String
    public var identifierValue: String
    /// Set for sessions made on the mobile path.
    public var deviceId: String?
    public var mobile: String?
    public var email: String?
    public var createdAt: Date
    public var expiresAt: Date

    public init(
        id: String, brand: String, identifierType: String, identifierValue: String, deviceId: String?,
        mobile: String?, email: String?, createdAt: Date, expiresAt: Date
    ) {
        self.id = id
        self.brand = brand
        self.identifierType = identifierType
        self.identifierValue = identifierValue
        self.deviceId = deviceId
        self.mobile = mobile
        self.email = email
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// The one live OTP of a session, kept as its digest only.
public struct OTPRecord: Hashable, Sendable {
    public var sessionId: String
    public var digest: Data
    public var issuedAt: Date
    public var expiresAt: Date

    public init(sessionId: String, digest: Data, issuedAt: Date, expiresAt: Date) {
        self.sessionId = sessionId
        self.digest = digest
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }
}

/// The OTP limits of one identifier; nil turns a limit off.
public struct OTPLimits: Hashable, Sendable {
    /// At most `count` OTPs in a window of `seconds` that starts with the first of them.
    public var window: Window?
    /// At most this many OTPs per UTC calendar day.
    public var dailyCap: Int?

    public struct Window: Hashable, Sendable {
        public var count: Int
        public var seconds: Int

        public init(count: Int, seconds: Int) {
            self.count = count
            self.seconds = seconds
        }
    }

    public init(window: Window? = nil, dailyCap: Int? = nil) {
        self.window = window
        self.dailyCap = dailyCap
    }
}

public enum OTPReservation: Hashable, Sendable {
    case admitted(Ticket)
    /// A limit is reached; it resets in `retryAfter` seconds.
    case refused(retryAfter: Int)

    /// Seconds until the limits that refused a reservation reset: the window's end when it is
    /// full, the next UTC midnight when the day is, the later of the two when both are.
    public static func retryAfter(
        windowStart: Int64, windowCount: Int64, day: Int64, dayCount: Int64, now: Int64,
        windowMillis: Int64, windowLimit: Int64, dailyCap: Int64
    ) -> Int {
        var resetMillis: Int64 = 0
        if windowCount >= windowLimit { resetMillis = max(resetMillis, windowStart + windowMillis - now) }
        if day == now / 86_400_000, dayCount >= dailyCap { resetMillis = max(resetMillis, (day + 1) * 86_400_000 - now) }
        return max(1, Int((resetMillis + 999) / 1000))
    }

    /// Which counts a reservation added to, so a release takes back exactly those.
    public struct Ticket: Hashable, Sendable {
        public var key: String
        public var windowStart: Int64
        public var day: Int64

        public init(key: String, windowStart: Int64, day: Int64) {
            self.key = key
            self.windowStart = windowStart
            self.day = day
        }
    }
}

extension Date {
    /// Milliseconds since 1970, the stores' time unit.
    public var storeMillis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    public init(storeMillis: Int64) {
        self.init(timeIntervalSince1970: Double(storeMillis) / 1000)
    }

    /// Days since 1970 in UTC: the daily cap's calendar day.
    public var utcDay: Int64 { Int64((timeIntervalSince1970 / 86_400).rounded(.down)) }
}
