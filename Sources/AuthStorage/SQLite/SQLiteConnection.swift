import CSQLite
import Synchronization

/// One SQLite connection whose statements run on the calling thread, one at a time, each
/// prepared once and kept. A statement here is microseconds of work on pages in memory and a
/// WAL append (no fsync at `synchronous = NORMAL`): less than compiling its SQL again or
/// handing it to another thread and back, which together were most of a request's cost.
final class SQLiteConnection: Sendable {
    private struct State: ~Copyable {
        var handle: OpaquePointer?
        var prepared: [String: Prepared] = [:]
    }

    private struct Prepared {
        let statement: OpaquePointer
        /// Column names, read once: they are the statement's, not the row's.
        let columns: [String]
    }

    private let state: Mutex<State>
    /// Statements kept prepared at most; the store's texts are a few dozen constants, so this
    /// only bounds a mistake.
    private static let preparedLimit = 256

    /// Opens (creating) the file; the store sets its pragmas.
    init(path: String) throws(SQLiteFailure) {
        // The store's statements use RETURNING.
        guard sqlite3_libversion_number() >= 3_035_000 else {
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "SQLite \(String(cString: sqlite3_libversion())) is too old; 3.35 or later is needed")
        }
        var handle: OpaquePointer?
        let code = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let handle else {
            let failure = SQLiteFailure(code: code, handle: handle, doing: "opening \(path)")
            sqlite3_close(handle)
            throw failure
        }
        state = Mutex(State(handle: handle))
    }

    deinit { close() }

    /// Finalizes every kept statement and closes the file; later statements fail.
    func close() {
        state.withLock { state in
            for prepared in state.prepared.values { sqlite3_finalize(prepared.statement) }
            state.prepared = [:]
            if let handle = state.handle { sqlite3_close(handle) }
            state.handle = nil
        }
    }

    var isClosed: Bool { state.withLock { $0.handle == nil } }

    /// Whether a transaction is open (SQLite is out of autocommit mode).
    var inTransaction: Bool { state.withLock { $0.handle.map { sqlite3_get_autocommit($0) == 0 } ?? false } }

    /// Runs one statement and returns its rows; placeholders are PostgreSQL's `$1`, `$2`, … as
    /// the store writes them. The statement is kept prepared for the next call with the same text.
    func rows(_ sql: String, _ binds: [SQLValue]) throws(SQLiteFailure) -> [SQLRow] {
        try state.withLock { state throws(SQLiteFailure) -> [SQLRow] in
            guard let handle = state.handle else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the database is closed") }
            if let prepared = state.prepared[sql] { return try Self.run(prepared, binds, handle) }
            let prepared = try Self.prepare(sql, handle, keep: state.prepared.count < Self.preparedLimit)
            if state.prepared.count < Self.preparedLimit {
                state.prepared[sql] = prepared
                return try Self.run(prepared, binds, handle)
            }
            defer { sqlite3_finalize(prepared.statement) }
            return try Self.run(prepared, binds, handle)
        }
    }

    /// Runs a statement once without keeping it (pragmas, migrations).
    func execute(_ sql: String) throws(SQLiteFailure) {
        try state.withLock { state throws(SQLiteFailure) in
            guard let handle = state.handle else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the database is closed") }
            let prepared = try Self.prepare(sql, handle, keep: false)
            defer { sqlite3_finalize(prepared.statement) }
            _ = try Self.run(prepared, [], handle)
        }
    }

    private static func prepare(_ sql: String, _ handle: OpaquePointer, keep: Bool) throws(SQLiteFailure) -> Prepared {
        var statement: OpaquePointer?
        var remainder = ""
        let code = numberedParameters(sql).withCString { text in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v3(handle, text, -1, keep ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0, &statement, &tail)
            if let tail { remainder = String(cString: tail) }
            return code
        }
        guard code == SQLITE_OK else { throw SQLiteFailure(code: code, handle: handle, doing: "preparing \(sql)") }
        guard let statement else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "no statement in \(sql)") }
        // One statement per text: SQLite would silently ignore the rest.
        if remainder.contains(where: { !$0.isWhitespace }) {
            sqlite3_finalize(statement)
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "more than one statement in \(sql)")
        }
        let columns = (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
        return Prepared(statement: statement, columns: columns)
    }

    /// `$1` as SQLite's numbered parameter `?1` (the statements use `$` for nothing else):
    /// SQLite would read `$1` as a name, numbered by order of appearance.
    static func numberedParameters(_ sql: String) -> String {
        String(decoding: sql.utf8.map { $0 == UInt8(ascii: "$") ? UInt8(ascii: "?") : $0 }, as: UTF8.self)
    }

    private static func run(_ prepared: Prepared, _ binds: [SQLValue], _ handle: OpaquePointer) throws(SQLiteFailure) -> [SQLRow] {
        let statement = prepared.statement
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let code =
                switch value {
                case .null: sqlite3_bind_null(statement, index)
                case .integer(let integer): sqlite3_bind_int64(statement, index, integer)
                case .text(let text): bind(text, at: index, of: statement)
                }
            guard code == SQLITE_OK else { throw SQLiteFailure(code: code, handle: handle, doing: "binding parameter \(index)") }
        }
        var rows: [SQLRow] = []
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_DONE { return rows }
            guard code == SQLITE_ROW else { throw SQLiteFailure(code: code, handle: handle, doing: "running a statement") }
            var values = [String: SQLValue](minimumCapacity: prepared.columns.count)
            for (index, name) in prepared.columns.enumerated() {
                values[name] = try value(of: statement, at: Int32(index), handle)
            }
            rows.append(SQLRow(values: values))
        }
    }

    /// Binds text by its length, so a NUL inside a value is kept rather than ending it there.
    private static func bind(_ text: String, at index: Int32, of statement: OpaquePointer) -> Int32 {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_text(statement, index, "", 0, transient) }
            return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                sqlite3_bind_text64(statement, index, $0, sqlite3_uint64(bytes.count), transient, UInt8(SQLITE_UTF8))
            }
        }
    }

    private static func value(of statement: OpaquePointer, at index: Int32, _ handle: OpaquePointer) throws(SQLiteFailure) -> SQLValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER, SQLITE_FLOAT:
            // A REAL as SQLite converts it, saturating: the schema stores none, and a file that
            // holds one anyway must not crash the server.
            return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_TEXT:
            // The text first, then its length in bytes (which may include NULs).
            guard let text = sqlite3_column_text(statement, index) else {
                throw SQLiteFailure(code: sqlite3_errcode(handle), handle: handle, doing: "reading a text column")
            }
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index))), as: UTF8.self))
        default:
            return .null
        }
    }

    /// SQLite copies the bound bytes before the call returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}

/// An SQLite result code other than success, and SQLite's message for it.
struct SQLiteFailure: Error, CustomStringConvertible {
    let code: Int32
    let message: String

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    init(code: Int32, handle: OpaquePointer?, doing what: String) {
        let detail = handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
        self.init(code: code, message: "\(detail) (\(what))")
    }

    /// The file, or a table of it, is locked by another connection.
    var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }

    var description: String { "SQLite error \(code): \(message)" }
}
