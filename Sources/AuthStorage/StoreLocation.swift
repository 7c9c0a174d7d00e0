import AuthEngine
import Foundation
import Logging

/// Where the state lives, from `--database` or `DATABASE_URL`: a SQLite file (a path, or a
/// `sqlite:` URL) for one server, a PostgreSQL database (`postgres://`) for several.
public enum StoreLocation: Hashable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public init(_ text: String) throws {
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else if text.hasPrefix("sqlite://") {
            self = .sqlite(path: String(text.dropFirst("sqlite://".count)))
        } else if text.hasPrefix("sqlite:") {
            self = .sqlite(path: String(text.dropFirst("sqlite:".count)))
        } else if text.contains("://") {
            throw StoreError.badURL("\(PostgresStore.redacted(text)) is neither a file path, a sqlite: URL nor a postgres:// URL")
        } else {
            self = .sqlite(path: text)
        }
    }

    /// Opens the store, creating and migrating its schema.
    public func open(logger: Logger) async throws -> any AuthStore {
        switch self {
        case .sqlite(let path): try await SQLiteStore.open(path: path)
        case .postgres(let url): try await PostgresStore.open(url: url, logger: logger)
        }
    }

    /// For logs: the password of a URL is left out.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let url): PostgresStore.redacted(url)
        }
    }
}
