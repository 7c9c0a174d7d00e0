import AuthEngine
import Foundation

/// The store's rules, written once in the SQL that SQLite and PostgreSQL both speak. A store
/// supplies how a statement and a transaction run; every rule-enforcing method is a single
/// statement (an upsert or a conditional update with RETURNING, which both databases run
/// atomically, PostgreSQL under row locks), so nothing holds a transaction across requests.
protocol SQLStore: AuthStore, SQLExecutor {
    /// Runs `work` in one transaction: all of its statements or none.
    func transaction<T: Sendable>(_ work: @Sendable (any SQLExecutor) async throws -> T) async throws -> T
}

/// How long a used key is kept to detect its reuse, and what a spent session's attempts are set to.
enum Retention {
    static let usedKeys: Int64 = 30 * 86_400_000
    /// The attempts of a used-up session: more than any brand allows.
    static let spentAttempts: Int64 = Int64(Int32.max)
}

extension SQLStore {
    // MARK: Sessions

    public func insertSession(_ session: SessionRecord) async throws {
        let columns = PurposeColumns(session.purpose)
        try await run(
            SQLStatement(
                """
                INSERT INTO sessions (
                    id, brand, identifier_type, identifier_value, device_id, mobile, email, customer_id, created_at, expires_at, purpose,
                    replaces_others, login_family, first_methods, first_destination, second_factor)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
                """,
                .text(session.id), .text(session.brand), .text(session.identifierType), .text(session.identifierValue),
                .optional(session.deviceId), .optional(session.mobile), .optional(session.email), .text(session.customerId),
                .date(session.createdAt), .date(session.expiresAt), .text(columns.purpose), .bool(columns.replacesOthers),
                .optional(columns.family), .optional(columns.methods), .optional(columns.destination),
                // For instances of the release before, during an upgrade.
                .bool(columns.purpose == "mfa")))
    }

    public func session(id: String) async throws -> SessionRecord? {
        guard
            let row = try await firstRow(
                SQLStatement(
                    """
                    SELECT brand, identifier_type, identifier_value, device_id, mobile, email, customer_id, created_at, expires_at, purpose,
                        replaces_others, login_family, first_methods, first_destination
                    FROM sessions WHERE id = $1
                    """, .text(id)))
        else { return nil }
        let columns = PurposeColumns(
            purpose: try row.text("purpose"), replacesOthers: try row.bool("replaces_others"), family: row.optionalText("login_family"),
            methods: row.optionalText("first_methods"), destination: row.optionalText("first_destination"))
        return SessionRecord(
            id: id, brand: try row.text("brand"), identifierType: try row.text("identifier_type"),
            identifierValue: try row.text("identifier_value"), deviceId: row.optionalText("device_id"),
            mobile: row.optionalText("mobile"), email: row.optionalText("email"), customerId: try row.text("customer_id"),
            createdAt: try row.date("created_at"), expiresAt: try row.date("expires_at"), purpose: try columns.decoded())
    }

    public func useHash(sessionId: String, sealedAt: Int64) async throws -> Bool {
        try await firstRow(
            SQLStatement(
                "UPDATE sessions SET hash_sealed_at = $2 WHERE id = $1 AND hash_sealed_at < $2 RETURNING 1", .text(sessionId),
                .integer(sealedAt))) != nil
    }

    // MARK: OTP limits

