import AuthEngine
@testable import AuthStorage
import Foundation
import Testing

/// The store contract, on every store this package has. Each rule-enforcing method is checked
/// for its edge: the count that fills a limit, the attempt that reaches the cap, the second use.
@Suite struct StoreTests {
    /// Runs `body` on a fresh store of each kind, SQLite always and PostgreSQL when
    /// `DATABASE_URL` names one, closing each afterwards.
    static func eachStore(_ body: (any AuthStore) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        var stores: [any AuthStore] = [try await SQLiteStore.open(path: folder.appendingPathComponent("auth.sqlite").path)]
        if let url = TestDatabase.freshSchema() { stores.append(try await PostgresStore.open(url: url)) }
        for store in stores {
            do {
                try await body(store)
            } catch {
                try await store.close()
                throw error
            }
            try await store.close()
        }
    }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func session(_ id: String) -> SessionRecord {
        SessionRecord(
            id: id, brand: "DocDemo", identifierType: "MOBILE", identifierValue: "919999999993", deviceId: "device-1",
            mobile: nil, email: "a@example.com", createdAt: start, expiresAt: start + 900)
    }

    @Test func sessionsRoundTrip() async throws {
        try await Self.eachStore { store in
            try await store.insertSession(Self.session("P-1"))
            #expect(try await store.session(id: "P-1") == Self.session("P-1"))
            #expect(try await store.session(id: "P-2") == nil)
            await #expect(throws: (any Error).self) { try await store.insertSession(Self.session("P-1")) }
        }
    }

    @Test func theWindowAdmitsItsCountThenResets() async throws {
        try await Self.eachStore { store in
            let limits = OTPLimits(window: .init(count: 2, seconds: 60))
            for _ in 0..<2 {
                guard case .admitted = try await store.reserveOTP(for: "k", limits: limits, at: Self.start) else { Issue.record("refused"); return }
            }
            #expect(try await store.reserveOTP(for: "k", limits: limits, at: Self.start + 10) == .refused(retryAfter: 50))
            #expect(try await store.reserveOTP(for: "other", limits: limits, at: Self.start + 10) != .refused(retryAfter: 50))
            guard case .admitted = try await store.reserveOTP(for: "k", limits: limits, at: Self.start + 60) else { Issue.record("not reset"); return }
        }
    }

    @Test func theDailyCapCountsACalendarDay() async throws {
        try await Self.eachStore { store in
            let limits = OTPLimits(dailyCap: 1)
            let day = Self.start.utcDay
            let lateEvening = Date(timeIntervalSince1970: TimeInterval((day + 1) * 86_400 - 10))
            guard case .admitted = try await store.reserveOTP(for: "k", limits: limits, at: lateEvening) else { Issue.record("refused"); return }
            #expect(try await store.reserveOTP(for: "k", limits: limits, at: lateEvening + 5) == .refused(retryAfter: 5))
            guard case .admitted = try await store.reserveOTP(for: "k", limits: limits, at: lateEvening + 10) else { Issue.record("not reset"); return }
        }
    }

    @Test func aReleaseGivesBackItsCountOnly() async throws {
        try await Self.eachStore { store in
            let limits = OTPLimits(window: .init(count: 1, seconds: 60), dailyCap: 5)
            guard case .admitted(let ticket) = try await store.reserveOTP(for: "k", limits: limits, at: Self.start) else { Issue.record("refused"); return }
            try await store.release(ticket)
            guard case .admitted(let second) = try await store.reserveOTP(for: "k", limits: limits, at: Self.start + 1) else { Issue.record("not released"); return }
            // A ticket from an earlier window does not touch the current one.
            guard case .admitted = try await store.reserveOTP(for: "k", limits: limits, at: Self.start + 61) else { Issue.record("refused"); return }
            try await store.release(second)
            #expect(try await store.reserveOTP(for: "k", limits: limits, at: Self.start + 62) == .refused(retryAfter: 59))
        }
    }

