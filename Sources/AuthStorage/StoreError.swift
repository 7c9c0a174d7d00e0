import Foundation

/// A store that cannot be used as it is.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case newerSchema(found: Int, known: Int)
    /// A stored value this server cannot read, named `table.column` where known.
    case unreadable(column: String)
    case inUse(reason: String)
    case badURL(String)
    /// The database server could not be reached or refused this server, and why.
    case unreachable(String)

    public var description: String {
        switch self {
        case .newerSchema(let found, let known):
            "the database has schema version \(found), newer than this server's \(known); run a newer auth-server"
        case .unreadable(let column):
            "unreadable value in \(column)"
        case .badURL(let message), .unreachable(let message):
            message
        case .inUse(let reason):
            "the database is in use by another server (\(reason)); one server per SQLite file, several share PostgreSQL"
        }
    }
}
