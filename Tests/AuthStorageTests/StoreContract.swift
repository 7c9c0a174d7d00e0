import AuthEngine
import AuthTestSupport
import Foundation
import Testing

/// The store contract: every rule-enforcing method at its edge (the count that fills a limit,
/// the guess that locks, the second use of a key), and under concurrency. Written once, run by
/// `SQLiteStoreContractTests` and `PostgresStoreContractTests`.
struct StoreRule: Sendable, CustomTestStringConvertible {
    var name: String
    var check: @Sendable (any AuthStore) async throws -> Void

    var testDescription: String { name }

    init(_ name: String, _ check: @escaping @Sendable (any AuthStore) async throws -> Void) {
        self.name = name
        self.check = check
    }
}

enum StoreContract {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func session(_ id: String, customer: String = "C-1") -> SessionRecord {
        SessionRecord(
            id: id, brand: "docdemo", identifierType: "MOBILE", identifierValue: "919999999993", deviceId: "device-1",
            mobile: nil, email: "a@example.com", customerId: customer, createdAt: start, expiresAt: start + 900)
    }

    static func admitted(_ reservation: OTPReservation) -> [OTPReservation.Ticket]? {
        if case .admitted(let tickets) = reservation { tickets } else { nil }
    }

    /// The tickets of a reservation, or nil when it was refused.
    static func admitted(_ store: any AuthStore, keys: [String], limits: OTPLimits, at now: Date) async throws -> [OTPReservation.Ticket]? {
        admitted(try await store.reserveOTP(keys: keys, limits: limits, at: now))
    }

    static func entry(_ type: String, _ value: String, verified: Bool = true) -> CustomerRecord.Entry {
        CustomerRecord.Entry(identifier: CustomerIdentifier(type: type, value: value), verified: verified, createdAt: start)
    }

    static func grant(_ family: String, customer: String = "C-1", expiresAt: Date? = nil) -> GrantRecord {
        GrantRecord(family: family, brand: "docdemo", customerId: customer, createdAt: start, expiresAt: expiresAt)
    }

    static func key(_ id: String, family: String, expiresAt: Date? = nil) -> GrantKeyRecord {
        GrantKeyRecord(id: id, family: family, digest: Data(id.utf8), createdAt: start, expiresAt: expiresAt)
    }

    static let window = OTPLimits(window: .init(count: 2, seconds: 60))
    static let guesses = GuessLimits(count: 3, windowSeconds: 600, lockSeconds: 300)

    static let rules: [StoreRule] = sessions + limits + guesses_ + otps + directory + passwords + keys + purge + concurrency

    // MARK: Sessions, OTPs, attempts

