import AuthEngine
import Foundation
import Logging
import PostgresNIO

/// The store for several server instances: one PostgreSQL database, a connection pool per
/// instance. Every rule-enforcing method is one SQL statement (an upsert or a conditional
/// update with RETURNING, which PostgreSQL runs under a row lock), so limits, the attempts cap
/// and single use hold exactly across instances.
public final class PostgresStore: AuthStore {
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    private let schema: String?

    private init(client: PostgresClient, schema: String?, logger: Logger) {
        self.client = client
        self.schema = schema
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// Connects to `url` (`postgres://user:password@host:port/database?sslmode=disable&schema=auth&pool=8`)
    /// and brings the schema up to date; instances starting at once take turns (an advisory
    /// lock). `schema` (default `public`) keeps the tables in a schema of their own; `pool` is
    /// the most connections this instance opens (default 8: each holds buffers of its own, and
    /// more than a few per core only queue in the database).
    public static func open(url: String, logger: Logger = Logger(label: "auth-store")) async throws -> PostgresStore {
        let (configuration, schema) = try configuration(url)
        // The pool reports each connection it opens or loses at info; a failing query says enough.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .notice)
        let store = PostgresStore(client: PostgresClient(configuration: configuration, backgroundLogger: poolLogger), schema: schema, logger: logger)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// Closes every connection.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    static func configuration(_ url: String) throws -> (PostgresClient.Configuration, schema: String?) {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
            let host = parts.host, !host.isEmpty, let user = parts.user
        else {
            throw StoreError.badURL("\(redacted(url)) is not postgres://user[:password]@host[:port]/database")
        }
        let database = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let sslMode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "prefer": tls = .prefer(.makeClientConfiguration())
        case "require": tls = .require(.makeClientConfiguration())
        default: throw StoreError.badURL("sslmode must be disable, prefer or require, is \(sslMode)")
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: user.removingPercentEncoding ?? user,
            password: parts.password?.removingPercentEncoding, database: database.isEmpty ? nil : database, tls: tls)
        let pool = parts.queryItems?.first { $0.name == "pool" }?.value ?? "8"
        guard let connections = Int(pool), (1...500).contains(connections) else {
            throw StoreError.badURL("pool must be 1 to 500 connections, is \(pool)")
        }
        configuration.options.maximumConnections = connections
        let schema = parts.queryItems?.first { $0.name == "schema" }?.value
        if let schema {
            guard schema.wholeMatch(of: /[a-z_][a-z0-9_]{0,62}/) != nil else {
                throw StoreError.badURL("schema must be a lower-case SQL name (letters, digits, _), is \(schema)")
            }
            configuration.options.additionalStartupParameters = [("search_path", schema)]
        }
        return (configuration, schema)
    }