    public func reserveOTP(keys: [String], limits: OTPLimits, at now: Date) async throws -> OTPReservation {
        let limit = LimitParameters(limits, at: now)
        // One row per key in one statement; the first key is the customer, whose lock counts.
        // Keys in a fixed order, so PostgreSQL takes row locks in the same order everywhere.
        let values = keys.indices.map { "($\($0 + 7), $1, 1, $1 + $2, $3, 1)" }.joined(separator: ", ")
        let rows = try await rows(
            SQLStatement(
                """
                INSERT INTO counters AS c (key, window_start, window_count, window_end, day, day_count) VALUES \(values)
                ON CONFLICT (key) DO UPDATE SET
                    window_count = CASE WHEN c.window_start + $2 <= $1 THEN 1 ELSE c.window_count + 1 END,
                    window_start = CASE WHEN c.window_start + $2 <= $1 THEN $1 ELSE c.window_start END,
                    window_end = CASE WHEN c.window_start + $2 <= $1 THEN $1 + $2 ELSE c.window_end END,
                    day_count = CASE WHEN c.day = $3 THEN c.day_count + 1 ELSE 1 END,
                    day = $3
                WHERE (c.key <> $6 OR c.locked_until <= $1)
                  AND (c.window_start + $2 <= $1 OR c.window_count < $4) AND (c.day <> $3 OR c.day_count < $5)
                RETURNING key, window_start, day
                """,
                binds: [
                    .integer(limit.now), .integer(limit.windowMillis), .integer(limit.day), .integer(limit.windowCount),
                    .integer(limit.dailyCap), .text(keys[0]),
                ] + keys.map(SQLValue.text)))
        let tickets = try rows.map { row in
            OTPReservation.Ticket(key: try row.text("key"), windowStart: try row.int("window_start"), day: try row.int("day"))
        }
        if tickets.count == keys.count { return .admitted(keys.compactMap { key in tickets.first { $0.key == key } }) }

        // Refused by at least one key: give back what was counted, then say when to try again.
        try await release(tickets)
        var retryAfter = 1
        var locked = false
        for key in keys where !tickets.contains(where: { $0.key == key }) {
            guard
                let row = try await firstRow(
                    SQLStatement(
                        "SELECT window_start, window_count, day, day_count, locked_until FROM counters WHERE key = $1", .text(key)))
            else { continue }
            let lockedUntil = try row.int("locked_until")
            if key == keys[0], lockedUntil > limit.now {
                locked = true
                retryAfter = max(retryAfter, OTPReservation.seconds(untilMillis: lockedUntil - limit.now))
            } else {
                retryAfter = max(
                    retryAfter,
                    OTPReservation.retryAfter(
                        windowStart: try row.int("window_start"), windowCount: try row.int("window_count"), day: try row.int("day"),
                        dayCount: try row.int("day_count"), now: limit.now, windowMillis: limit.windowMillis,
                        windowLimit: limit.windowCount, dailyCap: limit.dailyCap))
            }
        }
        return .refused(retryAfter: retryAfter, locked: locked)
    }

    public func release(_ tickets: [OTPReservation.Ticket]) async throws {
        for ticket in tickets {
            try await run(
                SQLStatement(
                    """
                    UPDATE counters SET
                        window_count = CASE WHEN window_start = $2 AND window_count > 0 THEN window_count - 1 ELSE window_count END,
                        day_count = CASE WHEN day = $3 AND day_count > 0 THEN day_count - 1 ELSE day_count END
                    WHERE key = $1
                    """, .text(ticket.key), .integer(ticket.windowStart), .integer(ticket.day)))
        }
    }

    // MARK: Wrong OTPs and locks

    public func reserveGuess(key: String, limits: GuessLimits, at now: Date) async throws -> GuessReservation {
        let millis = now.storeMillis
        let windowMillis = Int64(limits.windowSeconds) * 1000
        if let row = try await firstRow(
            SQLStatement(
                """
                INSERT INTO counters AS c (key, guess_start, guess_count, guess_end) VALUES ($1, $2, 1, $2 + $3)
                ON CONFLICT (key) DO UPDATE SET
                    guess_count = CASE WHEN c.guess_end <= $2 THEN 1 ELSE c.guess_count + 1 END,
                    guess_start = CASE WHEN c.guess_end <= $2 THEN $2 ELSE c.guess_start END,
                    guess_end = CASE WHEN c.guess_end <= $2 THEN $2 + $3 ELSE c.guess_end END
                WHERE c.locked_until <= $2 AND (c.guess_end <= $2 OR c.guess_count < $4)
                RETURNING guess_start, guess_count
                """, .text(key), .integer(millis), .integer(windowMillis), .int(limits.count)))
        {
            return .admitted(.init(key: key, windowStart: try row.int("guess_start")), taken: Int(try row.int("guess_count")))
        }
        let row = try await firstRow(SQLStatement("SELECT guess_end, locked_until FROM counters WHERE key = $1", .text(key)))
        let until = max(try row?.int("locked_until") ?? 0, try row?.int("guess_end") ?? 0)
        return .refused(retryAfter: OTPReservation.seconds(untilMillis: until - millis))
    }