    @Test func anOTPIsReplacedAndConsumedOnce() async throws {
        try await Self.eachStore { store in
            let first = OTPRecord(sessionId: "P-1", digest: Data([1, 2, 3]), issuedAt: Self.start, expiresAt: Self.start + 1200)
            let second = OTPRecord(sessionId: "P-1", digest: Data([4, 5, 6]), issuedAt: Self.start + 5, expiresAt: Self.start + 1205)
            try await store.replaceOTP(first)
            try await store.replaceOTP(second)
            #expect(try await store.otp(sessionId: "P-1") == second)
            #expect(try await store.consumeOTP(sessionId: "P-1", digest: first.digest) == false)
            #expect(try await store.consumeOTP(sessionId: "P-1", digest: second.digest) == true)
            #expect(try await store.consumeOTP(sessionId: "P-1", digest: second.digest) == false)
            #expect(try await store.otp(sessionId: "P-1") == nil)
        }
    }

    @Test func attemptsStopAtTheLimitAndRefundsGiveThemBack() async throws {
        try await Self.eachStore { store in
            try await store.insertSession(Self.session("P-1"))
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 2))
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 2))
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 2) == false)
            try await store.refundAttempt(sessionId: "P-1")
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 2))
            #expect(try await store.reserveAttempt(sessionId: "P-unknown", limit: 2) == false)
        }
    }

    @Test func aSecretIsMadeOnceAndKept() async throws {
        try await Self.eachStore { store in
            let first = try await store.secret(named: "key") { Data([1]) }
            let second = try await store.secret(named: "key") { Data([2]) }
            #expect(first == Data([1]) && second == Data([1]))
        }
    }
}

@Suite struct SQLiteStoreTests {
    @Test func aSecondServerOnTheSameFileStopsAtStartUp() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("busy-\(UUID().uuidString)/auth.sqlite").path
        let first = try await SQLiteStore.open(path: path)
        let error = await #expect(throws: StoreError.self) { try await SQLiteStore.open(path: path) }
        #expect(error?.description.contains("in use by another server") == true)
        try await first.close()
        let again = try await SQLiteStore.open(path: path)
        try await again.close()
    }

    @Test func theFileIsReadableByItsOwnerOnly() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mode-\(UUID().uuidString)/auth.sqlite").path
        let store = try await SQLiteStore.open(path: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try await store.close()
    }
}

