import AuthTestSupport
import Foundation
import Testing

@testable import AuthStorage

/// The connection under the SQLite store: kept statements, binding, and what it refuses.
@Suite struct SQLiteConnectionTests {
    private func connection(_ name: String) throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: try temporaryFolder(name).appendingPathComponent("test.sqlite").path)
        _ = try connection.rows("CREATE TABLE t (key TEXT PRIMARY KEY, n INTEGER)", [])
        return connection
    }

    @Test func textKeepsEveryByteIncludingNUL() throws {
        // A value cut at its NUL would match, and overwrite, a shorter one.
        let connection = try connection("nul")
        for key in ["alice@example.com", "alice@example.com\u{0}evil", "\u{0}", "", "ünïcødé 📱"] {
            _ = try connection.rows("INSERT INTO t (key, n) VALUES ($1, $2)", [.text(key), .integer(Int64(key.utf8.count))])
        }
        let rows = try connection.rows("SELECT key, n FROM t ORDER BY n", [])
        #expect(rows.map { $0.optionalText("key") } == ["", "\u{0}", "ünïcødé 📱", "alice@example.com", "alice@example.com\u{0}evil"])
        #expect(try connection.rows("SELECT n FROM t WHERE key = $1", [.text("alice@example.com\u{0}evil")]).first?.optionalInt("n") == 22)
    }

    @Test func aKeptStatementRunsAgainWithItsNewValues() throws {
        let connection = try connection("kept")
        // Numbered by the number, not by order of appearance; nothing left bound from the last run.
        #expect(try connection.rows("SELECT $2 - $1 AS d", [.integer(1), .integer(10)]).first?.optionalInt("d") == 9)
        #expect(try connection.rows("SELECT $2 - $1 AS d", [.integer(5), .integer(7)]).first?.optionalInt("d") == 2)
        #expect(try connection.rows("SELECT $1 AS v", [.null]).first?.values["v"] == .null)
    }

    @Test func aStatementThatFailedRunsAgain() throws {
        let connection = try connection("failed")
        _ = try connection.rows("INSERT INTO t (key, n) VALUES ($1, 1)", [.text("a")])
        #expect(throws: SQLiteFailure.self) { try connection.rows("INSERT INTO t (key, n) VALUES ($1, 1)", [.text("a")]) }
        _ = try connection.rows("INSERT INTO t (key, n) VALUES ($1, 1)", [.text("b")])
        #expect(try connection.rows("SELECT count(*) AS c FROM t", []).first?.optionalInt("c") == 2)
    }

    @Test func aTextOfTwoStatementsIsRefusedWhole() throws {
        let connection = try connection("two")
        let failure = #expect(throws: SQLiteFailure.self) { try connection.rows("SELECT 1; DROP TABLE t", []) }
        #expect(failure?.message.contains("more than one statement") == true)
        #expect(try connection.rows("SELECT count(*) AS c FROM t", []).first?.optionalInt("c") == 0)
    }

    @Test func aStoredRealIsReadAsAnIntegerWithoutTrapping() throws {
        // The schema stores none; a file that holds one anyway (copied, restored, tampered) must
        // not crash the server on a read.
        let connection = try connection("real")
        _ = try connection.rows("INSERT INTO t (key, n) VALUES ('big', 1e300), ('inf', 9e999), ('half', 2.5)", [])
        let rows = try connection.rows("SELECT key, n FROM t ORDER BY key", [])
        #expect(rows.map { $0.optionalInt("n") } == [Int64.max, 2, Int64.max])
    }

    @Test func aTextWithoutAStatementIsRefused() throws {
        let failure = #expect(throws: SQLiteFailure.self) { try connection("empty").rows("  -- nothing", []) }
        #expect(failure?.message.contains("no statement") == true)
    }

    @Test func closingWaitsForTheTransactionInFlight() async throws {
        let store = try await SQLiteStore.open(path: try temporaryFolder("close").appendingPathComponent("auth.sqlite").path)
        let started = AsyncStream<Void>.makeStream()
        let transaction = Task {
            try await store.transaction { database in
                started.continuation.yield()
                try await Task.sleep(for: .milliseconds(200))
                return try await database.rows(SQLStatement("SELECT 1 AS one")).first?.optionalInt("one")
            }
        }
        for await _ in started.stream { break }
        try await store.close()
        #expect(try await transaction.value == 1)
    }

    @Test func aClosedConnectionRefusesStatements() throws {
        let connection = try connection("closed")
        connection.close()
        #expect(connection.isClosed)
        #expect(throws: SQLiteFailure.self) { try connection.rows("SELECT 1", []) }
    }
}
