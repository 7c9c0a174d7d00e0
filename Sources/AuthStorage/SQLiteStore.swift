import AuthEngine
import Foundation
import Logging
import SQLiteNIO
import Synchronization

/// The default store: one SQLite file in WAL mode, on NIO's thread pool, owned by one server.
/// The rules are `SQLStore`'s; this type runs statements and migrates the file.
///
/// WAL with `synchronous = NORMAL`: a committed write survives a crash or kill of the process;
/// the last writes before a power loss may not.
public final class SQLiteStore: SQLStore {
    private let connection: SQLiteConnection
    private let gate = StatementGate()
    /// Each statement's text in SQLite's spelling, translated once: the texts are the store's
    /// own (values are bound, never spliced), so there are a few dozen of them.
    private let spellings = Mutex<[String: String]>([:])
    /// The database file.
    public let path: String

    private init(connection: SQLiteConnection, path: String) {
        self.connection = connection
        self.path = path
    }

    /// Opens (creating it and its folder if needed) and migrates the database at `path`.
    public static func open(path: String, logger: Logger = Logger(label: "auth-store")) async throws -> SQLiteStore {
        // The file holds sessions and the directory: readable by its owner only (SQLite gives
        // the WAL files the same permissions).
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let store = SQLiteStore(connection: connection, path: path)
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

    // MARK: Statements

    func rows(_ statement: SQLStatement) async throws -> [SQLRow] {
        try await gate.shared { try await execute(statement) }
    }

    func transaction<T: Sendable>(_ work: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await gate.exclusive {
            _ = try await connection.query("BEGIN IMMEDIATE")
            do {
                let result = try await work(Transaction(store: self))
                _ = try await connection.query("COMMIT")
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK")
                throw error
            }
        }
    }

    /// The statements of a transaction, run past the gate the transaction holds.
    private struct Transaction: SQLExecutor {
        let store: SQLiteStore
        func rows(_ statement: SQLStatement) async throws -> [SQLRow] { try await store.execute(statement) }
    }

    private func execute(_ statement: SQLStatement) async throws -> [SQLRow] {
        let binds = statement.binds.map { value -> SQLiteData in
            switch value {
            case .null: .null
            case .integer(let integer): .integer(Int(integer))
            case .text(let text): .text(text)
            }
        }
        return try await connection.query(sqliteSpelling(statement.sql), binds).map { row in
            var values: [String: SQLValue] = [:]
            for column in row.columns {
                switch column.data {
                case .integer(let integer): values[column.name] = .integer(Int64(integer))
                case .text(let text): values[column.name] = .text(text)
                case .float(let float): values[column.name] = .integer(Int64(float))
                case .blob, .null: values[column.name] = .null
                }
            }
            return SQLRow(values: values)
        }
    }

    private func sqliteSpelling(_ sql: String) -> String {
        spellings.withLock { spellings in
            if let known = spellings[sql] { return known }
            let translated = Self.sqliteParameters(sql)
            spellings[sql] = translated
            return translated
        }
    }

    /// `$1` as SQLite's numbered parameter `?1` (the statements use `$` for nothing else).
    static func sqliteParameters(_ sql: String) -> String {
        String(decoding: sql.utf8.map { $0 == UInt8(ascii: "$") ? UInt8(ascii: "?") : $0 }, as: UTF8.self)
    }

    // MARK: Schema

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
        SQLSchema.trustModel,
        SQLSchema.customerFeatures,
    ]
}