    public func refundGuess(_ ticket: GuessReservation.Ticket) async throws {
        try await run(
            SQLStatement(
                "UPDATE counters SET guess_count = guess_count - 1 WHERE key = $1 AND guess_start = $2 AND guess_count > 0",
                .text(ticket.key), .integer(ticket.windowStart)))
    }

    public func lockIfExhausted(key: String, limits: GuessLimits, at now: Date) async throws -> Bool {
        let millis = now.storeMillis
        // The allowance starts afresh when the lock ends.
        return try await firstRow(
            SQLStatement(
                """
                UPDATE counters SET locked_until = $2 + $3, guess_count = 0, guess_end = 0
                WHERE key = $1 AND guess_count >= $4 AND guess_end > $2 AND locked_until <= $2
                RETURNING key
                """, .text(key), .integer(millis), .integer(Int64(limits.lockSeconds) * 1000), .int(limits.count))) != nil
    }

    public func lockedUntil(key: String, at now: Date) async throws -> Date? {
        guard
            let row = try await firstRow(
                SQLStatement(
                    "SELECT locked_until FROM counters WHERE key = $1 AND locked_until > $2", .text(key), .date(now)))
        else { return nil }
        return try row.date("locked_until")
    }

    // MARK: OTPs and attempts

    public func replaceOTP(_ otp: OTPRecord, attemptLimit: Int) async throws -> Bool {
        try await firstRow(
            SQLStatement(
                """
                INSERT INTO otps (session_id, digest, issued_at, expires_at, proves_identifier, destination)
                SELECT $1, $2, $3, $4, $5, $7 WHERE EXISTS (SELECT 1 FROM sessions WHERE id = $1 AND attempts < $6)
                ON CONFLICT (session_id) DO UPDATE SET
                    digest = excluded.digest, issued_at = excluded.issued_at, expires_at = excluded.expires_at,
                    proves_identifier = excluded.proves_identifier, destination = excluded.destination
                RETURNING session_id
                """,
                .text(otp.sessionId), .digest(otp.digest), .date(otp.issuedAt), .date(otp.expiresAt), .bool(otp.provesIdentifier),
                .int(attemptLimit), .optional(otp.destination))) != nil
    }

    public func otp(sessionId: String) async throws -> OTPRecord? {
        guard
            let row = try await firstRow(
                SQLStatement(
                    "SELECT digest, issued_at, expires_at, proves_identifier, destination FROM otps WHERE session_id = $1", .text(sessionId)))
        else { return nil }
        return OTPRecord(
            sessionId: sessionId, digest: try row.digest("digest"), issuedAt: try row.date("issued_at"),
            expiresAt: try row.date("expires_at"), provesIdentifier: try row.bool("proves_identifier"), destination: row.optionalText("destination"))
    }

    public func consumeOTP(sessionId: String, digest: Data) async throws -> Bool {
        try await firstRow(
            SQLStatement(
                "DELETE FROM otps WHERE session_id = $1 AND digest = $2 RETURNING session_id", .text(sessionId), .digest(digest))) != nil
    }

    public func reserveAttempt(sessionId: String, limit: Int) async throws -> Bool {
        try await firstRow(
            SQLStatement(
                "UPDATE sessions SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 RETURNING attempts",
                .text(sessionId), .int(limit))) != nil
    }

    public func refundAttempt(sessionId: String) async throws {
        // A spent session stays spent: a refund racing the login that spent it revives nothing.
        try await run(
            SQLStatement(
                "UPDATE sessions SET attempts = attempts - 1 WHERE id = $1 AND attempts > 0 AND attempts < $2", .text(sessionId),
                .int(Retention.spentAttempts)))
    }

