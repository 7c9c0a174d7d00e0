import Foundation

/// A value bound to a statement or read from a row: the three types the schema uses in both
/// SQLite and PostgreSQL.
enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case text(String)

    static func int(_ value: some BinaryInteger) -> SQLValue { .integer(Int64(value)) }
    static func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }
    /// Milliseconds since 1970.
    static func date(_ date: Date) -> SQLValue { .integer(date.storeMillis) }
    static func optional(_ date: Date?) -> SQLValue { date.map(SQLValue.date) ?? .null }
    /// Digests are stored as base64 text in both stores.
    static func digest(_ bytes: Data) -> SQLValue { .text(bytes.base64EncodedString()) }
    static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
}

/// One statement, written with PostgreSQL's placeholders `$1`, `$2`, … (SQLite reads them as
/// `?1`, `?2`, …), and its values.
struct SQLStatement: Sendable {
    var sql: String
    var binds: [SQLValue]

    init(_ sql: String, _ binds: SQLValue...) {
        self.sql = sql
        self.binds = binds
    }

    init(_ sql: String, binds: [SQLValue]) {
        self.sql = sql
        self.binds = binds
    }
}

/// A row by column name.
struct SQLRow: Sendable {
    var values: [String: SQLValue]

    func optionalText(_ column: String) -> String? {
        if case .text(let text)? = values[column] { text } else { nil }
    }

    func optionalInt(_ column: String) -> Int64? {
        if case .integer(let value)? = values[column] { value } else { nil }
    }

    func text(_ column: String) throws -> String {
        guard let text = optionalText(column) else { throw StoreError.unreadable(column: column) }
        return text
    }

    func int(_ column: String) throws -> Int64 {
        guard let value = optionalInt(column) else { throw StoreError.unreadable(column: column) }
        return value
    }

    func date(_ column: String) throws -> Date { Date(storeMillis: try int(column)) }
    func optionalDate(_ column: String) -> Date? { optionalInt(column).map(Date.init(storeMillis:)) }
    func bool(_ column: String) throws -> Bool { try int(column) != 0 }

    func digest(_ column: String) throws -> Data {
        guard let bytes = Data(base64Encoded: try text(column)) else { throw StoreError.unreadable(column: column) }
        return bytes
    }
}

/// Runs statements: a database, or one transaction of it.
protocol SQLExecutor: Sendable {
    func rows(_ statement: SQLStatement) async throws -> [SQLRow]
}

extension SQLExecutor {
    func run(_ statement: SQLStatement) async throws {
        _ = try await rows(statement)
    }

    func firstRow(_ statement: SQLStatement) async throws -> SQLRow? {
        try await rows(statement).first
    }
}
