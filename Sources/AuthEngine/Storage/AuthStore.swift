import Foundation

/// Where sessions, OTPs, counters, the customer directory and regeneration keys live. Every
/// method that enforces a rule (a limit, a lock, the attempts cap, single use, key rotation) is
/// one atomic step in the store, so the rules hold under concurrency and across server
/// instances: nothing reads a value in Swift and writes it back.
public protocol AuthStore: Sendable {
    // MARK: Sessions

    func insertSession(_ session: SessionRecord) async throws
    func session(id: String) async throws -> SessionRecord?
    /// Records that the session took a payload hash sealed at `sealedAt` (Unix seconds), if
    /// that is later than the last one it took: false for a hash used before, or older.
    func useHash(sessionId: String, sealedAt: Int64) async throws -> Bool

    // MARK: Counters

    /// Counts one OTP against every key (a customer, then a destination) if each of the keys'
    /// limits allows it and the first key is not locked; otherwise counts nothing and says
    /// when to try again.
    func reserveOTP(keys: [String], limits: OTPLimits, at now: Date) async throws -> OTPReservation
    /// Gives back a reservation whose OTP was never sent.
    func release(_ tickets: [OTPReservation.Ticket]) async throws

    /// Takes one of a customer's wrong-OTP allowances for its window, unless they are used up
    /// or the customer is locked.
    func reserveGuess(key: String, limits: GuessLimits, at now: Date) async throws -> GuessReservation
    /// Returns an allowance that was not a wrong OTP.
    func refundGuess(_ ticket: GuessReservation.Ticket) async throws
    /// Locks the customer for `limits.lockSeconds` if its allowances are used up; true when
    /// this call locked it.
    func lockIfExhausted(key: String, limits: GuessLimits, at now: Date) async throws -> Bool
    /// When the customer's lock ends; nil when it is not locked.
    func lockedUntil(key: String, at now: Date) async throws -> Date?

    // MARK: OTPs and attempts

    /// Stores the session's OTP, replacing any earlier one, unless the session has used up
    /// `attemptLimit` validation attempts (then false: an OTP for it could never be validated).
    func replaceOTP(_ otp: OTPRecord, attemptLimit: Int) async throws -> Bool
    func otp(sessionId: String) async throws -> OTPRecord?
    /// Deletes the session's OTP if it still has `digest`; false when it was already used or replaced.
    func consumeOTP(sessionId: String, digest: Data) async throws -> Bool

    /// Takes one validation attempt of the session if fewer than `limit` are taken.
    func reserveAttempt(sessionId: String, limit: Int) async throws -> Bool
    /// Returns an attempt that was not a wrong OTP; a spent session stays spent.
    func refundAttempt(sessionId: String) async throws
    /// Takes every attempt the session has left, so that it validates nothing again (a
    /// password login uses its session up); false when an earlier call took them.
    func spendAttempts(sessionId: String) async throws -> Bool

    // MARK: Customer directory

    /// The customer a verified identifier belongs to.
    func customerId(brand: String, identifier: CustomerIdentifier) async throws -> String?
    /// A customer and every identifier and contact it has.
    func customer(id: String) async throws -> CustomerRecord?
    /// Records `identifier` as verified for `customerId` unless it already belongs to someone:
    /// the identifier's owner afterwards.
    func claimIdentifier(_ identifier: CustomerIdentifier, brand: String, customerId: String, at now: Date) async throws -> String
    /// Adds customers and their identifiers, all or none. A customer with an id adds to the
    /// customer of that id; one without (an empty id) is a new customer. An identifier another
    /// customer holds is a `DirectoryConflict`.
    func importCustomers(_ customers: [CustomerRecord], at now: Date) async throws
    /// Gives each of the customer's identifiers of `type` but `kept` to a new customer of its
    /// own, with nothing else: whoever holds such an address next (a recycled number) logs in
    /// to that empty customer, never to this one, even where this one's id was derived from
    /// the address. How many went.
    @discardableResult
    func releaseIdentifiers(customerId: String, type: String, except kept: String) async throws -> Int
    /// Deletes a customer's identifiers, password and sessions and revokes its keys; false when
    /// there was none.
    func removeCustomer(id: String, at now: Date) async throws -> Bool

    // MARK: Passwords

    /// The customer's password hash (a PHC string); nil when it has none.
    func passwordHash(customerId: String) async throws -> String?
    /// Sets the customer's password hash whatever it was; true when it replaced one.
    func replacePassword(customerId: String, brand: String, hash: String, at now: Date) async throws -> Bool
    /// Replaces the customer's password hash if it is still `expected`; false when it is not
    /// (a change or a rehash that lost a race to another change).
    func updatePassword(customerId: String, from expected: String, to hash: String, at now: Date) async throws -> Bool
    /// Holds a sealed password for a session until its OTP is validated, replacing one held
    /// before: it is hashed only then.
    func holdPassword(sessionId: String, sealed: String, until expiresAt: Date) async throws
    /// Takes the sealed password the session holds, once.
    func takeHeldPassword(sessionId: String) async throws -> String?

    // MARK: Regeneration keys

    /// Starts a family of keys (one login) with its first key.
    func insertGrant(_ grant: GrantRecord, key: GrantKeyRecord) async throws
    /// Adds a key to its family: a key's successor, or the first key of a login's second factor.
    func insertKey(_ key: GrantKeyRecord) async throws
    /// The family `family` if it is live: neither revoked nor past its end.
    func grant(family: String, at now: Date) async throws -> GrantRecord?
    /// Uses a key once: it stops working and the caller issues its successor. A key used a
    /// second time revokes its whole family (the first use may have been a thief's).
    func useKey(id: String, digest: Data, at now: Date) async throws -> KeyUse
    /// Revokes the family of a live key; false when the key is unknown, used or revoked.
    func revokeFamily(ofKey id: String, digest: Data, at now: Date) async throws -> Bool
    /// Revokes every family of a customer but `kept` (the login making the change); how many
    /// were live.
    @discardableResult
    func revokeGrants(customerId: String, except kept: String?, at now: Date) async throws -> Int

    // MARK: Housekeeping

    /// Deletes up to `batch` rows per table of what is over at `now`: expired sessions, OTPs,
    /// held passwords, keys and families, and counters whose windows, day and lock have passed. Returns how
    /// many went; a purger calls it until it returns 0, so no statement holds the store long.
    func purgeExpired(at now: Date, batch: Int) async throws -> Int

    /// Finishes what is in flight and lets go of the database.
    func close() async throws
}