    public func spendAttempts(sessionId: String) async throws -> Bool {
        try await firstRow(
            SQLStatement(
                "UPDATE sessions SET attempts = $2 WHERE id = $1 AND attempts < $2 RETURNING 1", .text(sessionId), .int(Retention.spentAttempts)))
            != nil
    }

    // MARK: Directory

    public func customerId(brand: String, identifier: CustomerIdentifier) async throws -> String? {
        try await firstRow(
            SQLStatement(
                "SELECT customer_id FROM identifiers WHERE brand = $1 AND type = $2 AND value = $3 AND verified = 1",
                .text(brand), .text(identifier.type), .text(identifier.value)))?.text("customer_id")
    }

    public func customer(id: String) async throws -> CustomerRecord? {
        try await Self.customer(id: id, in: self)
    }

    static func customer(id: String, in executor: any SQLExecutor) async throws -> CustomerRecord? {
        let rows = try await executor.rows(
            SQLStatement(
                "SELECT brand, type, value, verified, created_at FROM identifiers WHERE customer_id = $1 ORDER BY type, value", .text(id)))
        guard let first = rows.first else { return nil }
        return CustomerRecord(
            id: id, brand: try first.text("brand"),
            identifiers: try rows.map { row in
                CustomerRecord.Entry(
                    identifier: CustomerIdentifier(type: try row.text("type"), value: try row.text("value")),
                    verified: try row.bool("verified"), createdAt: try row.date("created_at"))
            })
    }

    public func claimIdentifier(_ identifier: CustomerIdentifier, brand: String, customerId: String, at now: Date) async throws -> String {
        // A no-op update on conflict, so that the row returned is the owner's either way.
        let row = try await firstRow(
            SQLStatement(
                """
                INSERT INTO identifiers AS i (brand, type, value, customer_id, verified, created_at) VALUES ($1, $2, $3, $4, 1, $5)
                ON CONFLICT (brand, type, value) DO UPDATE SET verified = i.verified
                RETURNING customer_id
                """, .text(brand), .text(identifier.type), .text(identifier.value), .text(customerId), .date(now)))
        return try row?.text("customer_id") ?? customerId
    }

    public func importCustomers(_ customers: [CustomerRecord], at now: Date) async throws {
        try await transaction { database in
            for (index, customer) in customers.enumerated() {
                // Without an id a line only creates: it never joins a customer by an identifier
                // it shares (a sync could carry a stranger's look-alike name), the id must say so.
                let id = customer.id.isEmpty ? "C-" + UUID().uuidString.lowercased() : customer.id
                if let row = try await database.firstRow(
                    SQLStatement(
                        "SELECT brand FROM identifiers WHERE customer_id = $1 AND brand <> $2", .text(id), .text(customer.brand)))
                {
                    throw DirectoryConflict(index: index, message: "customer \(id) belongs to brand \(try row.text("brand"))")
                }
                for entry in customer.identifiers {
                    // One statement, so a login claiming the identifier meanwhile is seen as a conflict.
                    let claimed = try await database.firstRow(
                        SQLStatement(
                            """
                            INSERT INTO identifiers AS i (brand, type, value, customer_id, verified, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                            ON CONFLICT (brand, type, value) DO UPDATE SET verified = CASE WHEN i.verified = 1 THEN 1 ELSE excluded.verified END
                            WHERE i.customer_id = excluded.customer_id
                            RETURNING customer_id
                            """,
                            .text(customer.brand), .text(entry.identifier.type), .text(entry.identifier.value), .text(id),
                            .bool(entry.verified), .date(entry.createdAt)))
                    guard claimed == nil else { continue }
                    let owner = try await database.firstRow(
                        SQLStatement(
                            "SELECT customer_id FROM identifiers WHERE brand = $1 AND type = $2 AND value = $3",
                            .text(customer.brand), .text(entry.identifier.type), .text(entry.identifier.value)))
                    let hint = customer.id.isEmpty ? "; give the line that id to add to that customer" : ""
                    throw DirectoryConflict(
                        index: index,
                        message:
                            "\(entry.identifier.type.lowercased()) \(entry.identifier.value) belongs to customer \(try owner?.text("customer_id") ?? "?")\(hint)"
                    )
                }
            }
        }
    }