    /// The URL without its password, for messages.
    static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? "the database URL"
    }

    // MARK: Schema

    /// Schema versions in order, applied in one transaction each under an advisory lock.
    static let migrations: [[PostgresQuery]] = [
        [
            """
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY, brand TEXT NOT NULL, identifier_type TEXT NOT NULL, identifier_value TEXT NOT NULL,
                device_id TEXT, mobile TEXT, email TEXT, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX sessions_expiry ON sessions (expires_at)",
            "CREATE TABLE otps (session_id TEXT PRIMARY KEY, digest TEXT NOT NULL, issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)",
            "CREATE INDEX otps_expiry ON otps (expires_at)",
            """
            CREATE TABLE otp_limits (
                key TEXT PRIMARY KEY, window_start BIGINT NOT NULL, window_count BIGINT NOT NULL,
                window_end BIGINT NOT NULL, day BIGINT NOT NULL, day_count BIGINT NOT NULL)
            """,
            "CREATE TABLE secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ],
    ]

    /// An arbitrary constant: the advisory lock every instance takes to migrate.
    private static let migrationLock: Int64 = 0x61_75_74_68_67_65_6E

    private func migrate() async throws {
        try await client.withTransaction(logger: logger) { connection in
            _ = try await connection.query("SELECT pg_advisory_xact_lock(\(Self.migrationLock))", logger: logger)
            if let schema {
                // Checked above to be a plain name, so it can stand in the statement.
                _ = try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            }
            _ = try await connection.query("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)", logger: logger)
            var version = 0
            for try await (found) in try await connection.query("SELECT version FROM schema_version", logger: logger).decode(Int.self) {
                version = found
            }
            if version == 0 { _ = try await connection.query("INSERT INTO schema_version VALUES (0)", logger: logger) }
            guard version <= Self.migrations.count else { throw StoreError.newerSchema(found: version, known: Self.migrations.count) }
            for (index, migration) in Self.migrations.enumerated().dropFirst(version) {
                for statement in migration { _ = try await connection.query(statement, logger: logger) }
                _ = try await connection.query("UPDATE schema_version SET version = \(index + 1)", logger: logger)
            }
        }
    }

    // MARK: Sessions

    public func insertSession(_ session: SessionRecord) async throws {
        try await client.query(
            """
            INSERT INTO sessions (id, brand, identifier_type, identifier_value, device_id, mobile, email, created_at, expires_at)
            VALUES (\(session.id), \(session.brand), \(session.identifierType), \(session.identifierValue), \(session.deviceId),
                    \(session.mobile), \(session.email), \(session.createdAt.storeMillis), \(session.expiresAt.storeMillis))
            """, logger: logger)
    }

    public func session(id: String) async throws -> SessionRecord? {
        let rows = try await client.query(
            """
            SELECT brand, identifier_type, identifier_value, device_id, mobile, email, created_at, expires_at
            FROM sessions WHERE id = \(id)
            """, logger: logger)
        for try await (brand, type, value, device, mobile, email, created, expires) in rows.decode(
            (String, String, String, String?, String?, String?, Int64, Int64).self)
        {
            return SessionRecord(
                id: id, brand: brand, identifierType: type, identifierValue: value, deviceId: device, mobile: mobile, email: email,
                createdAt: Date(storeMillis: created), expiresAt: Date(storeMillis: expires))
        }
        return nil
    }

    // MARK: Limits

    public func reserveOTP(for key: String, limits: OTPLimits, at now: Date) async throws -> OTPReservation {
        let millis = now.storeMillis
        let day = now.utcDay
        let windowMillis = Int64(limits.window?.seconds ?? 0) * 1000
        let windowCount = Int64(limits.window?.count ?? Int.max)
        let dailyCap = Int64(limits.dailyCap ?? Int.max)
        let rows = try await client.query(
            """
            INSERT INTO otp_limits AS l (key, window_start, window_count, window_end, day, day_count)
            VALUES (\(key), \(millis), 1, \(millis + windowMillis), \(day), 1)
            ON CONFLICT (key) DO UPDATE SET
                window_count = CASE WHEN l.window_start + \(windowMillis) <= \(millis) THEN 1 ELSE l.window_count + 1 END,
                window_start = CASE WHEN l.window_start + \(windowMillis) <= \(millis) THEN \(millis) ELSE l.window_start END,
                window_end = CASE WHEN l.window_start + \(windowMillis) <= \(millis) THEN \(millis + windowMillis) ELSE l.window_end END,
                day_count = CASE WHEN l.day = \(day) THEN l.day_count + 1 ELSE 1 END,
                day = \(day)
            WHERE (l.window_start + \(windowMillis) <= \(millis) OR l.window_count < \(windowCount))
              AND (l.day <> \(day) OR l.day_count < \(dailyCap))
            RETURNING window_start, day
            """, logger: logger)
        for try await (windowStart, admittedDay) in rows.decode((Int64, Int64).self) {
            return .admitted(.init(key: key, windowStart: windowStart, day: admittedDay))
        }
        // Refused: read the counts only to say when they reset.
        let current = try await client.query(
            "SELECT window_start, window_count, day, day_count FROM otp_limits WHERE key = \(key)", logger: logger)
        for try await (windowStart, count, rowDay, dayCount) in current.decode((Int64, Int64, Int64, Int64).self) {
            return .refused(retryAfter: OTPReservation.retryAfter(
                windowStart: windowStart, windowCount: count, day: rowDay, dayCount: dayCount, now: millis,
                windowMillis: windowMillis, windowLimit: windowCount, dailyCap: dailyCap))
        }
        return .refused(retryAfter: 1)
    }

    public func release(_ ticket: OTPReservation.Ticket) async throws {
        try await client.query(
            """
            UPDATE otp_limits SET
                window_count = CASE WHEN window_start = \(ticket.windowStart) AND window_count > 0 THEN window_count - 1 ELSE window_count END,
                day_count = CASE WHEN day = \(ticket.day) AND day_count > 0 THEN day_count - 1 ELSE day_count END
            WHERE key = \(ticket.key)
            """, logger: logger)
    }

    // MARK: OTPs

    public func replaceOTP(_ otp: OTPRecord) async throws {
        try await client.query(
            """
            INSERT INTO otps (session_id, digest, issued_at, expires_at)
            VALUES (\(otp.sessionId), \(otp.digest.base64EncodedString()), \(otp.issuedAt.storeMillis), \(otp.expiresAt.storeMillis))
            ON CONFLICT (session_id) DO UPDATE SET digest = excluded.digest, issued_at = excluded.issued_at, expires_at = excluded.expires_at
            """, logger: logger)
    }

    public func otp(sessionId: String) async throws -> OTPRecord? {
        let rows = try await client.query("SELECT digest, issued_at, expires_at FROM otps WHERE session_id = \(sessionId)", logger: logger)
        for try await (digest, issued, expires) in rows.decode((String, Int64, Int64).self) {
            guard let bytes = Data(base64Encoded: digest) else { throw StoreError.unreadable(column: "otps.digest") }
            return OTPRecord(sessionId: sessionId, digest: bytes, issuedAt: Date(storeMillis: issued), expiresAt: Date(storeMillis: expires))
        }
        return nil
    }

    public func consumeOTP(sessionId: String, digest: Data) async throws -> Bool {
        let rows = try await client.query(
            "DELETE FROM otps WHERE session_id = \(sessionId) AND digest = \(digest.base64EncodedString()) RETURNING session_id", logger: logger)
        for try await _ in rows.decode(String.self) { return true }
        return false
    }

    // MARK: Attempts

    public func reserveAttempt(sessionId: String, limit: Int) async throws -> Bool {
        let rows = try await client.query(
            "UPDATE sessions SET attempts = attempts + 1 WHERE id = \(sessionId) AND attempts < \(limit) RETURNING attempts", logger: logger)
        for try await _ in rows.decode(Int.self) { return true }
        return false
    }

    public func refundAttempt(sessionId: String) async throws {
        try await client.query("UPDATE sessions SET attempts = attempts - 1 WHERE id = \(sessionId) AND attempts > 0", logger: logger)
    }

    // MARK: Secrets

    public func secret(named name: String, orCreate make: @Sendable () -> Data) async throws -> Data {
        try await client.query(
            "INSERT INTO secrets (name, value) VALUES (\(name), \(make().base64EncodedString())) ON CONFLICT (name) DO NOTHING", logger: logger)
        for try await value in try await client.query("SELECT value FROM secrets WHERE name = \(name)", logger: logger).decode(String.self) {
            guard let data = Data(base64Encoded: value) else { break }
            return data
        }
        throw StoreError.unreadable(column: "secrets.value")
    }

    // MARK: Purge

    public func purgeExpired(at now: Date, batch: Int) async throws -> Int {
        let millis = now.storeMillis
        let day = now.utcDay
        let statements: [PostgresQuery] = [
            "DELETE FROM otps WHERE session_id IN (SELECT session_id FROM otps WHERE expires_at <= \(millis) LIMIT \(batch)) RETURNING 1",
            "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at <= \(millis) LIMIT \(batch)) RETURNING 1",
            """
            DELETE FROM otp_limits WHERE key IN (
                SELECT key FROM otp_limits WHERE window_end <= \(millis) AND day < \(day) LIMIT \(batch)) RETURNING 1
            """,
        ]
        var removed = 0
        for statement in statements {
            for try await _ in try await client.query(statement, logger: logger).decode(Int.self) { removed += 1 }
        }
        return removed
    }
}