    static let sessions = [
        StoreRule("sessions round trip and ids are unique") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            #expect(try await store.session(id: "P-1") == session("P-1"))
            #expect(try await store.session(id: "P-2") == nil)
            await #expect(throws: (any Error).self) { try await store.insertSession(session("P-1")) }
        }
    ]

    static let otps = [
        StoreRule("an OTP is replaced and consumed once") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            let first = OTPRecord(
                sessionId: "P-1", digest: Data([1, 2, 3]), issuedAt: start, expiresAt: start + 1200, provesIdentifier: true, destination: "d:1")
            let second = OTPRecord(sessionId: "P-1", digest: Data([4, 5, 6]), issuedAt: start + 5, expiresAt: start + 1205, provesIdentifier: false)
            #expect(try await store.replaceOTP(first, attemptLimit: 5))
            #expect(try await store.replaceOTP(second, attemptLimit: 5))
            #expect(try await store.otp(sessionId: "P-1") == second)
            #expect(try await store.consumeOTP(sessionId: "P-1", digest: first.digest) == false)
            #expect(try await store.consumeOTP(sessionId: "P-1", digest: second.digest) == true)
            #expect(try await store.consumeOTP(sessionId: "P-1", digest: second.digest) == false)
            #expect(try await store.otp(sessionId: "P-1") == nil)
        },
        StoreRule("no OTP is stored for a session whose attempts are used up, or for none") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            let otp = OTPRecord(sessionId: "P-1", digest: Data([1]), issuedAt: start, expiresAt: start + 60, provesIdentifier: true)
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 1))
            #expect(try await store.replaceOTP(otp, attemptLimit: 1) == false)
            #expect(try await store.otp(sessionId: "P-1") == nil)
            #expect(try await store.replaceOTP(otp, attemptLimit: 2))
            #expect(
                try await store.replaceOTP(
                    OTPRecord(sessionId: "P-none", digest: Data([1]), issuedAt: start, expiresAt: start + 60, provesIdentifier: true), attemptLimit: 5
                ) == false)
        },
        StoreRule("attempts stop at the limit and refunds give them back") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 2))
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 2))
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 2) == false)
            try await store.refundAttempt(sessionId: "P-1")
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 2))
            #expect(try await store.reserveAttempt(sessionId: "P-unknown", limit: 2) == false)
        },
    ]

    // MARK: OTP limits

    static let limits = [
        StoreRule("the window admits its count then resets") { (store: any AuthStore) async throws in
            for _ in 0..<2 { #expect(try await admitted(store, keys: ["k"], limits: window, at: start)?.count == 1) }
            #expect(try await store.reserveOTP(keys: ["k"], limits: window, at: start + 10) == .refused(retryAfter: 50, locked: false))
            #expect(try await admitted(store, keys: ["other"], limits: window, at: start + 10) != nil)
            #expect(try await admitted(store, keys: ["k"], limits: window, at: start + 60) != nil)
        },
        StoreRule("the daily cap counts a calendar day") { (store: any AuthStore) async throws in
            let limits = OTPLimits(dailyCap: 1)
            let lateEvening = Date(timeIntervalSince1970: TimeInterval((start.utcDay + 1) * 86_400 - 10))
            #expect(try await admitted(store, keys: ["k"], limits: limits, at: lateEvening) != nil)
            #expect(try await store.reserveOTP(keys: ["k"], limits: limits, at: lateEvening + 5) == .refused(retryAfter: 5, locked: false))
            #expect(try await admitted(store, keys: ["k"], limits: limits, at: lateEvening + 10) != nil)
        },
        StoreRule("a release gives back its count only") { (store: any AuthStore) async throws in
            let limits = OTPLimits(window: .init(count: 1, seconds: 60), dailyCap: 5)
            let first = try #require(try await admitted(store, keys: ["k"], limits: limits, at: start))
            try await store.release(first)
            let second = try #require(try await admitted(store, keys: ["k"], limits: limits, at: start + 1))
            // A ticket from an earlier window does not touch the current one.
            #expect(try await admitted(store, keys: ["k"], limits: limits, at: start + 61) != nil)
            try await store.release(second)
            #expect(try await store.reserveOTP(keys: ["k"], limits: limits, at: start + 62) == .refused(retryAfter: 59, locked: false))
        },
        StoreRule("a customer and a destination are counted together or not at all") { (store: any AuthStore) async throws in
            let limits = OTPLimits(window: .init(count: 1, seconds: 60))
            #expect(try await admitted(store, keys: ["c:A", "d:shared"], limits: limits, at: start)?.map(\.key) == ["c:A", "d:shared"])
            // The destination is full: customer B is refused, and nothing is counted for B.
            #expect(try await store.reserveOTP(keys: ["c:B", "d:shared"], limits: limits, at: start + 1) == .refused(retryAfter: 59, locked: false))
            #expect(try await admitted(store, keys: ["c:B", "d:other"], limits: limits, at: start + 2) != nil)
        },
    ]

    // MARK: Wrong OTPs and locks

    static let guesses_ = [
        StoreRule("guesses are counted per window until the lock, which ends") { (store: any AuthStore) async throws in
            var tickets: [GuessReservation.Ticket] = []
            for taken in 1...3 {
                guard case .admitted(let ticket, let count) = try await store.reserveGuess(key: "c:A", limits: guesses, at: start) else {
                    Issue.record("refused"); return
                }
                #expect(count == taken)
                tickets.append(ticket)
            }
            #expect(try await store.reserveGuess(key: "c:A", limits: guesses, at: start + 1) == .refused(retryAfter: 599))
            // A right OTP gives its guess back.
            try await store.refundGuess(tickets[2])
            #expect(try await store.lockIfExhausted(key: "c:A", limits: guesses, at: start + 2) == false)
            guard case .admitted = try await store.reserveGuess(key: "c:A", limits: guesses, at: start + 2) else { Issue.record("refused"); return }
            #expect(try await store.lockIfExhausted(key: "c:A", limits: guesses, at: start + 3))
            #expect(try await store.lockIfExhausted(key: "c:A", limits: guesses, at: start + 3) == false)
            #expect(try await store.lockedUntil(key: "c:A", at: start + 4) == start + 303)
            #expect(try await store.reserveGuess(key: "c:A", limits: guesses, at: start + 4) == .refused(retryAfter: 299))
            // The lock refuses OTPs for the customer key, not for other keys.
            #expect(try await store.reserveOTP(keys: ["c:A", "d:x"], limits: OTPLimits(), at: start + 5) == .refused(retryAfter: 298, locked: true))
            #expect(try await admitted(store, keys: ["c:B", "d:x"], limits: OTPLimits(), at: start + 5) != nil)
            // When it ends, the allowance starts afresh.
            #expect(try await store.lockedUntil(key: "c:A", at: start + 303) == nil)
            guard case .admitted(_, 1) = try await store.reserveGuess(key: "c:A", limits: guesses, at: start + 303) else {
                Issue.record("refused"); return
            }
            #expect(try await admitted(store, keys: ["c:A"], limits: OTPLimits(), at: start + 303) != nil)
        },
        StoreRule("the guess window resets after it ends") { (store: any AuthStore) async throws in
            for _ in 0..<3 { _ = try await store.reserveGuess(key: "c:A", limits: guesses, at: start) }
            #expect(try await store.reserveGuess(key: "c:A", limits: guesses, at: start + 599) == .refused(retryAfter: 1))
            guard case .admitted(_, 1) = try await store.reserveGuess(key: "c:A", limits: guesses, at: start + 600) else {
                Issue.record("refused"); return
            }
            #expect(try await store.lockIfExhausted(key: "c:A", limits: guesses, at: start + 600) == false)
        },
    ]

    // MARK: Directory

    static let directory = [
        StoreRule("the first to prove an identifier owns it") { (store: any AuthStore) async throws in
            let mobile = CustomerIdentifier(type: "MOBILE", value: "919999999993")
            #expect(try await store.claimIdentifier(mobile, brand: "docdemo", customerId: "C-1", at: start) == "C-1")
            #expect(try await store.claimIdentifier(mobile, brand: "docdemo", customerId: "C-2", at: start) == "C-1")
            #expect(try await store.claimIdentifier(mobile, brand: "other", customerId: "C-3", at: start) == "C-3")
            #expect(try await store.customerId(brand: "docdemo", identifier: mobile) == "C-1")
            #expect(
                try await store.customer(id: "C-1") == CustomerRecord(id: "C-1", brand: "docdemo", identifiers: [entry("MOBILE", "919999999993")]))
        },
        StoreRule("an import adds to the customer of its id, or makes a new one") { (store: any AuthStore) async throws in
            try await store.importCustomers(
                [
                    CustomerRecord(id: "crm-1", brand: "docdemo", identifiers: [entry("USERNAME", "jdoe"), entry("MOBILE", "919000000001")]),
                    CustomerRecord(id: "crm-1", brand: "docdemo", identifiers: [entry("USERNAME", "jdoe"), entry("EMAIL", "j@example.com")]),
                    CustomerRecord(id: "", brand: "docdemo", identifiers: [entry("EMAIL", "unverified@example.com", verified: false)]),
                ], at: start)
            let customer = try #require(try await store.customer(id: "crm-1"))
            #expect(customer.identifiers.map(\.identifier.value) == ["j@example.com", "919000000001", "jdoe"])
            #expect(customer.verified("MOBILE") == ["919000000001"] && customer.verified("EMAIL") == ["j@example.com"])
            // Only verified identifiers find their customer.
            #expect(
                try await store.customerId(brand: "docdemo", identifier: CustomerIdentifier(type: "EMAIL", value: "unverified@example.com")) == nil)
        },
        StoreRule("an import that would give an identifier to two customers imports nothing") { (store: any AuthStore) async throws in
            try await store.importCustomers(
                [CustomerRecord(id: "crm-1", brand: "docdemo", identifiers: [entry("MOBILE", "919000000001")])], at: start)
            let conflict = await #expect(throws: DirectoryConflict.self) {
                try await store.importCustomers(
                    [
                        CustomerRecord(id: "crm-2", brand: "docdemo", identifiers: [entry("USERNAME", "new")]),
                        CustomerRecord(id: "crm-3", brand: "docdemo", identifiers: [entry("MOBILE", "919000000001")]),
                    ], at: start)
            }
            #expect(conflict?.index == 1 && conflict?.message == "mobile 919000000001 belongs to customer crm-1")
            #expect(try await store.customer(id: "crm-2") == nil)
            // Without an id, a line never joins the customer that holds its identifier.
            let idless = await #expect(throws: DirectoryConflict.self) {
                try await store.importCustomers(
                    [CustomerRecord(id: "", brand: "docdemo", identifiers: [entry("MOBILE", "919000000001"), entry("MOBILE", "919000000009")])],
                    at: start)
            }
            #expect(idless?.message == "mobile 919000000001 belongs to customer crm-1; give the line that id to add to that customer")
            #expect(try await store.customerId(brand: "docdemo", identifier: CustomerIdentifier(type: "MOBILE", value: "919000000009")) == nil)
            let otherBrand = await #expect(throws: DirectoryConflict.self) {
                try await store.importCustomers([CustomerRecord(id: "crm-1", brand: "second", identifiers: [entry("USERNAME", "x")])], at: start)
            }
            #expect(otherBrand?.message == "customer crm-1 belongs to brand docdemo")
        },
        StoreRule("removing a customer deletes its identifiers and sessions and revokes its keys") { (store: any AuthStore) async throws in
            try await store.importCustomers(
                [CustomerRecord(id: "crm-1", brand: "docdemo", identifiers: [entry("MOBILE", "919000000001")])], at: start)
            try await store.insertGrant(grant("F-1", customer: "crm-1"), key: key("K-1", family: "F-1"))
            try await store.insertSession(session("P-1", customer: "crm-1"))
            try await store.insertSession(session("P-2", customer: "crm-2"))
            _ = try await store.replaceOTP(
                OTPRecord(sessionId: "P-1", digest: Data([1]), issuedAt: start, expiresAt: start + 60, provesIdentifier: true), attemptLimit: 5)
            #expect(try await store.removeCustomer(id: "crm-1", at: start))
            #expect(try await store.customer(id: "crm-1") == nil)
            #expect(try await store.session(id: "P-1") == nil)
            #expect(try await store.otp(sessionId: "P-1") == nil)
            #expect(try await store.session(id: "P-2") != nil)
            #expect(try await store.useKey(id: "K-1", digest: Data("K-1".utf8), at: start) == .unknown)
            #expect(try await store.removeCustomer(id: "crm-1", at: start) == false)
        },
    ]

    // MARK: Passwords

    static let passwords = [
        StoreRule("a session's attempts are spent once") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 5))
            #expect(try await store.spendAttempts(sessionId: "P-1"))
            // The refund of an attempt taken before the spend (a parallel login) revives nothing.
            try await store.refundAttempt(sessionId: "P-1")
            #expect(try await store.spendAttempts(sessionId: "P-1") == false)
            #expect(try await store.reserveAttempt(sessionId: "P-1", limit: 100) == false)
            #expect(try await store.spendAttempts(sessionId: "P-unknown") == false)
        },
        StoreRule("a session keeps its purpose, and a second factor what its first proved") { (store: any AuthStore) async throws in
            let purposes: [SessionPurpose] = [
                .login, .identifierChange(replacesOthers: false), .identifierChange(replacesOthers: true),
                .secondFactor(FirstFactor(family: "F-1", methods: [.otp], destination: "d:1")),
                .secondFactor(FirstFactor(family: "F-2", methods: [.pwd], destination: nil)),
            ]
            for (index, purpose) in purposes.enumerated() {
                var record = session("P-\(index)")
                record.purpose = purpose
                try await store.insertSession(record)
            }
            for (index, purpose) in purposes.enumerated() {
                #expect(try await store.session(id: "P-\(index)")?.purpose == purpose)
            }
        },
        StoreRule("a payload hash is taken once per session, each later than the last") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            try await store.insertSession(session("P-2"))
            #expect(try await store.useHash(sessionId: "P-1", sealedAt: 1_800_000_000))
            #expect(try await store.useHash(sessionId: "P-1", sealedAt: 1_800_000_000) == false)
            #expect(try await store.useHash(sessionId: "P-1", sealedAt: 1_799_999_999) == false)
            #expect(try await store.useHash(sessionId: "P-1", sealedAt: 1_800_000_001))
            // Another session's hashes are its own.
            #expect(try await store.useHash(sessionId: "P-2", sealedAt: 1_800_000_000))
            #expect(try await store.useHash(sessionId: "P-unknown", sealedAt: 1_800_000_000) == false)
            let used = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<8 { group.addTask { try await store.useHash(sessionId: "P-2", sealedAt: 1_800_000_005) } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(used == 1)
        },
        StoreRule("a password is set, replaced, and changed only from the hash it had") { (store: any AuthStore) async throws in
            #expect(try await store.passwordHash(customerId: "C-1") == nil)
            #expect(try await store.replacePassword(customerId: "C-1", brand: "docdemo", hash: "h1", at: start) == false)
            #expect(try await store.passwordHash(customerId: "C-1") == "h1")
            #expect(try await store.replacePassword(customerId: "C-1", brand: "docdemo", hash: "h2", at: start) == true)
            // A change, or a rehash, that read h1 loses to the reset that wrote h2.
            #expect(try await store.updatePassword(customerId: "C-1", from: "h1", to: "h3", at: start) == false)
            #expect(try await store.updatePassword(customerId: "C-1", from: "h2", to: "h3", at: start) == true)
            #expect(try await store.passwordHash(customerId: "C-1") == "h3")
            #expect(try await store.updatePassword(customerId: "C-2", from: "h3", to: "h4", at: start) == false)
            #expect(try await store.passwordHash(customerId: "C-2") == nil)
        },
        StoreRule("a held password is taken once, the last one held") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            #expect(try await store.takeHeldPassword(sessionId: "P-1") == nil)
            try await store.holdPassword(sessionId: "P-1", sealed: "h1", until: start + 60)
            try await store.holdPassword(sessionId: "P-1", sealed: "h2", until: start + 60)
            #expect(try await store.takeHeldPassword(sessionId: "P-1") == "h2")
            #expect(try await store.takeHeldPassword(sessionId: "P-1") == nil)
        },
        StoreRule("of parallel takes of a held password, one gets it") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            try await store.holdPassword(sessionId: "P-1", sealed: "h1", until: start + 60)
            let taken = try await withThrowingTaskGroup(of: String?.self) { group in
                for _ in 0..<8 { group.addTask { try await store.takeHeldPassword(sessionId: "P-1") } }
                return try await group.reduce(into: [String]()) { if let hash = $1 { $0.append(hash) } }
            }
            #expect(taken == ["h1"])
        },
        StoreRule("removing a customer removes its password and what its sessions hold") { (store: any AuthStore) async throws in
            try await store.importCustomers(
                [CustomerRecord(id: "crm-1", brand: "docdemo", identifiers: [entry("MOBILE", "919000000001")])], at: start)
            try await store.insertSession(session("P-1", customer: "crm-1"))
            _ = try await store.replacePassword(customerId: "crm-1", brand: "docdemo", hash: "h1", at: start)
            try await store.holdPassword(sessionId: "P-1", sealed: "h2", until: start + 60)
            #expect(try await store.removeCustomer(id: "crm-1", at: start))
            #expect(try await store.passwordHash(customerId: "crm-1") == nil)
            #expect(try await store.takeHeldPassword(sessionId: "P-1") == nil)
        },
        StoreRule("a release gives up only the other addresses of its kind") {
            (store: any AuthStore) async throws in
            try await store.importCustomers(
                [
                    CustomerRecord(
                        id: "crm-1", brand: "docdemo",
                        identifiers: [entry("MOBILE", "919000000001"), entry("MOBILE", "919000000002"), entry("EMAIL", "a@example.com")])
                ], at: start)
            #expect(try await store.releaseIdentifiers(customerId: "crm-1", type: "MOBILE", except: "919000000002") == 1)
            let left = try #require(try await store.customer(id: "crm-1")).identifiers.map(\.identifier.value).sorted()
            #expect(left == ["919000000002", "a@example.com"])
            // The released number belongs to a new customer of its own, with nothing else.
            let owner = try #require(try await store.customerId(brand: "docdemo", identifier: .init(type: "MOBILE", value: "919000000001")))
            #expect(owner != "crm-1")
            #expect(try await store.customer(id: owner)?.identifiers.map(\.identifier.value) == ["919000000001"])
        },
        StoreRule("revoking a customer's logins can keep the one making the change") { (store: any AuthStore) async throws in
            try await store.insertGrant(grant("F-1"), key: key("K-1", family: "F-1"))
            try await store.insertGrant(grant("F-2"), key: key("K-2", family: "F-2"))
            #expect(try await store.revokeGrants(customerId: "C-1", except: "F-2", at: start) == 1)
            #expect(try await store.useKey(id: "K-1", digest: Data("K-1".utf8), at: start) == .unknown)
            #expect(try await store.useKey(id: "K-2", digest: Data("K-2".utf8), at: start) == .used(family: "F-2", customerId: "C-1"))
        },
    ]

    // MARK: Keys

    static let keys = [
        StoreRule("a key works once and its successor takes over") { (store: any AuthStore) async throws in
            try await store.insertGrant(grant("F-1"), key: key("K-1", family: "F-1"))
            #expect(try await store.useKey(id: "K-1", digest: Data("wrong".utf8), at: start) == .unknown)
            #expect(try await store.useKey(id: "K-1", digest: Data("K-1".utf8), at: start) == .used(family: "F-1", customerId: "C-1"))
            try await store.insertKey(key("K-2", family: "F-1"))
            #expect(try await store.useKey(id: "K-2", digest: Data("K-2".utf8), at: start) == .used(family: "F-1", customerId: "C-1"))
        },
        StoreRule("a used key coming back revokes its family") { (store: any AuthStore) async throws in
            try await store.insertGrant(grant("F-1"), key: key("K-1", family: "F-1"))
            try await store.insertGrant(grant("F-2"), key: key("K-9", family: "F-2"))
            _ = try await store.useKey(id: "K-1", digest: Data("K-1".utf8), at: start)
            try await store.insertKey(key("K-2", family: "F-1"))
            #expect(try await store.useKey(id: "K-1", digest: Data("K-1".utf8), at: start) == .reused)
            #expect(try await store.useKey(id: "K-2", digest: Data("K-2".utf8), at: start) == .unknown)
            #expect(try await store.useKey(id: "K-9", digest: Data("K-9".utf8), at: start) == .used(family: "F-2", customerId: "C-1"))
        },
        StoreRule("keys and families end") { (store: any AuthStore) async throws in
            try await store.insertGrant(grant("F-1"), key: key("K-1", family: "F-1", expiresAt: start + 60))
            #expect(try await store.useKey(id: "K-1", digest: Data("K-1".utf8), at: start + 60) == .expired)
            try await store.insertGrant(grant("F-2", expiresAt: start + 60), key: key("K-2", family: "F-2"))
            #expect(try await store.useKey(id: "K-2", digest: Data("K-2".utf8), at: start + 60) == .expired)
        },
        StoreRule("revoking a live key's family, or a customer's") { (store: any AuthStore) async throws in
            try await store.insertGrant(grant("F-1"), key: key("K-1", family: "F-1"))
            try await store.insertGrant(grant("F-2"), key: key("K-2", family: "F-2"))
            try await store.insertGrant(grant("F-3", customer: "C-other"), key: key("K-3", family: "F-3"))
            #expect(try await store.revokeFamily(ofKey: "K-1", digest: Data("wrong".utf8), at: start) == false)
            #expect(try await store.revokeFamily(ofKey: "K-1", digest: Data("K-1".utf8), at: start))
            #expect(try await store.revokeFamily(ofKey: "K-1", digest: Data("K-1".utf8), at: start) == false)
            #expect(try await store.useKey(id: "K-1", digest: Data("K-1".utf8), at: start) == .unknown)
            #expect(try await store.revokeGrants(customerId: "C-1", except: nil, at: start) == 1)
            #expect(try await store.useKey(id: "K-2", digest: Data("K-2".utf8), at: start) == .unknown)
            #expect(try await store.useKey(id: "K-3", digest: Data("K-3".utf8), at: start) == .used(family: "F-3", customerId: "C-other"))
        },
        StoreRule("a family is read while it is live, with where its login's OTP went") { (store: any AuthStore) async throws in
            var proved = grant("F-1", expiresAt: start + 60)
            proved.destination = "d:abc"
            try await store.insertGrant(proved, key: key("K-1", family: "F-1"))
            try await store.insertGrant(grant("F-2"), key: key("K-2", family: "F-2"))
            #expect(try await store.grant(family: "F-1", at: start) == proved)
            #expect(try await store.grant(family: "F-2", at: start)?.destination == nil)
            #expect(try await store.grant(family: "F-1", at: start + 60) == nil)
            // A second factor's key joins the family and goes with it.
            try await store.insertKey(key("K-mfa", family: "F-2"))
            #expect(try await store.revokeFamily(ofKey: "K-2", digest: Data("K-2".utf8), at: start))
            #expect(try await store.grant(family: "F-2", at: start) == nil)
            #expect(try await store.useKey(id: "K-mfa", digest: Data("K-mfa".utf8), at: start) == .unknown)
            #expect(try await store.grant(family: "F-unknown", at: start) == nil)
        },
    ]

    // MARK: Purge

    static let purge = [
        StoreRule("the purge removes what is over, batch by batch, and keeps the rest") { (store: any AuthStore) async throws in
            let now = start
            var expired = session("P-old")
            expired.expiresAt = now - 1
            try await store.insertSession(expired)
            try await store.insertSession(session("P-live"))
            _ = try await store.replaceOTP(
                OTPRecord(sessionId: "P-old", digest: Data([1]), issuedAt: now - 100, expiresAt: now - 1, provesIdentifier: true), attemptLimit: 5)
            _ = try await store.replaceOTP(
                OTPRecord(sessionId: "P-live", digest: Data([2]), issuedAt: now, expiresAt: now + 60, provesIdentifier: true), attemptLimit: 5)
            // A counter from yesterday whose window is over, and today's; a lock that is over, and one that is not.
            let oneAMinute = OTPLimits(window: .init(count: 1, seconds: 60))
            _ = try await store.reserveOTP(keys: ["old"], limits: oneAMinute, at: now - 86_400)
            _ = try await store.reserveOTP(keys: ["live"], limits: oneAMinute, at: now)
            let brief = GuessLimits(count: 1, windowSeconds: 60, lockSeconds: 60)
            _ = try await store.reserveGuess(key: "c:unlocked", limits: brief, at: now - 86_400)
            _ = try await store.lockIfExhausted(key: "c:unlocked", limits: brief, at: now - 86_400)
            _ = try await store.reserveGuess(key: "c:locked", limits: brief, at: now)
            _ = try await store.lockIfExhausted(key: "c:locked", limits: brief, at: now)
            // A revoked family, an ended one, a key past its end, a key used long ago, and a live family.
            try await store.insertGrant(grant("F-revoked"), key: key("K-revoked", family: "F-revoked"))
            _ = try await store.revokeFamily(ofKey: "K-revoked", digest: Data("K-revoked".utf8), at: now)
            try await store.insertGrant(grant("F-ended", expiresAt: now - 1), key: key("K-ended", family: "F-ended"))
            try await store.insertGrant(grant("F-live"), key: key("K-expired", family: "F-live", expiresAt: now - 1))
            try await store.insertKey(key("K-old", family: "F-live"))
            _ = try await store.useKey(id: "K-old", digest: Data("K-old".utf8), at: now - 31 * 86_400)
            try await store.insertKey(key("K-live", family: "F-live"))

            // A held password whose session is over, and a live one.
            try await store.holdPassword(sessionId: "P-old", sealed: "h-old", until: now - 1)
            try await store.holdPassword(sessionId: "P-live", sealed: "h-live", until: now + 60)

            let purger = Purger(store: store, batch: 1, now: { now })
            // sessions 1, OTPs 1, held passwords 1, counters 2, families 2, keys 4 (two of families gone, one past its end,
            // one used long ago).
            #expect(try await purger.purgeOnce() == 11)
            #expect(try await store.session(id: "P-old") == nil)
            #expect(try await store.session(id: "P-live") != nil)
            #expect(try await store.otp(sessionId: "P-old") == nil)
            #expect(try await store.otp(sessionId: "P-live") != nil)
            #expect(try await store.takeHeldPassword(sessionId: "P-old") == nil)
            #expect(try await store.takeHeldPassword(sessionId: "P-live") == "h-live")
            #expect(try await admitted(store, keys: ["old"], limits: oneAMinute, at: now) != nil)
            #expect(try await store.reserveOTP(keys: ["live"], limits: oneAMinute, at: now + 1) == .refused(retryAfter: 59, locked: false))
            #expect(try await store.lockedUntil(key: "c:locked", at: now) != nil)
            #expect(try await store.useKey(id: "K-live", digest: Data("K-live".utf8), at: now) == .used(family: "F-live", customerId: "C-1"))
            #expect(try await purger.purgeOnce() == 0)
        }
    ]

    // MARK: Concurrency

    static let concurrency = [
        StoreRule("fifty reservations admit exactly the window's count") { (store: any AuthStore) async throws in
            let limits = OTPLimits(window: .init(count: 5, seconds: 600), dailyCap: 100)
            let results = try await parallel(50) { _ in try await store.reserveOTP(keys: ["c:A", "d:A"], limits: limits, at: start) }
            #expect(results.compactMap(admitted).count == 5)
        },
        StoreRule("parallel attempts stop at the cap and an OTP is consumed once") { (store: any AuthStore) async throws in
            try await store.insertSession(session("P-1"))
            let attempts = try await parallel(40) { _ in try await store.reserveAttempt(sessionId: "P-1", limit: 5) }
            #expect(attempts.filter { $0 }.count == 5)
            let otp = OTPRecord(sessionId: "P-1", digest: Data([9]), issuedAt: start, expiresAt: start + 60, provesIdentifier: true)
            _ = try await store.replaceOTP(otp, attemptLimit: 10)
            let uses = try await parallel(20) { _ in try await store.consumeOTP(sessionId: "P-1", digest: otp.digest) }
            #expect(uses.filter { $0 }.count == 1)
        },
        StoreRule("parallel guesses take exactly the allowance and lock once") { (store: any AuthStore) async throws in
            let results = try await parallel(30) { _ in try await store.reserveGuess(key: "c:A", limits: guesses, at: start) }
            #expect(results.filter { if case .admitted = $0 { true } else { false } }.count == 3)
            let locks = try await parallel(10) { _ in try await store.lockIfExhausted(key: "c:A", limits: guesses, at: start) }
            #expect(locks.filter { $0 }.count == 1)
        },
        StoreRule("a key used in parallel works once") { (store: any AuthStore) async throws in
            try await store.insertGrant(grant("F-1"), key: key("K-1", family: "F-1"))
            let uses = try await parallel(20) { _ in try await store.useKey(id: "K-1", digest: Data("K-1".utf8), at: start) }
            #expect(uses.filter { $0 == .used(family: "F-1", customerId: "C-1") }.count == 1)
        },
        StoreRule("an identifier proved in parallel has one owner") { (store: any AuthStore) async throws in
            let mobile = CustomerIdentifier(type: "MOBILE", value: "919999999993")
            let owners = try await parallel(20) { index in
                try await store.claimIdentifier(mobile, brand: "docdemo", customerId: "C-\(index)", at: start)
            }
            #expect(Set(owners).count == 1)
        },
    ]
}
