import Foundation

/// A store that cannot be used as it is.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case newerSchema(found: Int, known: Int)
    case corrupt(table: String, column: String)
    case inUse(reason: String)
    case badURL(String)

    public var description: String {
        switch self {
        case .newerSchema(let found, let known):
            "the database has schema version \(found), newer than this server's \(known); run a newer auth-server"
        case .corrupt(let table, let column):
            "unreadable value in \(table).\(column)"
        case .badURL(let message):
            message
        case .inUse(let reason):
            "the database is in use by another server (\(reason)); one server per SQLite file, several share PostgreSQL"
        }
    }
}
