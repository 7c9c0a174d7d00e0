import AuthEngine
import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The store for several server instances: one PostgreSQL database, a connection pool per
/// instance. The rules are `SQLStore`'s, each one statement that PostgreSQL runs under row
/// locks, so limits, locks, the attempts cap, single use and key rotation hold exactly across
/// instances; this type connects, runs statements and migrates the schema.
public final class PostgresStore: SQLStore {
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
        let settings = try settings(url)
        // Migrating over a connection of its own fails at once, with the reason, when the
        // database cannot be reached; the pool would retry with backoff for a minute first.
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: settings.connection, id: 0, logger: logger)
        } catch let error as PSQLError {
            let reason = reason(error)
            let hint =
                reason.contains("CERTIFICATE_VERIFY_FAILED")
                ? " (the server's TLS certificate is not signed by a CA this machine trusts: name its CA's PEM file as sslrootcert=PATH)" : ""
            throw StoreError.unreachable("cannot connect to PostgreSQL at \(redacted(url)): \(reason)\(hint)")
        }
        do {
            try await migrate(connection, schema: settings.schema, logger: logger)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
        // The pool reports each connection it opens or loses at info; a failing query says enough.
        var poolLogger = logger
        poolLogger.logLevel = max(logger.logLevel, .notice)
        return PostgresStore(
            client: PostgresClient(configuration: settings.pool, backgroundLogger: poolLogger), schema: settings.schema, logger: logger)
    }

    /// Closes every connection.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// What a URL says: the pool's settings, the same for the one connection that migrates,
    /// and the schema.
    struct Settings {
        var pool: PostgresClient.Configuration
        var connection: PostgresConnection.Configuration
        var schema: String?
        var tls: TLSMode
    }

    /// `sslmode`: `require` unless the URL says otherwise, since `prefer` talks in the clear to
    /// whoever answers without TLS.
    enum TLSMode: String {
        case disable, prefer, require
    }

    static func settings(_ url: String) throws -> Settings {
        guard let parts = URLComponents(string: url), ["postgres", "postgresql"].contains(parts.scheme ?? ""),
            let host = parts.host, !host.isEmpty, let user = parts.user
        else {
            throw StoreError.badURL("\(redacted(url)) is not postgres://user[:password]@host[:port]/database")
        }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let database = path.isEmpty ? nil : path
        let username = user.removingPercentEncoding ?? user
        let password = parts.password?.removingPercentEncoding
        let sslMode = parts.queryItems?.first { $0.name == "sslmode" }?.value ?? TLSMode.require.rawValue
        guard let tls = TLSMode(rawValue: sslMode) else { throw StoreError.badURL("sslmode must be disable, prefer or require, is \(sslMode)") }
        // The server's certificate is verified: against the system's roots, or the CAs of the
        // PEM file `sslrootcert` names (a private CA, as cloud databases use).
        var client = TLSConfiguration.makeClientConfiguration()
        if let rootFile = parts.queryItems?.first(where: { $0.name == "sslrootcert" })?.value {
            guard let roots = try? NIOSSLCertificate.fromPEMFile(rootFile), !roots.isEmpty else {
                throw StoreError.badURL("sslrootcert must name a PEM file of CA certificates, is \(rootFile)")
            }
            client.trustRoots = .certificates(roots)
        }
        let poolTLS: PostgresClient.Configuration.TLS
        let connectionTLS: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable:
            (poolTLS, connectionTLS) = (.disable, .disable)
        case .prefer:
            (poolTLS, connectionTLS) = (.prefer(client), .prefer(try NIOSSLContext(configuration: client)))
        case .require:
            (poolTLS, connectionTLS) = (.require(client), .require(try NIOSSLContext(configuration: client)))
        }
        let port = parts.port ?? 5432
        var settings = Settings(
            pool: PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database, tls: poolTLS),
            connection: PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database, tls: connectionTLS), tls: tls)
        let pool = parts.queryItems?.first { $0.name == "pool" }?.value ?? "8"
        guard let connections = Int(pool), (1...500).contains(connections) else {
            throw StoreError.badURL("pool must be 1 to 500 connections, is \(pool)")
        }
        settings.pool.options.maximumConnections = connections
        settings.schema = parts.queryItems?.first { $0.name == "schema" }?.value
        if let schema = settings.schema {
            guard schema.wholeMatch(of: /[a-z_][a-z0-9_]{0,62}/) != nil else {
                throw StoreError.badURL("schema must be a lower-case SQL name (letters, digits, _), is \(schema)")
            }
            settings.pool.options.additionalStartupParameters = [("search_path", schema)]
            settings.connection.options.additionalStartupParameters = [("search_path", schema)]
        }
        return settings
    }

    /// What went wrong, from the server's message or the socket's error; PSQLError's own
    /// description is deliberately blank, and its debug description may carry a query.
    static func reason(_ error: PSQLError) -> String {
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return error.code.description
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
        SQLSchema.trustModel.map { PostgresQuery(unsafeSQL: $0) },
        SQLSchema.customerFeatures.map { PostgresQuery(unsafeSQL: $0) },
        SQLSchema.provedTokens.map { PostgresQuery(unsafeSQL: $0) },
    ]

    /// An arbitrary constant: the advisory lock every instance takes to migrate.
    private static let migrationLock: Int64 = 0x61_75_74_68_67_65_6E

    private static func migrate(_ connection: PostgresConnection, schema: String?, logger: Logger) async throws {
        try await unwrapped {
            try await connection.withTransaction(logger: logger) { connection in
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
    }

    // MARK: Statements

    func rows(_ statement: SQLStatement) async throws -> [SQLRow] {
        try await Self.rows(of: client.query(Self.query(statement), logger: logger))
    }

    func transaction<T: Sendable>(_ work: @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await Self.unwrapped {
            try await client.withTransaction(logger: logger) { connection in
                try await work(Transaction(connection: connection, logger: logger))
            }
        }
    }

    /// A transaction's own error (a conflict, a newer schema) rather than PostgresNIO's wrapper
    /// around it, once the transaction is rolled back.
    static func unwrapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PostgresTransactionError {
            if let failure = error.closureError, error.rollbackError == nil { throw failure }
            throw error
        }
    }

    /// The statements of one transaction, all on its connection.
    private struct Transaction: SQLExecutor {
        let connection: PostgresConnection
        let logger: Logger

        func rows(_ statement: SQLStatement) async throws -> [SQLRow] {
            try await PostgresStore.rows(of: connection.query(PostgresStore.query(statement), logger: logger))
        }
    }

    static func query(_ statement: SQLStatement) -> PostgresQuery {
        var binds = PostgresBindings(capacity: statement.binds.count)
        for value in statement.binds {
            switch value {
            case .null: binds.appendNull()
            case .integer(let integer): binds.append(integer)
            case .text(let text): binds.append(text)
            }
        }
        return PostgresQuery(unsafeSQL: statement.sql, binds: binds)
    }

    static func rows(of sequence: PostgresRowSequence) async throws -> [SQLRow] {
        var rows: [SQLRow] = []
        for try await row in sequence {
            var values: [String: SQLValue] = [:]
            for cell in row {
                guard cell.bytes != nil else {
                    values[cell.columnName] = .null
                    continue
                }
                switch cell.dataType {
                case .int8, .int4, .int2: values[cell.columnName] = .integer(try cell.decode(Int64.self))
                case .bool: values[cell.columnName] = .integer(try cell.decode(Bool.self) ? 1 : 0)
                default: values[cell.columnName] = .text(try cell.decode(String.self))
                }
            }
            rows.append(SQLRow(values: values))
        }
        return rows
    }
}
