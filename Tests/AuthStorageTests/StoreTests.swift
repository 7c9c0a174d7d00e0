import AuthEngine
import AuthStorage
import Foundation
import Testing

/// The store contract, on every store this package has. Each rule-enforcing method is checked
/// for its edge: the count that fills a limit, the attempt that reaches the cap, the second use.
@Suite struct StoreTests {
    /// A fresh store of each kind.
    static func stores() async throws -> [any AuthStore] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        return [try await SQLiteStore.open(path: folder.appendingPathComponent("auth.sqlite").path)]
    }

    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func session(_ id: String) -> SessionRecord {
        SessionRecord(
            id: id, brand: "DocDemo", identifierType: "MOBILE", identifierValue: "919999999993", deviceId: "device-1",
            mobile: nil, email: "a@example.com", createdAt: start, expiresAt: start + 900)
    }

    @Test func sessionsRoundTrip() async throws {
        for store in try await Self.stores() {
            try await store.insertSession(Self.session("P-1"))
            #expect(try await store.session(id: "P-1") == Self.session("P-1"))
            #expect(try await store.session(id: "P-2") == nil)
            await #expect(throws: (any Error).self) { try await store.insertSession(Self.session("P-1")) }
        }
    }

    @Test func theWindowAdmitsItsCountThenResets() async throws {
        for store in try await Self.stores() {
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
        for store in try await Self.stores() {
            let limits = OTPLimits(dailyCap: 1)
            let day = Self.start.utcDay
            let lateEvening = Date(timeIntervalSince1970: TimeInterval((day + 1) * 86_400 - 10))
            guard case .admitted = try await store.reserveOTP(for: "k", limits: limits, at: lateEvening) else { Issue.record("refused"); return }
            #expect(try await store.reserveOTP(for: "k", limits: limits, at: lateEvening + 5) == .refused(retryAfter: 5))
            guard case .admitted = try await store.reserveOTP(for: "k", limits: limits, at: lateEvening + 10) else { Issue.record("not reset"); return }
        }
    }

    @Test func aReleaseGivesBackItsCountOnly() async throws {
        for store in try await Self.stores() {
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
        for store in try await Self.stores() {
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
        for store in try await Self.stores() {
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
        for store in try await Self.stores() {
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
