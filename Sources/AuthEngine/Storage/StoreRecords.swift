import Foundation

/// A session: a login begun at token/generate, a new address to prove, or a second factor.
/// Identifier values and the brand are canonical.
public struct SessionRecord: Hashable, Sendable {
    public var id: String
    public var brand: String
    public var identifierType: String
    public var identifierValue: String
    /// Set for sessions made on the mobile path.
    public var deviceId: String?
    /// What the caller said the customer is reached at: claims, never a destination until
    /// verified in the directory.
    public var mobile: String?
    public var email: String?
    /// The customer the identifier belonged to when the session was made, or the id it gets
    /// on its first login.
    public var customerId: String
    public var createdAt: Date
    public var expiresAt: Date
    /// What the session is for, which decides how it may complete.
    public var purpose: SessionPurpose

    public init(
        id: String, brand: String, identifierType: String, identifierValue: String, deviceId: String?,
        mobile: String?, email: String?, customerId: String, createdAt: Date, expiresAt: Date, purpose: SessionPurpose = .login
    ) {
        self.id = id
        self.brand = brand
        self.identifierType = identifierType
        self.identifierValue = identifierValue
        self.deviceId = deviceId
        self.mobile = mobile
        self.email = email
        self.customerId = customerId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.purpose = purpose
    }
}

/// What a session is for.
public enum SessionPurpose: Hashable, Sendable {
    /// token/generate: a first-factor login, by OTP or by password.
    case login
    /// user/updateIdentifierValue: the proof of a new address of the session's customer. It
    /// completes only by an OTP sent to that address; with `replacesOthers`, the customer's
    /// other addresses of its kind go once it is proved.
    case identifierChange(replacesOthers: Bool)
    /// mfa/token/generate: the second factor of a login, which must differ from its first.
    case secondFactor(FirstFactor)
}

/// What the first factor of a login proved, so that its second factor can differ from it.
public struct FirstFactor: Hashable, Sendable {
    /// The login (family of keys) the second factor completes; its tokens join it, so one
    /// logout ends both factors.
    public var family: String
    /// How the first factor was passed.
    public var methods: [AuthMethod]
    /// The destination key of the address its OTP went to; nil for a password.
    public var destination: String?

    public init(family: String, methods: [AuthMethod], destination: String?) {
        self.family = family
        self.methods = methods
        self.destination = destination
    }
}

/// The one live OTP of a session, kept as its digest only.
public struct OTPRecord: Hashable, Sendable {
    public var sessionId: String
    public var digest: Data
    public var issuedAt: Date
    public var expiresAt: Date
    /// Whether it went to the session's identifier itself, so that validating it proves the
    /// customer holds that identifier.
    public var provesIdentifier: Bool
    /// The destination key of the address it went to (an address a validation proves); nil
    /// when it was sent nowhere.
    public var destination: String?

    public init(sessionId: String, digest: Data, issuedAt: Date, expiresAt: Date, provesIdentifier: Bool, destination: String? = nil) {
        self.sessionId = sessionId
        self.digest = digest
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.provesIdentifier = provesIdentifier
        self.destination = destination
    }
}

// MARK: Counters

