import AuthEngine
import Foundation
import Logging
import SQLiteNIO

/// The default store: one SQLite file in WAL mode, on NIO's thread pool. Every rule-enforcing
/// method is a single SQL statement (an upsert or a conditional update with RETURNING), so it is
/// atomic without holding a transaction open across suspension points.
///
/// WAL with `synchronous = NORMAL`: a committed write survives a crash or kill of the process;
/// the last writes before a power loss may not.
public final class SQLiteStore: AuthStore {
    private let connection: SQLiteConnection

    private init(connection: SQLiteConnection) {
        self.connection = connection
    }

    /// Opens (creating it and its folder if needed) and migrates the database at `path`.
    public static func open(path: String, logger: Logger = Logger(label: "auth-store")) async throws -> SQLiteStore {
        // The file holds the server's keys: readable by its owner only (SQLite gives the WAL
        // files the same permissions).
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let store = SQLiteStore(connection: connection)
        do {
            try await store.prepare()
        } catch let error as SQLiteError where error.reason == .busy || error.reason == .locked {
            try? await connection.close()
            throw StoreError.inUse(reason: error.message)
        } catch {
            try? await connection.close()
            throw error
        }
        return store
    }

    public func close() async throws {
        try await connection.close()
    }

    /// A store dropped without `close()` still closes its file (the pending close keeps the
    /// connection alive until it ran).
    deinit {
        if !connection.isClosed { _ = connection.close() }
    }