/// The same rules under concurrency, on every store.
@Suite struct StoreConcurrencyTests {
    static func parallel<T: Sendable>(_ count: Int, _ work: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for index in 0..<count { group.addTask { try await work(index) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func fiftyReservationsAdmitExactlyTheWindowsCount() async throws {
        try await StoreTests.eachStore { store in
            let limits = OTPLimits(window: .init(count: 5, seconds: 600), dailyCap: 100)
            let results = try await Self.parallel(50) { _ in try await store.reserveOTP(for: "k", limits: limits, at: StoreTests.start) }
            #expect(results.filter { if case .admitted = $0 { true } else { false } }.count == 5)
        }
    }

    @Test func parallelAttemptsStopAtTheCapAndAnOTPIsConsumedOnce() async throws {
        try await StoreTests.eachStore { store in
            try await store.insertSession(StoreTests.session("P-1"))
            let attempts = try await Self.parallel(40) { _ in try await store.reserveAttempt(sessionId: "P-1", limit: 5) }
            #expect(attempts.filter { $0 }.count == 5)
            let otp = OTPRecord(sessionId: "P-1", digest: Data([9]), issuedAt: StoreTests.start, expiresAt: StoreTests.start + 60)
            try await store.replaceOTP(otp)
            let uses = try await Self.parallel(20) { _ in try await store.consumeOTP(sessionId: "P-1", digest: otp.digest) }
            #expect(uses.filter { $0 }.count == 1)
        }
    }

    @Test func thePurgeRemovesWhatIsOverAndKeepsTheRest() async throws {
        try await StoreTests.eachStore { store in
            let now = StoreTests.start
            var expired = StoreTests.session("P-old")
            expired.expiresAt = now - 1
            try await store.insertSession(expired)
            try await store.insertSession(StoreTests.session("P-live"))
            try await store.replaceOTP(OTPRecord(sessionId: "P-old", digest: Data([1]), issuedAt: now - 100, expiresAt: now - 1))
            try await store.replaceOTP(OTPRecord(sessionId: "P-live", digest: Data([2]), issuedAt: now, expiresAt: now + 60))
            // A counter from yesterday whose window is over, and today's.
            _ = try await store.reserveOTP(for: "old", limits: OTPLimits(window: .init(count: 1, seconds: 60)), at: now - 86_400)
            _ = try await store.reserveOTP(for: "live", limits: OTPLimits(window: .init(count: 1, seconds: 60)), at: now)

            let purger = Purger(store: store, batch: 1, now: { now })
            #expect(try await purger.purgeOnce() == 3)
            #expect(try await store.session(id: "P-old") == nil)
            #expect(try await store.session(id: "P-live") != nil)
            #expect(try await store.otp(sessionId: "P-old") == nil)
            #expect(try await store.otp(sessionId: "P-live") != nil)
            // The old counter is gone (a new window starts), today's still refuses.
            guard case .admitted = try await store.reserveOTP(for: "old", limits: OTPLimits(window: .init(count: 1, seconds: 60)), at: now) else {
                Issue.record("old counter kept"); return
            }
            #expect(try await store.reserveOTP(for: "live", limits: OTPLimits(window: .init(count: 1, seconds: 60)), at: now + 1) == .refused(retryAfter: 59))
            #expect(try await purger.purgeOnce() == 0)
        }
    }
}

@Suite struct PostgresURLTests {
    @Test func theURLGivesServerUserDatabaseAndOptions() throws {
        let (configuration, schema) = try PostgresStore.configuration("postgres://auth:p%40ss@db.example.com:6543/authdb?sslmode=disable&schema=auth&pool=4")
        #expect(configuration.host == "db.example.com" && configuration.port == 6543)
        #expect(configuration.username == "auth" && configuration.password == "p@ss" && configuration.database == "authdb")
        #expect(configuration.options.maximumConnections == 4 && schema == "auth")
    }

    @Test func badURLsAreNamedWithoutTheirPassword() {
        for (url, message) in [
            ("postgres://db/authdb", "postgres://db/authdb is not postgres://user[:password]@host[:port]/database"),
            ("postgres://u:secret@db/a?sslmode=maybe", "sslmode must be disable, prefer or require, is maybe"),
            ("postgres://u:secret@db/a?schema=Robert'); DROP TABLE", "schema must be a lower-case SQL name (letters, digits, _), is Robert'); DROP TABLE"),
            ("postgres://u:secret@db/a?pool=0", "pool must be 1 to 500 connections, is 0"),
        ] {
            #expect(throws: StoreError.badURL(message)) { try PostgresStore.configuration(url) }
        }
    }
}

@Suite(.enabled(if: TestDatabase.url != nil, "needs PostgreSQL: set DATABASE_URL (scripts/with-postgres.sh does)"))
struct PostgresMigrationTests {
    @Test func instancesStartingTogetherMigrateOnce() async throws {
        guard let url = TestDatabase.freshSchema() else { return }
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore.open(url: url) } }
            return try await group.reduce(into: [PostgresStore]()) { $0.append($1) }
        }
        // All four share one schema: a session one writes, another reads.
        try await stores[0].insertSession(StoreTests.session("P-shared"))
        #expect(try await stores[3].session(id: "P-shared") == StoreTests.session("P-shared"))
        for store in stores { await store.close() }
    }
}

@Suite struct PurgerTests {
    @Test func thePurgerRunsEveryIntervalUntilCancelled() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("purger-\(UUID().uuidString)/auth.sqlite").path
        let store = try await SQLiteStore.open(path: path)
        var expired = StoreTests.session("P-old")
        expired.expiresAt = Date() - 1
        try await store.insertSession(expired)
        let purger = Purger(store: store, interval: .milliseconds(50))
        let running = Task { await purger.run() }
        var purged = false
        for _ in 0..<100 where !purged {
            try await Task.sleep(for: .milliseconds(20))
            purged = try await store.session(id: "P-old") == nil
        }
        #expect(purged)
        running.cancel()
        await running.value
        try await store.close()
    }
}
