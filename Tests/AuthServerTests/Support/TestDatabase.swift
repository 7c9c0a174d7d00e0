import Foundation

/// The PostgreSQL server the tests may use: `DATABASE_URL` (`.ci/run` starts one). Each caller
/// gets a schema of its own, so tests running side by side never see each other's rows.
enum TestDatabase {
    static let url: String? = {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") else {
            print("PostgreSQL store tests skipped: DATABASE_URL is not set to a postgres:// URL (scripts/with-postgres.sh sets one)")
            return nil
        }
        return url
    }()

    /// A URL of `url` with a fresh schema, or nil without PostgreSQL.
    static func freshSchema() -> String? {
        guard let url else { return nil }
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        return url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
    }
}