    @discardableResult
    public func releaseIdentifiers(customerId: String, type: String, except kept: String) async throws -> Int {
        try await transaction { database in
            let values = try await database.rows(
                SQLStatement(
                    "SELECT value FROM identifiers WHERE customer_id = $1 AND type = $2 AND value <> $3", .text(customerId), .text(type), .text(kept))
            )
            for row in values {
                try await database.run(
                    SQLStatement(
                        "UPDATE identifiers SET customer_id = $4 WHERE customer_id = $1 AND type = $2 AND value = $3", .text(customerId), .text(type),
                        .text(try row.text("value")), .text("C-" + UUID().uuidString.lowercased())))
            }
            return values.count
        }
    }

    public func removeCustomer(id: String, at now: Date) async throws -> Bool {
        try await transaction { database in
            try await database.run(
                SQLStatement(
                    "UPDATE grants SET revoked_at = $2 WHERE customer_id = $1 AND revoked_at IS NULL", .text(id), .date(now)))
            // Its sessions end too: a session would otherwise bring the customer back at its next login.
            try await database.run(
                SQLStatement(
                    "DELETE FROM otps WHERE session_id IN (SELECT id FROM sessions WHERE customer_id = $1)", .text(id)))
            try await database.run(
                SQLStatement(
                    "DELETE FROM sealed_passwords WHERE session_id IN (SELECT id FROM sessions WHERE customer_id = $1)", .text(id)))
            try await database.run(SQLStatement("DELETE FROM sessions WHERE customer_id = $1", .text(id)))
            try await database.run(SQLStatement("DELETE FROM passwords WHERE customer_id = $1", .text(id)))
            return try await !database.rows(SQLStatement("DELETE FROM identifiers WHERE customer_id = $1 RETURNING value", .text(id))).isEmpty
        }
    }

    // MARK: Passwords

    public func passwordHash(customerId: String) async throws -> String? {
        try await firstRow(SQLStatement("SELECT hash FROM passwords WHERE customer_id = $1", .text(customerId)))?.text("hash")
    }

    public func replacePassword(customerId: String, brand: String, hash: String, at now: Date) async throws -> Bool {
        if try await firstRow(
            SQLStatement(
                "UPDATE passwords SET hash = $2, updated_at = $3 WHERE customer_id = $1 RETURNING 1", .text(customerId), .text(hash), .date(now)))
            != nil
        {
            return true
        }
        // None yet; a registration racing this one is replaced all the same.
        try await run(
            SQLStatement(
                """
                INSERT INTO passwords (customer_id, brand, hash, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
                ON CONFLICT (customer_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at
                """, .text(customerId), .text(brand), .text(hash), .date(now)))
        return false
    }

    public func updatePassword(customerId: String, from expected: String, to hash: String, at now: Date) async throws -> Bool {
        try await firstRow(
            SQLStatement(
                "UPDATE passwords SET hash = $3, updated_at = $4 WHERE customer_id = $1 AND hash = $2 RETURNING 1", .text(customerId),
                .text(expected), .text(hash), .date(now))) != nil
    }

    public func holdPassword(sessionId: String, sealed: String, until expiresAt: Date) async throws {
        try await run(
            SQLStatement(
                """
                INSERT INTO sealed_passwords (session_id, sealed, expires_at) VALUES ($1, $2, $3)
                ON CONFLICT (session_id) DO UPDATE SET sealed = excluded.sealed, expires_at = excluded.expires_at
                """, .text(sessionId), .text(sealed), .date(expiresAt)))
    }

    public func takeHeldPassword(sessionId: String) async throws -> String? {
        try await firstRow(SQLStatement("DELETE FROM sealed_passwords WHERE session_id = $1 RETURNING sealed", .text(sessionId)))?.text("sealed")
    }