/// The OTP limits of one key; nil turns a limit off.
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
    /// Counted, once per key.
    case admitted([Ticket])
    /// Nothing counted: a limit is reached, or the customer is locked; try again in
    /// `retryAfter` seconds.
    case refused(retryAfter: Int, locked: Bool)

    /// Seconds until the limits that refused a reservation reset: the window's end when it is
    /// full, the next UTC midnight when the day is, the later of the two when both are.
    public static func retryAfter(
        windowStart: Int64, windowCount: Int64, day: Int64, dayCount: Int64, now: Int64,
        windowMillis: Int64, windowLimit: Int64, dailyCap: Int64
    ) -> Int {
        var resetMillis: Int64 = 0
        if windowCount >= windowLimit { resetMillis = max(resetMillis, windowStart + windowMillis - now) }
        if day == now / 86_400_000, dayCount >= dailyCap { resetMillis = max(resetMillis, (day + 1) * 86_400_000 - now) }
        return seconds(untilMillis: resetMillis)
    }

    /// Whole seconds to wait, at least 1, for a span in milliseconds: a Retry-After.
    public static func seconds(untilMillis millis: Int64) -> Int {
        max(1, Int((millis + 999) / 1000))
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

/// How many wrong OTPs a customer may send, across sessions, before the account is locked.
public struct GuessLimits: Hashable, Sendable {
    /// Wrong OTPs allowed within one window.
    public var count: Int
    /// The window starts with its first wrong OTP.
    public var windowSeconds: Int
    /// How long the account stays locked once the allowance is used up.
    public var lockSeconds: Int

    public init(count: Int, windowSeconds: Int, lockSeconds: Int) {
        self.count = count
        self.windowSeconds = windowSeconds
        self.lockSeconds = lockSeconds
    }
}

public enum GuessReservation: Hashable, Sendable {
    /// An allowance is taken; `taken` of the window's are now used.
    case admitted(Ticket, taken: Int)
    /// Locked or used up: try again in `retryAfter` seconds.
    case refused(retryAfter: Int)

    public struct Ticket: Hashable, Sendable {
        public var key: String
        public var windowStart: Int64

        public init(key: String, windowStart: Int64) {
            self.key = key
            self.windowStart = windowStart
        }
    }
}

// MARK: Directory

/// One identifier of a customer: a MOBILE number, an EMAIL address or a USERNAME, canonical.
public struct CustomerIdentifier: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var type: String
    public var value: String

    public init(type: String, value: String) {
        self.type = type
        self.value = value
    }

    public var description: String { "\(type) \(value)" }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.type, lhs.value) < (rhs.type, rhs.value) }
}

/// A customer of one brand. Its MOBILE and EMAIL identifiers are also where OTPs may go, when
/// verified: proved by a validated OTP, or vouched for by the brand's import.
public struct CustomerRecord: Hashable, Sendable {
    public var id: String
    public var brand: String
    public var identifiers: [Entry]

    public struct Entry: Hashable, Sendable {
        public var identifier: CustomerIdentifier
        public var verified: Bool
        public var createdAt: Date

        public init(identifier: CustomerIdentifier, verified: Bool, createdAt: Date) {
            self.identifier = identifier
            self.verified = verified
            self.createdAt = createdAt
        }
    }

    public init(id: String, brand: String, identifiers: [Entry]) {
        self.id = id
        self.brand = brand
        self.identifiers = identifiers
    }

    /// Verified addresses of one kind (MOBILE or EMAIL), in a stable order.
    public func verified(_ type: String) -> [String] {
        identifiers.filter { $0.verified && $0.identifier.type == type }.map(\.identifier.value).sorted()
    }
}

/// An import that would give one identifier to two customers.
public struct DirectoryConflict: Error, Hashable, Sendable, CustomStringConvertible {
    /// The position of the customer in the import.
    public var index: Int
    public var message: String

    public init(index: Int, message: String) {
        self.index = index
        self.message = message
    }

    public var description: String { message }
}

// MARK: Regeneration keys

/// One login's family of regeneration keys: a mobile app's keys, or a web app's chain of
/// renewable access tokens. Revoking the family stops every key in it.
public struct GrantRecord: Hashable, Sendable {
    public var family: String
    public var brand: String
    public var customerId: String
    public var createdAt: Date
    /// When the whole family ends (a login's absolute lifetime); nil for never.
    public var expiresAt: Date?
    /// The destination key of the address the login's OTP went to; nil for a password login.
    /// A second factor must go elsewhere.
    public var destination: String?

    public init(family: String, brand: String, customerId: String, createdAt: Date, expiresAt: Date?, destination: String? = nil) {
        self.family = family
        self.brand = brand
        self.customerId = customerId
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.destination = destination
    }
}

/// One key of a family, kept as the digest of the token.
public struct GrantKeyRecord: Hashable, Sendable {
    /// The token's `jti`.
    public var id: String
    public var family: String
    public var digest: Data
    public var createdAt: Date
    /// When the key stops working; nil for never.
    public var expiresAt: Date?

    public init(id: String, family: String, digest: Data, createdAt: Date, expiresAt: Date?) {
        self.id = id
        self.family = family
        self.digest = digest
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// What using a key found.
public enum KeyUse: Hashable, Sendable {
    /// The key was live and is now used; its successor belongs to `family`.
    case used(family: String, customerId: String)
    /// The key, or its family, is past its end.
    case expired
    /// The key was used before: its family is revoked now.
    case reused
    /// No such key, or its family was revoked.
    case unknown
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
