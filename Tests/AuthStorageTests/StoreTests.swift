import AuthEngine
import AuthTestSupport
import Foundation
import SQLiteNIO
import Testing

@testable import AuthStorage

/// The store contract on SQLite.
@Suite struct SQLiteStoreContractTests {
    @Test(arguments: StoreContract.rules)
    func rule(_ rule: StoreRule) async throws {
        let store = try await SQLiteStore.open(path: try temporaryFolder("store").appendingPathComponent("auth.sqlite").path)
        do {
            try await rule.check(store)
        } catch {
            try await store.close()
            throw error
        }
        try await store.close()
    }
}

/// The same contract on PostgreSQL, each rule in a fresh schema.
@Suite(TestDatabase.required, .timeLimit(.minutes(3))) struct PostgresStoreContractTests {
    @Test(arguments: StoreContract.rules)
    func rule(_ rule: StoreRule) async throws {
        let store = try await PostgresStore.open(url: try TestDatabase.freshSchema())
        do {
            try await rule.check(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

@Suite struct SQLiteStoreTests {
    @Test func aSecondServerOnTheSameFileStopsAtStartUp() async throws {
        let path = try temporaryFolder("busy").appendingPathComponent("auth.sqlite").path
        let first = try await SQLiteStore.open(path: path)
        let error = await #expect(throws: StoreError.self) { try await SQLiteStore.open(path: path) }
        #expect(error?.description.contains("in use by another server") == true)
        try await first.close()
        let again = try await SQLiteStore.open(path: path)
        try await again.close()
    }

    @Test func theFileIsReadableByItsOwnerOnly() async throws {
        let path = try temporaryFolder("mode").appendingPathComponent("auth.sqlite").path
        let store = try await SQLiteStore.open(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try await store.close()
    }

    /// README's durability: WAL with synchronous = NORMAL, the file held by its one server.
    @Test func theFileIsInWALModeWithNormalSync() async throws {
        let path = try temporaryFolder("wal").appendingPathComponent("auth.sqlite").path
        let store = try await SQLiteStore.open(path: path)
        #expect(try store.connection.rows("PRAGMA journal_mode", []).first?.optionalText("journal_mode") == "wal")
        // NORMAL is 1 (FULL, the default, is 2).
        #expect(try store.connection.rows("PRAGMA synchronous", []).first?.optionalInt("synchronous") == 1)
        #expect(try store.connection.rows("PRAGMA locking_mode", []).first?.optionalText("locking_mode") == "exclusive")
        try await store.close()
        // WAL is kept in the file itself, for whoever opens it next.
        let reopened = try await SQLiteConnection.open(storage: .file(path: path))
        #expect(try await reopened.query("PRAGMA journal_mode").first?.column("journal_mode")?.string == "wal")
        try await reopened.close()
    }

    @Test func aVersionOneFileIsMigratedToTheCurrentSchema() async throws {
        // A file as the first release left it: version 1, a session, a counter and a stored key.
        let path = try temporaryFolder("v1").appendingPathComponent("auth.sqlite").path
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        for statement in SQLiteStore.migrations[0] { _ = try await connection.query(statement) }
        _ = try await connection.query(
            """
            INSERT INTO sessions (id, brand, identifier_type, identifier_value, created_at, expires_at)
            VALUES ('P-old', 'DocDemo', 'MOBILE', '+91 99999 99993', 0, 9999999999999)
            """)
        _ = try await connection.query("INSERT INTO otp_limits VALUES ('DocDemo|MOBILE|+91 99999 99993', 0, 1, 0, 1)")
        _ = try await connection.query("INSERT INTO secrets VALUES ('token-signing-key', 'c2VjcmV0')")
        _ = try await connection.query("PRAGMA user_version = 1")
        try await connection.close()

        let store = try await SQLiteStore.open(path: path)
        try await store.close()
        let migrated = try await SQLiteConnection.open(storage: .file(path: path))
        #expect(try await migrated.query("PRAGMA user_version").first?.column("user_version")?.integer == SQLiteStore.migrations.count)
        let tables = try await migrated.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").compactMap {
            $0.column("name")?.string
        }
        #expect(
            tables == ["counters", "grant_keys", "grants", "held_passwords", "identifiers", "otps", "passwords", "sealed_passwords", "sessions"])
        // Sessions in the old spelling are gone with the keys that sealed them; none is in the file.
        #expect(try await migrated.query("SELECT count(*) AS n FROM sessions").first?.column("n")?.integer == 0)
        try await migrated.close()
        let reopened = try await SQLiteStore.open(path: path)
        try await reopened.insertSession(StoreContract.session("P-new"))
        #expect(try await reopened.session(id: "P-new") == StoreContract.session("P-new"))
        try await reopened.close()
    }

    /// The release before this one: its mobile logins never ended, and its instances must keep
    /// working beside migrated ones during an upgrade (nothing they use is dropped or renamed).
    @Test func aFileOfTheReleaseBeforeIsMigratedWithoutBreakingIt() async throws {
        let path = try temporaryFolder("v4").appendingPathComponent("auth.sqlite").path
        let connection = try await SQLiteConnection.open(storage: .file(path: path))
        for statement in SQLiteStore.migrations[..<4].joined() { _ = try await connection.query(statement) }
        _ = try await connection.query(
            "INSERT INTO grants (family, brand, customer_id, created_at, expires_at) VALUES ('F-mobile', 'docdemo', 'C-1', 1000, NULL)")
        _ = try await connection.query(
            "INSERT INTO grants (family, brand, customer_id, created_at, expires_at) VALUES ('F-web', 'docdemo', 'C-1', 1000, 5000)")
        _ = try await connection.query("PRAGMA user_version = 4")
        try await connection.close()

        let store = try await SQLiteStore.open(path: path)
        try await store.close()
        let migrated = try await SQLiteConnection.open(storage: .file(path: path))
        let ends = try await migrated.query("SELECT family, expires_at FROM grants ORDER BY family").map {
            ($0.column("family")?.string, $0.column("expires_at")?.integer)
        }
        // A mobile login of before ends 90 days after it began; a web login keeps its end.
        #expect(ends.map(\.0) == ["F-mobile", "F-web"] && ends.map(\.1) == [1000 + 90 * 86_400_000, 5000])
        // What the release before writes still fits: a session with its MFA mark, a held hash.
        _ = try await migrated.query(
            """
            INSERT INTO sessions (id, brand, identifier_type, identifier_value, customer_id, created_at, expires_at, second_factor)
            VALUES ('P-before', 'docdemo', 'MOBILE', '919999999993', 'C-1', 0, 9999999999999, 1)
            """)
        _ = try await migrated.query("INSERT INTO held_passwords (session_id, hash, expires_at) VALUES ('P-before', 'h', 9999999999999)")
        try await migrated.close()
    }

    @Test func statementsWaitWhileATransactionRuns() async throws {
        // The import's transaction and concurrent requests share one connection: no request's
        // statement may land inside the transaction (a failed import would roll it back).
        let store = try await SQLiteStore.open(path: try temporaryFolder("gate").appendingPathComponent("auth.sqlite").path)
        let entry = CustomerRecord.Entry(
            identifier: CustomerIdentifier(type: "MOBILE", value: "919000000001"), verified: true, createdAt: StoreContract.start)
        try await store.importCustomers([CustomerRecord(id: "crm-1", brand: "docdemo", identifiers: [entry])], at: StoreContract.start)
        let outcomes = try await parallel(40) { index -> Bool in
            if index % 4 == 0 {
                // Each of these imports fails on its last customer and rolls back.
                let failing = CustomerRecord(id: "other-\(index)", brand: "docdemo", identifiers: [entry])
                let fresh = CustomerRecord(
                    id: "new-\(index)", brand: "docdemo",
                    identifiers: [
                        CustomerRecord.Entry(
                            identifier: CustomerIdentifier(type: "USERNAME", value: "u\(index)"), verified: true, createdAt: StoreContract.start)
                    ])
                do {
                    try await store.importCustomers([fresh, failing], at: StoreContract.start)
                    return false
                } catch is DirectoryConflict {
                    return try await store.customer(id: "new-\(index)") == nil
                }
            }
            try await store.insertSession(StoreContract.session("P-\(index)"))
            return try await store.session(id: "P-\(index)") != nil
        }
        #expect(outcomes.allSatisfy { $0 })
        // Read once every transaction is over: a session that landed inside a rolled-back
        // import would be gone now, though it read back inside it.
        for index in 0..<40 where index % 4 != 0 {
            #expect(try await store.session(id: "P-\(index)") != nil, "P-\(index) lost")
        }
        try await store.close()
    }
}

@Suite struct PostgresURLTests {
    @Test func theURLGivesServerUserDatabaseAndOptions() throws {
        let settings = try PostgresStore.settings("postgres://auth:p%40ss@db.example.com:6543/authdb?sslmode=disable&schema=auth&pool=4")
        let (pool, connection) = (settings.pool, settings.connection)
        #expect(pool.host == "db.example.com" && pool.port == 6543)
        #expect(pool.username == "auth" && pool.password == "p@ss" && pool.database == "authdb")
        #expect(pool.options.maximumConnections == 4 && settings.schema == "auth")
        #expect(connection.host == "db.example.com" && connection.port == 6543)
        #expect(connection.username == "auth" && connection.password == "p@ss" && connection.database == "authdb")
        #expect(connection.options.additionalStartupParameters.map(\.1) == ["auth"])
        #expect(settings.tls == .disable)
    }

    /// Attack: `sslmode` defaulted to `prefer`, which talks in the clear to a server (or a
    /// man in the middle) that offers no TLS.
    @Test func tlsIsRequiredUnlessTheURLSaysOtherwise() throws {
        #expect(try PostgresStore.settings("postgres://auth@db.example.com/authdb").tls == .require)
        #expect(try PostgresStore.settings("postgres://auth@db.example.com/authdb?sslmode=prefer").tls == .prefer)
    }

    @Test func badURLsAreNamedWithoutTheirPassword() {
        for (url, message) in [
            ("postgres://db/authdb", "postgres://db/authdb is not postgres://user[:password]@host[:port]/database"),
            ("postgres://u:secret@db/a?sslmode=maybe", "sslmode must be disable, prefer or require, is maybe"),
            (
                "postgres://u:secret@db/a?schema=Robert'); DROP TABLE",
                "schema must be a lower-case SQL name (letters, digits, _), is Robert'); DROP TABLE"
            ),
            ("postgres://u:secret@db/a?pool=0", "pool must be 1 to 500 connections, is 0"),
            (
                "postgres://u:secret@db/a?sslrootcert=/nonexistent/ca.pem",
                "sslrootcert must name a PEM file of CA certificates, is /nonexistent/ca.pem"
            ),
        ] {
            #expect(throws: StoreError.badURL(message)) { try PostgresStore.settings(url) }
        }
    }
}

@Suite(TestDatabase.required, .timeLimit(.minutes(3))) struct PostgresMigrationTests {
    func tables(_ store: PostgresStore) async throws -> [String] {
        try await store.rows(
            SQLStatement(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name"
            )
        ).compactMap { $0.optionalText("table_name") }
    }

    @Test func instancesStartingTogetherMigrateOnce() async throws {
        let url = try TestDatabase.freshSchema()
        let stores = try await parallel(4) { _ in try await PostgresStore.open(url: url) }
        // One version row at the latest version, and every table once.
        let version = try await stores[0].rows(SQLStatement("SELECT version FROM schema_version"))
        #expect(version.count == 1 && version.first?.optionalInt("version") == Int64(PostgresStore.migrations.count))
        #expect(
            try await tables(stores[1]) == [
                "counters", "grant_keys", "grants", "held_passwords", "identifiers", "otps", "passwords", "schema_version", "sealed_passwords",
                "sessions",
            ])
        // All four share one schema: a session one writes, another reads.
        try await stores[0].insertSession(StoreContract.session("P-shared"))
        #expect(try await stores[3].session(id: "P-shared") == StoreContract.session("P-shared"))
        for store in stores { await store.close() }
    }

    @Test func aNewerSchemaIsRefusedWithoutChanges() async throws {
        let url = try TestDatabase.freshSchema()
        let store = try await PostgresStore.open(url: url)
        try await store.run(SQLStatement("UPDATE schema_version SET version = 99"))
        let tablesBefore = try await tables(store)
        let error = await #expect(throws: StoreError.self) { try await PostgresStore.open(url: url) }
        #expect(error == .newerSchema(found: 99, known: PostgresStore.migrations.count))
        #expect(try await store.rows(SQLStatement("SELECT version FROM schema_version")).first?.optionalInt("version") == 99)
        #expect(try await tables(store) == tablesBefore)
        await store.close()
    }
}

@Suite struct PurgerTests {
    @Test func thePurgerRunsEveryIntervalUntilCancelled() async throws {
        let store = try await SQLiteStore.open(path: try temporaryFolder("purger").appendingPathComponent("auth.sqlite").path)
        let purger = Purger(store: store, interval: .milliseconds(50))
        let running = Task { await purger.run() }
        // Two rows expire one after the other: each is purged, so the purger keeps running.
        for id in ["P-first", "P-second"] {
            var expired = StoreContract.session(id)
            expired.expiresAt = Date() - 1
            try await store.insertSession(expired)
            var purged = false
            for _ in 0..<100 where !purged {
                try await Task.sleep(for: .milliseconds(20))
                purged = try await store.session(id: id) == nil
            }
            #expect(purged, "\(id) was not purged")
        }
        running.cancel()
        await running.value
        try await store.close()
    }
}