    // MARK: Regeneration keys

    public func insertGrant(_ grant: GrantRecord, key: GrantKeyRecord) async throws {
        try await run(
            SQLStatement(
                "INSERT INTO grants (family, brand, customer_id, created_at, expires_at, destination) VALUES ($1, $2, $3, $4, $5, $6)",
                .text(grant.family), .text(grant.brand), .text(grant.customerId), .date(grant.createdAt), .optional(grant.expiresAt),
                .optional(grant.destination)))
        try await insertKey(key)
    }

    public func grant(family: String, at now: Date) async throws -> GrantRecord? {
        guard
            let row = try await firstRow(
                SQLStatement(
                    """
                    SELECT brand, customer_id, created_at, expires_at, destination FROM grants
                    WHERE family = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)
                    """, .text(family), .date(now)))
        else { return nil }
        return GrantRecord(
            family: family, brand: try row.text("brand"), customerId: try row.text("customer_id"), createdAt: try row.date("created_at"),
            expiresAt: row.optionalInt("expires_at").map(Date.init(storeMillis:)), destination: row.optionalText("destination"))
    }

    public func insertKey(_ key: GrantKeyRecord) async throws {
        try await run(
            SQLStatement(
                "INSERT INTO grant_keys (id, family, digest, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                .text(key.id), .text(key.family), .digest(key.digest), .date(key.createdAt), .optional(key.expiresAt)))
    }

    public func useKey(id: String, digest: Data, at now: Date) async throws -> KeyUse {
        let millis = now.storeMillis
        if let row = try await firstRow(
            SQLStatement(
                """
                UPDATE grant_keys SET used_at = $3
                WHERE id = $1 AND digest = $2 AND used_at IS NULL AND (expires_at IS NULL OR expires_at > $3)
                  AND family IN (SELECT family FROM grants WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $3))
                RETURNING family
                """, .text(id), .digest(digest), .integer(millis)))
        {
            let family = try row.text("family")
            let owner = try await firstRow(SQLStatement("SELECT customer_id FROM grants WHERE family = $1", .text(family)))
            return .used(family: family, customerId: try owner?.text("customer_id") ?? "")
        }
        // Not usable: say why, and revoke the family of a key used twice.
        guard
            let row = try await firstRow(
                SQLStatement(
                    """
                    SELECT k.family AS family, k.used_at AS used_at, k.expires_at AS key_expires, g.expires_at AS family_expires, g.revoked_at AS revoked_at
                    FROM grant_keys k JOIN grants g ON g.family = k.family WHERE k.id = $1 AND k.digest = $2
                    """, .text(id), .digest(digest)))
        else { return .unknown }
        if row.optionalInt("revoked_at") != nil { return .unknown }
        if row.optionalInt("used_at") != nil {
            try await run(
                SQLStatement(
                    "UPDATE grants SET revoked_at = $2 WHERE family = $1 AND revoked_at IS NULL", .text(try row.text("family")), .integer(millis)))
            return .reused
        }
        return .expired
    }

    public func revokeFamily(ofKey id: String, digest: Data, at now: Date) async throws -> Bool {
        try await firstRow(
            SQLStatement(
                """
                UPDATE grants SET revoked_at = $3
                WHERE revoked_at IS NULL AND family IN (SELECT family FROM grant_keys WHERE id = $1 AND digest = $2 AND used_at IS NULL)
                RETURNING family
                """, .text(id), .digest(digest), .date(now))) != nil
    }

    @discardableResult
    public func revokeGrants(customerId: String, except kept: String?, at now: Date) async throws -> Int {
        try await rows(
            SQLStatement(
                "UPDATE grants SET revoked_at = $2 WHERE customer_id = $1 AND revoked_at IS NULL AND family <> $3 RETURNING family",
                .text(customerId), .date(now), .text(kept ?? ""))
        ).count
    }

    // MARK: Purge

    public func purgeExpired(at now: Date, batch: Int) async throws -> Int {
        let millis = SQLValue.integer(now.storeMillis)
        let limit = SQLValue.int(batch)
        let statements = [
            SQLStatement(
                "DELETE FROM otps WHERE session_id IN (SELECT session_id FROM otps WHERE expires_at <= $1 LIMIT $2) RETURNING 1", millis, limit),
            SQLStatement("DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= $1 LIMIT $2) RETURNING 1", millis, limit),
            SQLStatement(
                "DELETE FROM sealed_passwords WHERE session_id IN (SELECT session_id FROM sealed_passwords WHERE expires_at <= $1 LIMIT $2) RETURNING 1",
                millis, limit),
            // Hashes held by instances of the release before, during an upgrade.
            SQLStatement(
                "DELETE FROM held_passwords WHERE session_id IN (SELECT session_id FROM held_passwords WHERE expires_at <= $1 LIMIT $2) RETURNING 1",
                millis, limit),
            SQLStatement(
                """
                DELETE FROM counters WHERE key IN (
                    SELECT key FROM counters
                    WHERE window_end <= $1 AND day < $3 AND guess_end <= $1 AND locked_until <= $1 LIMIT $2) RETURNING 1
                """, millis, limit, .integer(now.utcDay)),
            SQLStatement(
                """
                DELETE FROM grants WHERE family IN (
                    SELECT family FROM grants WHERE revoked_at IS NOT NULL OR expires_at <= $1 LIMIT $2) RETURNING 1
                """, millis, limit),
            // Keys of families that are gone, keys past their end, and used keys old enough that
            // their reuse need no longer revoke anything.
            SQLStatement(
                """
                DELETE FROM grant_keys WHERE id IN (
                    SELECT k.id FROM grant_keys k LEFT JOIN grants g ON g.family = k.family
                    WHERE g.family IS NULL OR k.expires_at <= $1 OR k.used_at <= $3 LIMIT $2) RETURNING 1
                """, millis, limit, .integer(now.storeMillis - Retention.usedKeys)),
        ]
        var removed = 0
        for statement in statements { removed += try await rows(statement).count }
        return removed
    }
}

/// A reservation's limits as the counters statement reads them: a window that is off is zero
/// long (every request starts a new one), a cap that is off is the largest integer.
struct LimitParameters {
    var now: Int64
    var day: Int64
    var windowMillis: Int64
    var windowCount: Int64
    var dailyCap: Int64

    init(_ limits: OTPLimits, at date: Date) {
        now = date.storeMillis
        day = date.utcDay
        windowMillis = Int64(limits.window?.seconds ?? 0) * 1000
        windowCount = Int64(limits.window?.count ?? Int.max)
        dailyCap = Int64(limits.dailyCap ?? Int.max)
    }
}

/// How a session's purpose is kept: its kind, and what a change or a second factor adds.
private struct PurposeColumns {
    var purpose: String
    var replacesOthers = false
    var family: String?
    var methods: String?
    var destination: String?

    init(purpose: String, replacesOthers: Bool, family: String?, methods: String?, destination: String?) {
        self.purpose = purpose
        self.replacesOthers = replacesOthers
        self.family = family
        self.methods = methods
        self.destination = destination
    }

    init(_ purpose: SessionPurpose) {
        switch purpose {
        case .login: self.purpose = "login"
        case .identifierChange(let replacesOthers):
            self.purpose = "change"
            self.replacesOthers = replacesOthers
        case .secondFactor(let first):
            self.purpose = "mfa"
            family = first.family
            methods = first.methods.map(\.rawValue).joined(separator: " ")
            destination = first.destination
        }
    }

    func decoded() throws -> SessionPurpose {
        switch purpose {
        case "login": return .login
        case "change": return .identifierChange(replacesOthers: replacesOthers)
        case "mfa":
            guard let family, let methods else { throw StoreError.unreadable(column: "sessions.login_family") }
            return .secondFactor(
                FirstFactor(
                    family: family, methods: methods.split(separator: " ").compactMap { AuthMethod(rawValue: String($0)) },
                    destination: destination))
        default: throw StoreError.unreadable(column: "sessions.purpose")
        }
    }
}
