import AuthEngine
import Foundation

/// The default store: one SQLite file in WAL mode, owned by one server. The rules are
/// `SQLStore`'s; this type runs statements and migrates the file.
///
/// WAL with `synchronous = NORMAL`: a committed write survives a crash or kill of the process;
/// the last writes before a power loss may not.
public final class SQLiteStore: SQLStore {
    let connection: SQLiteConnection
    private let gate = StatementGate()
    /// The database file.
    public let path: String

    private init(connection: SQLiteConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    /// Opens (creating it and its folder if needed) and migrates the database at `path`.
    public static func open(path: String) async throws -> SQLiteStore {
        // The file holds sessions and the directory: readable by its owner only (SQLite gives
        // the WAL files the same permissions).
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let connection = try SQLiteConnection(path: path)
        do {
            try prepare(connection)
        } catch let failure as SQLiteFailure where failure.isBusy {
            connection.close()
            throw StoreError.inUse(reason: failure.message)
        } catch {
            connection.close()
            throw error
        }
        return SQLiteStore(connection: connection, path: path)
    }

    /// Closes the file once no statement or transaction is running.
    public func close() async throws {
        try await gate.exclusive { connection.close() }
    }

    // MARK: Statements

    func rows(_ statement: SQLStatement) async throws -> [SQLRow] {
        try await gate.shared { try execute(statement) }
    }

    func transaction<T: Sendable>(_ work: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await gate.exclusive {
            _ = try connection.rows("BEGIN IMMEDIATE", [])
            do {
                let result = try await work(Transaction(store: self))
                _ = try connection.rows("COMMIT", [])
                return result
            } catch {
                _ = try? connection.rows("ROLLBACK", [])
                // A transaction that cannot be rolled back would take in every later statement:
                // the store stops instead.
                if connection.inTransaction { connection.close() }
                throw error
            }
        }
    }

    /// The statements of a transaction, run past the gate the transaction holds.
    private struct Transaction: SQLExecutor {
        let store: SQLiteStore
        func rows(_ statement: SQLStatement) async throws -> [SQLRow] { try store.execute(statement) }
    }

    private func execute(_ statement: SQLStatement) throws -> [SQLRow] {
        try connection.rows(statement.sql, statement.binds)
    }

    // MARK: Schema

    private static func prepare(_ connection: SQLiteConnection) throws {
        // One server owns the file (several instances share PostgreSQL instead): the exclusive
        // lock, taken by the first write below and held until close, spares a pair of fcntl
        // calls per statement, and a second server on the same file stops at start-up.
        // Nothing in a file's schema (a trigger or view someone planted) runs functions with
        // side effects.
        for pragma in [
            "PRAGMA busy_timeout = 2000", "PRAGMA locking_mode = EXCLUSIVE", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
            "PRAGMA trusted_schema = OFF",
        ] {
            try connection.execute(pragma)
        }
        // Taken now, so that a database in use by another server is reported as such.
        try connection.execute("BEGIN IMMEDIATE")
        try connection.execute("COMMIT")
        let version = Int(try connection.rows("PRAGMA user_version", []).first?.optionalInt("user_version") ?? 0)
        guard version <= migrations.count else {
            throw StoreError.newerSchema(found: version, known: migrations.count)
        }
        for (index, migration) in migrations.enumerated().dropFirst(version) {
            try connection.execute("BEGIN IMMEDIATE")
            do {
                for statement in migration { try connection.execute(statement) }
                try connection.execute("PRAGMA user_version = \(index + 1)")
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
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
        SQLSchema.trustModel,
        SQLSchema.customerFeatures,
        SQLSchema.provedTokens,
    ]
}
