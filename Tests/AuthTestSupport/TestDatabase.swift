import Foundation
import Testing

/// The PostgreSQL server the tests may use: `DATABASE_URL` (`.ci/run` starts one through
/// `scripts/with-postgres.sh`). Each caller gets a schema of its own, so tests running side by
/// side never see each other's rows.
public enum TestDatabase {
    public static let url: String? = {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_URL"], url.hasPrefix("postgres") else { return nil }
        return url
    }()

    /// Whether a run must use PostgreSQL (`AUTH_TESTS_NEED_POSTGRES=1`, as `.ci/run` sets it):
    /// then a suite that needs it fails without it instead of showing as skipped.
    public static let isNeeded = ProcessInfo.processInfo.environment["AUTH_TESTS_NEED_POSTGRES"] == "1"

    /// The trait of suites that need PostgreSQL: they show as skipped, with this reason, when
    /// there is none, unless the run must use it (`isNeeded`): then they run, and fail.
    public static let required = ConditionTrait.enabled(
        if: url != nil || isNeeded, "PostgreSQL: DATABASE_URL is not set to a postgres:// URL (scripts/with-postgres.sh sets one)")

    /// A URL of `url` with a fresh schema.
    public static func freshSchema() throws -> String {
        let url = try #require(url, "PostgreSQL: DATABASE_URL is not set")
        let schema = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        return url + (url.contains("?") ? "&" : "?") + "schema=\(schema)"
    }
}