    private func prepare() async throws {
        // One server owns the file (several instances share PostgreSQL instead): the exclusive
        // lock, taken by the first write below and held until close, spares a pair of fcntl
        // calls per statement, and a second server on the same file stops at start-up.
        for pragma in ["PRAGMA busy_timeout = 2000", "PRAGMA locking_mode = EXCLUSIVE", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"] {
            _ = try await connection.query(pragma)
        }
        // Taken now, so that a database in use by another server is reported as such.
        _ = try await connection.query("BEGIN IMMEDIATE")
        _ = try await connection.query("COMMIT")
        let version = try await connection.query("PRAGMA user_version").first?.column("user_version")?.integer ?? 0
        guard version <= Self.migrations.count else {
            throw StoreError.newerSchema(found: version, known: Self.migrations.count)
        }
        for (index, migration) in Self.migrations.enumerated().dropFirst(version) {
            _ = try await connection.query("BEGIN IMMEDIATE")
            do {
                for statement in migration { _ = try await connection.query(statement) }
                _ = try await connection.query("PRAGMA user_version = \(index + 1)")
                _ = try await connection.query("COMMIT")
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
        }
    }

    /// Schema versions in order; a database is brought up from its `user_version`. Never edit
    /// a shipped step: append one.
    static let migrations: [[String]] = [
        [
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY, brand TEXT NOT NULL, identifier_type TEXT NOT NULL, identifier_value TEXT NOT NULL,
                device_id TEXT, mobile TEXT, email TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
            """
            CREATE TABLE otps (
                session_id TEXT PRIMARY KEY, digest TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)
            """,
            """
            CREATE TABLE otp_limits (
                key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, window_count INTEGER NOT NULL,
                day INTEGER NOT NULL, day_count INTEGER NOT NULL)
            """,
            "CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ],
        // When a counter's window ends, so the purger can drop counters that are over.
        [
            "ALTER TABLE otp_limits ADD COLUMN window_end INTEGER NOT NULL DEFAULT 0",
            // Windows counted before this step have an unknown end: kept until next counted.
            "UPDATE otp_limits SET window_end = 9223372036854775807",
            "CREATE INDEX otps_expiry ON otps (expires_at)",
        ],
    ]

    // MARK: Sessions

    public func insertSession(_ session: SessionRecord) async throws {
        _ = try await connection.query(
            """
            INSERT INTO sessions (id, brand, identifier_type, identifier_value, device_id, mobile, email, created_at, expires_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            """,
            [
                .text(session.id), .text(session.brand), .text(session.identifierType), .text(session.identifierValue),
                .optionalText(session.deviceId), .optionalText(session.mobile), .optionalText(session.email),
                .integer(Int(session.createdAt.storeMillis)), .integer(Int(session.expiresAt.storeMillis)),
            ])
    }

    public func session(id: String) async throws -> SessionRecord? {
        let rows = try await connection.query(
            """
            SELECT brand, identifier_type, identifier_value, device_id, mobile, email, created_at, expires_at
            FROM sessions WHERE id = ?1
            """, [.text(id)])
        guard let row = rows.first else { return nil }
        return SessionRecord(
            id: id, brand: try row.text("brand"), identifierType: try row.text("identifier_type"),
            identifierValue: try row.text("identifier_value"), deviceId: row.column("device_id")?.string,
            mobile: row.column("mobile")?.string, email: row.column("email")?.string,
            createdAt: Date(storeMillis: try row.int("created_at")), expiresAt: Date(storeMillis: try row.int("expires_at")))
    }

    // MARK: Limits

    public func reserveOTP(for key: String, limits: OTPLimits, at now: Date) async throws -> OTPReservation {
        let millis = now.storeMillis
        let day = now.utcDay
        // A window that is off is zero long (every request starts a new one); a cap that is off
        // is the largest integer.
        let windowMillis = Int64(limits.window?.seconds ?? 0) * 1000
        let windowCount = Int64(limits.window?.count ?? Int.max)
        let dailyCap = Int64(limits.dailyCap ?? Int.max)
        let rows = try await connection.query(
            """
            INSERT INTO otp_limits (key, window_start, window_count, window_end, day, day_count) VALUES (?1, ?2, 1, ?2 + ?3, ?4, 1)
            ON CONFLICT (key) DO UPDATE SET
                window_count = CASE WHEN window_start + ?3 <= ?2 THEN 1 ELSE window_count + 1 END,
                window_start = CASE WHEN window_start + ?3 <= ?2 THEN ?2 ELSE window_start END,
                window_end = CASE WHEN window_start + ?3 <= ?2 THEN ?2 + ?3 ELSE window_end END,
                day_count = CASE WHEN day = ?4 THEN day_count + 1 ELSE 1 END,
                day = ?4
            WHERE (window_start + ?3 <= ?2 OR window_count < ?5) AND (day <> ?4 OR day_count < ?6)
            RETURNING window_start, day
            """,
            [.text(key), .integer(Int(millis)), .integer(Int(windowMillis)), .integer(Int(day)), .integer(Int(windowCount)), .integer(Int(dailyCap))])
        if let row = rows.first {
            return .admitted(.init(key: key, windowStart: try row.int("window_start"), day: try row.int("day")))
        }
        // Refused: read the counts only to say when they reset.
        let current = try await connection.query(
            "SELECT window_start, window_count, day, day_count FROM otp_limits WHERE key = ?1", [.text(key)])
        guard let row = current.first else { return .refused(retryAfter: 1) }
        return .refused(retryAfter: OTPReservation.retryAfter(
            windowStart: try row.int("window_start"), windowCount: try row.int("window_count"), day: try row.int("day"),
            dayCount: try row.int("day_count"), now: millis, windowMillis: windowMillis, windowLimit: windowCount, dailyCap: dailyCap))
    }

    public func release(_ ticket: OTPReservation.Ticket) async throws {
        _ = try await connection.query(
            """
            UPDATE otp_limits SET
                window_count = CASE WHEN window_start = ?2 AND window_count > 0 THEN window_count - 1 ELSE window_count END,
                day_count = CASE WHEN day = ?3 AND day_count > 0 THEN day_count - 1 ELSE day_count END
            WHERE key = ?1
            """, [.text(ticket.key), .integer(Int(ticket.windowStart)), .integer(Int(ticket.day))])
    }

    // MARK: OTPs

    public func replaceOTP(_ otp: OTPRecord) async throws {
        _ = try await connection.query(
            """
            INSERT INTO otps (session_id, digest, issued_at, expires_at) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (session_id) DO UPDATE SET digest = excluded.digest, issued_at = excluded.issued_at, expires_at = excluded.expires_at
            """,
            [.text(otp.sessionId), .text(otp.digest.base64EncodedString()), .integer(Int(otp.issuedAt.storeMillis)), .integer(Int(otp.expiresAt.storeMillis))])
    }

    public func otp(sessionId: String) async throws -> OTPRecord? {
        let rows = try await connection.query("SELECT digest, issued_at, expires_at FROM otps WHERE session_id = ?1", [.text(sessionId)])
        guard let row = rows.first else { return nil }
        guard let digest = Data(base64Encoded: try row.text("digest")) else { throw StoreError.unreadable(column: "otps.digest") }
        return OTPRecord(
            sessionId: sessionId, digest: digest, issuedAt: Date(storeMillis: try row.int("issued_at")),
            expiresAt: Date(storeMillis: try row.int("expires_at")))
    }

    public func consumeOTP(sessionId: String, digest: Data) async throws -> Bool {
        let rows = try await connection.query(
            "DELETE FROM otps WHERE session_id = ?1 AND digest = ?2 RETURNING session_id",
            [.text(sessionId), .text(digest.base64EncodedString())])
        return !rows.isEmpty
    }

    // MARK: Attempts

    public func reserveAttempt(sessionId: String, limit: Int) async throws -> Bool {
        let rows = try await connection.query(
            "UPDATE sessions SET attempts = attempts + 1 WHERE id = ?1 AND attempts < ?2 RETURNING attempts",
            [.text(sessionId), .integer(limit)])
        return !rows.isEmpty
    }

    public func refundAttempt(sessionId: String) async throws {
        _ = try await connection.query("UPDATE sessions SET attempts = attempts - 1 WHERE id = ?1 AND attempts > 0", [.text(sessionId)])
    }

    // MARK: Purge

    public func purgeExpired(at now: Date, batch: Int) async throws -> Int {
        let millis = Int(now.storeMillis)
        var removed = 0
        for statement in [
            "DELETE FROM otps WHERE rowid IN (SELECT rowid FROM otps WHERE expires_at <= ?1 LIMIT ?3) RETURNING 1",
            "DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE expires_at <= ?1 LIMIT ?3) RETURNING 1",
            "DELETE FROM otp_limits WHERE rowid IN (SELECT rowid FROM otp_limits WHERE window_end <= ?1 AND day < ?2 LIMIT ?3) RETURNING 1",
        ] {
            removed += try await connection.query(statement, [.integer(millis), .integer(Int(now.utcDay)), .integer(batch)]).count
        }
        return removed
    }

    // MARK: Secrets

    public func secret(named name: String, orCreate make: @Sendable () -> Data) async throws -> Data {
        _ = try await connection.query(
            "INSERT INTO secrets (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
            [.text(name), .text(make().base64EncodedString())])
        let rows = try await connection.query("SELECT value FROM secrets WHERE name = ?1", [.text(name)])
        guard let text = rows.first?.column("value")?.string, let value = Data(base64Encoded: text) else {
            throw StoreError.unreadable(column: "secrets.value")
        }
        return value
    }
}

extension SQLiteData {
    static func optionalText(_ text: String?) -> SQLiteData { text.map(SQLiteData.text) ?? .null }
}

extension SQLiteRow {
    func text(_ column: String) throws -> String {
        guard let value = self.column(column)?.string else { throw StoreError.unreadable(column: column) }
        return value
    }

    func int(_ column: String) throws -> Int64 {
        guard let value = self.column(column)?.integer else { throw StoreError.unreadable(column: column) }
        return Int64(value)
    }
}
