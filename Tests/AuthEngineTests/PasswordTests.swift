import AuthAPI
import AuthStorage
import AuthTestSupport
import Foundation
import Synchronization
import Testing

@testable import AuthEngine

/// Passwords: registered and reset only through a validated OTP, changed only with a live
/// token and the current password, guessed no more often than OTPs, stored as scrypt.
@Suite struct PasswordTests {
    static let password = EngineHarness.password
    static let other = "stapled battery horse"

    /// A harness whose brands have passwords.
    static func harness(_ configure: @escaping (inout EngineConfiguration) -> Void = { _ in }) async throws -> EngineHarness {
        try await EngineHarness {
            $0.defaults.passwords = true
            configure(&$0)
        }
    }

    /// Registration through token/generate, completed by the OTP flow: the login's tokens.
    static func register(_ h: EngineHarness, _ identity: Identity = EngineHarness.mobile) async throws -> IssuedTokens {
        try await h.register(identity)
    }

    /// A password login in a new session.
    static func logIn(_ h: EngineHarness, _ identity: Identity = EngineHarness.mobile, password: String = password) async throws -> IssuedTokens {
        let session = try await h.engine.createSession(identity)
        return try await h.engine.validatePassword(identity, sessionId: session.sessionId, password: password)
    }

    // MARK: Brands without passwords

    @Test func aBrandWithoutPasswordsAnswers1524Everywhere() async throws {
        let h = try await EngineHarness()
        let mobile = EngineHarness.mobile
        let register = try await refusal {
            try await h.engine.createSession(mobile, password: Self.password, confirmPassword: Self.password)
        }
        #expect(register?.code == 1524 && register?.httpStatus == 403)
        let session = try await h.session()
        #expect(try await refusal { try await h.engine.validatePassword(mobile, sessionId: session, password: Self.password) }?.code == 1524)
        #expect(
            try await refusal {
                try await h.engine.forgetPassword(mobile, sessionId: session, password: Self.password, confirmPassword: Self.password)
            }?.code == 1524)
        let token = try await h.login().token
        #expect(
            try await refusal {
                try await h.engine.changePassword(mobile, token: token, password: Self.password, newPassword: Self.other, confirmPassword: Self.other)
            }?.code == 1524)
    }

    // MARK: Registration

    @Test func registrationTakesEffectOnlyWhenTheSessionsOTPIsValidated() async throws {
        let h = try await Self.harness()
        let session = try await h.engine.createSession(EngineHarness.mobile, password: Self.password, confirmPassword: Self.password)
        // Not yet: the OTP has not been validated, so no password logs in.
        #expect(try await refusal { try await Self.logIn(h) }?.code == 1528)
        let otp = try await h.sendOTP(session: session.sessionId)
        let tokens = try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session.sessionId, otp: otp)
        #expect(tokens.passwordRegistered)
        #expect(try await h.engine.createSession(EngineHarness.mobile).passwordRegistered)
        let login = try await Self.logIn(h)
        #expect(login.key != nil && login.passwordRegistered)
        #expect(await h.engine.tokens.open(login.token, as: .user)?.uid == h.engine.tokens.open(tokens.token, as: .user)?.uid)
    }

    @Test func aNewPasswordMustBeFilledConfirmedAndWithinPolicy() async throws {
        let h = try await Self.harness()
        let mobile = EngineHarness.mobile
        func register(_ password: String?, _ confirmation: String?) async throws -> AuthFailure? {
            try await refusal { try await h.engine.createSession(mobile, password: password, confirmPassword: confirmation) }
        }
        let empty = try await register("", "")
        #expect(empty?.code == 1520 && empty?.httpStatus == 422 && empty?.issues.first?.pointer == "/password")
        let mismatch = try await register(Self.password, Self.other)
        #expect(mismatch?.code == 1521 && mismatch?.httpStatus == 422 && mismatch?.issues.first?.pointer == "/confirmPassword")
        #expect(try await register(Self.password, nil)?.code == 1521)
        #expect(try await register(nil, Self.password)?.code == 1520)
        let short = try await register("1234567", "1234567")
        #expect(short?.code == 1542 && short?.httpStatus == 422)
        // The identifier itself, in the spelling sent or the canonical one, is no password.
        let mobileNumber = try h.engine.canonical(mobile).identifier.value
        #expect(try await register(mobileNumber, mobileNumber)?.code == 1542)
        // One password in two Unicode forms is one password: NFKC on both sides.
        #expect(try await register("ﬁxed horse battery", "fixed horse battery") == nil)
    }

    /// Attack: registration answered 1543 when the customer had a password, telling any
    /// caller who has one. A second registration is answered like a first, and, once its OTP
    /// proves the customer, replaces the password as a reset would (ending other logins).
    @Test func aSecondRegistrationIsAnsweredLikeAFirstAndIsAReset() async throws {
        let h = try await Self.harness()
        let first = try await Self.register(h)
        let stranger = EngineHarness.mobile.with { $0.identifierValue = "919000000555" }
        let known = try await h.engine.createSession(EngineHarness.mobile, password: Self.other, confirmPassword: Self.other)
        let unknown = try await h.engine.createSession(stranger, password: Self.other, confirmPassword: Self.other)
        #expect(known.passwordRegistered == unknown.passwordRegistered)
        // Not yet: the old password stands until the OTP proves the customer.
        #expect(try await refusal { try await Self.logIn(h) } == nil)
        _ = try await h.engine.validateOTP(EngineHarness.mobile, sessionId: known.sessionId, otp: try await h.sendOTP(session: known.sessionId))
        #expect(try await refusal { try await Self.logIn(h, password: Self.other) } == nil)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: try #require(first.key)) }?.code == 1525)
    }

    /// Attack: a batch of registrations made the server hash 100 passwords at once, before any
    /// limit. A batch registers no password, and a registration is sealed, not hashed, until
    /// its OTP is validated.
    @Test func aRegistrationHashesNothingUntilItsOTPIsValidated() async throws {
        let h = try await Self.harness()
        let batched = try await refusal {
            try await h.engine.createSession(EngineHarness.mobile, password: Self.password, confirmPassword: Self.password, batched: true)
        }
        #expect(batched?.code == 1519 && batched?.httpStatus == 422 && batched?.issues.first?.pointer == "/password")
        let session = try await h.engine.createSession(EngineHarness.mobile, password: Self.password, confirmPassword: Self.password)
        let held = try #require(try await h.store.takeHeldPassword(sessionId: session.sessionId))
        #expect(!held.hasPrefix("$scrypt$") && !held.contains(Self.password))
        // Sealed for this session only.
        #expect(h.engine.heldPasswords.open(held, sessionId: session.sessionId) == Self.password)
        #expect(h.engine.heldPasswords.open(held, sessionId: "P-other") == nil)
        // Nor does a seal tell the password's length, up to the API's longest (256 four-byte characters).
        for password in ["correct horse battery staple and more", String(repeating: "😀", count: 256)] {
            #expect(try h.engine.heldPasswords.seal(password, sessionId: "P-1").count == held.count)
            #expect(h.engine.heldPasswords.open(try h.engine.heldPasswords.seal(password, sessionId: "P-1"), sessionId: "P-1") == password)
        }
    }

    /// Attack: two validations of one registration at once (a retrying client): one took the
    /// held password and the other logged in without it, and the password was lost.
    @Test func parallelValidationsOfARegistrationSetItsPasswordOnce() async throws {
        let h = try await Self.harness()
        let session = try await h.engine.createSession(EngineHarness.mobile, password: Self.password, confirmPassword: Self.password)
        let otp = try await h.sendOTP(session: session.sessionId)
        let engine = h.engine
        let answers = try await withThrowingTaskGroup(of: AuthFailure?.self) { group in
            for _ in 0..<4 {
                group.addTask { try await refusal { try await engine.validateOTP(EngineHarness.mobile, sessionId: session.sessionId, otp: otp) } }
            }
            return try await group.reduce(into: [AuthFailure?]()) { $0.append($1) }
        }
        #expect(answers.filter { $0 == nil }.count == 1)
        #expect(try await refusal { try await Self.logIn(h) } == nil)
    }

    /// Attack: unauthenticated hashing without end. Work beyond what the threads run and
    /// the queue holds is refused at once with 1552 and Retry-After, not queued.
    @Test func theHashingQueueRefusesWhatItCannotHold() async throws {
        let queue = HashingQueue(width: 1, waitingLimit: 2)
        let gate = DispatchSemaphore(value: 0)
        let order = Order()
        let held = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<3 {
                    group.addTask {
                        try await queue.run(.guess) {
                            gate.wait(); order.note("guess \(index)")
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        while queue.inFlight(.guess) < 3 { try await Task.sleep(for: .milliseconds(5)) }
        let refused = try await refusal { try await queue.run(.guess) { 1 } }
        #expect(refused?.code == 1552 && refused?.httpStatus == 503 && refused?.retryAfter == 1)
        // Proved work (after an OTP) is not refused for the guesses' sake, and goes before those waiting.
        let proved = Task { try await queue.run(.proved) { order.note("proved") } }
        while queue.inFlight(.proved) < 1 { try await Task.sleep(for: .milliseconds(5)) }
        for _ in 0..<3 { gate.signal() }
        try await held.value
        try await proved.value
        #expect(order.names.firstIndex(of: "proved") == 1)
        #expect(try await queue.run(.guess) { 1 } == 1 && queue.inFlight(.guess) == 0)
    }

    /// Attack: a full hashing queue (1552) kept the guess it had taken: a client honouring
    /// Retry-After locked itself (and the customer) out with its right password.
    @Test func aGuessTheBusyHasherCouldNotCheckIsNotCounted() async throws {
        let h = try await Self.harness()
        _ = try await Self.register(h)
        // A hasher whose one thread and queue are taken.
        let queue = HashingQueue(width: 1, waitingLimit: 0)
        let gate = DispatchSemaphore(value: 0)
        let holder = Task { try await queue.run(.guess) { gate.wait() } }
        while queue.inFlight(.guess) < 1 { try await Task.sleep(for: .milliseconds(5)) }
        var busy = h.engine
        busy.passwords = PasswordHasher(parameters: .forTests, queue: queue)
        let session = try await h.session()
        for _ in 0..<8 {
            let refused = try await refusal { try await busy.validatePassword(EngineHarness.mobile, sessionId: session, password: Self.password) }
            #expect(refused?.code == 1552 && refused?.retryAfter == 1)
        }
        gate.signal()
        try await holder.value
        // Nothing was counted: neither the session's attempts nor the customer's allowances.
        #expect(try await refusal { try await busy.validatePassword(EngineHarness.mobile, sessionId: session, password: Self.password) } == nil)
    }

    /// A password's length is counted as it was typed: NFKC makes `ﷺ` eighteen characters.
    @Test func aPasswordIsAsLongAsItWasTyped() async throws {
        let h = try await Self.harness()
        let short = try await refusal { try await h.engine.createSession(EngineHarness.mobile, password: "ﷺ", confirmPassword: "ﷺ") }
        #expect(short?.code == 1542)
    }

    // MARK: password/validate

    @Test func aWrongPasswordIsRefusedAndTheSessionsAttemptsRunOut() async throws {
        let h = try await Self.harness { $0.defaults.maxPasswordAttempts = 3 }
        _ = try await Self.register(h)
        let session = try await h.session()
        for _ in 0..<3 {
            let wrong = try await refusal { try await h.engine.validatePassword(EngineHarness.mobile, sessionId: session, password: Self.other) }
            #expect(wrong?.code == 1528 && wrong?.httpStatus == 401)
        }
        // Used up: even the right password is refused in this session, without Retry-After.
        let exhausted = try await refusal { try await h.engine.validatePassword(EngineHarness.mobile, sessionId: session, password: Self.password) }
        #expect(exhausted?.code == 1530 && exhausted?.httpStatus == 429 && exhausted?.retryAfter == nil)
        // A new session may log in: 3 wrong of the customer's 5 allowances are taken.
        #expect(try await refusal { try await Self.logIn(h) } == nil)
    }

    @Test func wrongPasswordsAndWrongOTPsLockTheAccountTogether() async throws {
        let h = try await Self.harness()
        let key = try #require(try await Self.register(h).key)
        // Three wrong passwords in one session, two wrong OTPs in another: five wrong, the lock.
        let first = try await h.session()
        for _ in 0..<3 {
            _ = try await refusal { try await h.engine.validatePassword(EngineHarness.mobile, sessionId: first, password: "wrong password") }
        }
        let second = try await h.session()
        // Opened before the lock: a locked account gets no new session.
        let third = try await h.session()
        _ = try await h.sendOTP(session: second)
        for _ in 0..<2 { _ = try await refusal { try await h.engine.validateOTP(EngineHarness.mobile, sessionId: second, otp: "000000") } }
        let locked = try await refusal { try await h.engine.validatePassword(EngineHarness.mobile, sessionId: third, password: Self.password) }
        #expect(locked?.code == 1530 && locked?.httpStatus == 429 && (locked?.retryAfter ?? 0) > 0)
        // The lock revoked the customer's keys and refuses new sessions.
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: key) }?.code == 1525)
        h.clock.advance(by: 31 * 60)
        #expect(try await refusal { try await Self.logIn(h) } == nil)
    }

    @Test func parallelGuessesCannotPassTheCustomersCap() async throws {
        let h = try await Self.harness { $0.defaults.maxPasswordAttempts = 100 }
        _ = try await Self.register(h)
        let session = try await h.session()
        let codes = try await withThrowingTaskGroup(of: Int32?.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await refusal {
                        try await h.engine.validatePassword(EngineHarness.mobile, sessionId: session, password: "wrong \(index) password")
                    }?
                    .code
                }
            }
            return try await group.reduce(into: [Int32?]()) { $0.append($1) }
        }
        // Each guess took its allowance before it was checked: 5 were compared, the rest refused.
        #expect(codes.filter { $0 == 1528 }.count == 5)
        #expect(codes.filter { $0 == 1530 }.count == 15)
    }

    @Test func theSessionMustBeTheRequestsOwn() async throws {
        let h = try await Self.harness()
        _ = try await Self.register(h)
        let session = try await h.session()
        func validate(_ identity: Identity, _ session: String) async throws -> AuthFailure? {
            try await refusal { try await h.engine.validatePassword(identity, sessionId: session, password: Self.password) }
        }
        #expect(try await validate(EngineHarness.mobile, "P-unknown")?.code == 1505)
        #expect(try await validate(EngineHarness.mobile.with { $0.brand = "Other" }, session)?.code == 1509)
        let device = try await validate(EngineHarness.mobile.with { $0.deviceId = "device-2" }, session)
        #expect(device?.code == 1526 && device?.httpStatus == 403)
        #expect(try await validate(EngineHarness.mobile.with { $0.identifierValue = "919999999994" }, session)?.code == 1526)
        #expect(try await validate(EngineHarness.mobile, session) == nil)
    }

    @Test func aSessionLogsInByPasswordOnce() async throws {
        let h = try await Self.harness()
        _ = try await Self.register(h)
        let session = try await h.session()
        let logins = try await withThrowingTaskGroup(of: Int32?.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await refusal { try await h.engine.validatePassword(EngineHarness.mobile, sessionId: session, password: Self.password) }?.code
                }
            }
            return try await group.reduce(into: [Int32?]()) { $0.append($1) }
        }
        // Of parallel right passwords, one logs in; the session is then used up, so a replay is refused.
        #expect(logins.filter { $0 == nil }.count == 1)
        #expect(
            try await refusal { try await h.engine.validatePassword(EngineHarness.mobile, sessionId: session, password: Self.password) }?.code == 1530
        )
    }

    @Test func aCustomerWithoutAPasswordGetsTheWrongPasswordAnswer() async throws {
        let h = try await Self.harness()
        _ = try await h.login()
        let session = try await h.session()
        #expect(
            try await refusal { try await h.engine.validatePassword(EngineHarness.mobile, sessionId: session, password: Self.password) }?.code == 1528
        )
    }

    @Test func theWebGetsNoKey() async throws {
        let h = try await Self.harness()
        _ = try await Self.register(h, EngineHarness.web)
        let login = try await Self.logIn(h, EngineHarness.web)
        #expect(login.key == nil)
        // Its token renews like any web login's.
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.web, expiredToken: login.token) } == nil)
    }

    // MARK: password/change

    @Test func aChangeNeedsTheCurrentPasswordAndEndsOtherLogins() async throws {
        let h = try await Self.harness()
        let other = try #require(try await Self.register(h).key)
        let current = try await Self.logIn(h)
        let mobile = EngineHarness.mobile
        func change(_ old: String, _ new: String, _ confirmation: String, token: String = current.token) async throws -> AuthFailure? {
            try await refusal {
                try await h.engine.changePassword(mobile, token: token, password: old, newPassword: new, confirmPassword: confirmation)
            }
        }
        let wrong = try await change("wrong password", Self.other, Self.other)
        #expect(wrong?.code == 1528 && wrong?.httpStatus == 401)
        let same = try await change(Self.password, Self.password, Self.password)
        #expect(same?.code == 1527 && same?.httpStatus == 409)
        #expect(try await change(Self.password, Self.other, "stapled battery")?.code == 1521)
        #expect(try await change(Self.password, "short", "short")?.code == 1542)
        #expect(try await change(Self.password, Self.other, Self.other) == nil)

        #expect(try await refusal { try await Self.logIn(h) }?.code == 1528)
        #expect(try await refusal { try await Self.logIn(h, password: Self.other) } == nil)
        // The other login ended; the one that changed the password goes on.
        #expect(try await refusal { try await h.engine.regenerate(mobile, key: other) }?.code == 1525)
        #expect(try await refusal { try await h.engine.regenerate(mobile, key: try #require(current.key)) } == nil)
    }

    @Test func aChangeNeedsALiveTokenOfTheSameCustomer() async throws {
        let h = try await Self.harness()
        let tokens = try await Self.register(h)
        let mobile = EngineHarness.mobile
        func change(_ identity: Identity = mobile, token: String) async throws -> AuthFailure? {
            try await refusal {
                try await h.engine.changePassword(
                    identity, token: token, password: Self.password, newPassword: Self.other, confirmPassword: Self.other)
            }
        }
        let key = try #require(tokens.key)
        let session = try await h.engine.createSession(mobile).token
        // A key, a session's VIEW token, another identity's token, something else: 1523.
        for token in [key, session, "not.a.token"] {
            let refused = try await change(token: token)
            #expect(refused?.code == 1523 && refused?.httpStatus == 401)
        }
        #expect(try await change(mobile.with { $0.deviceId = "device-2" }, token: tokens.token)?.code == 1523)
        h.clock.advance(by: 16 * 60)
        #expect(try await change(token: tokens.token)?.code == 1523)
    }

    // MARK: password/forget

    @Test func aResetWaitsForTheOTPThenEndsEveryOtherLogin() async throws {
        let h = try await Self.harness()
        let key = try #require(try await Self.register(h).key)
        let session = try await h.session()
        try await h.engine.forgetPassword(EngineHarness.mobile, sessionId: session, password: Self.other, confirmPassword: Self.other)
        // Held, not set: the old password still works until the OTP is validated.
        #expect(try await refusal { try await Self.logIn(h) } == nil)
        let otp = try await h.sendOTP(session: session)
        let tokens = try await h.engine.validateOTP(EngineHarness.mobile, sessionId: session, otp: otp)
        #expect(tokens.passwordRegistered)
        #expect(try await refusal { try await Self.logIn(h) }?.code == 1528)
        #expect(try await refusal { try await Self.logIn(h, password: Self.other) } == nil)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: key) }?.code == 1525)
        #expect(try await refusal { try await h.engine.regenerate(EngineHarness.mobile, key: try #require(tokens.key)) } == nil)
    }

    /// Attack: password/forget answered 404/1532 in 3 ms for unknown customers and 200 in 1.7 s
    /// for known ones. Every customer gets the same answer and the same work: the password is
    /// sealed on the session whoever it is, and becomes the customer's once the OTP proves it.
    @Test func aResetIsAnsweredTheSameForEveryCustomer() async throws {
        let h = try await Self.harness()
        let mobile = EngineHarness.mobile
        func forget(
            _ session: String, _ password: String = Self.other, _ confirmation: String = Self.other, as identity: Identity = mobile
        ) async throws
            -> AuthFailure?
        {
            try await refusal { try await h.engine.forgetPassword(identity, sessionId: session, password: password, confirmPassword: confirmation) }
        }
        // A customer without a password: the answer a customer with one gets, and the OTP sets it.
        let session = try await h.session()
        #expect(try await forget(session) == nil)
        #expect(try await h.engine.validateOTP(mobile, sessionId: session, otp: try await h.sendOTP(session: session)).passwordRegistered)
        #expect(try await refusal { try await Self.logIn(h, password: Self.other) } == nil)

        let next = try await h.session()
        #expect(try await forget("P-unknown")?.code == 1505)
        #expect(try await forget(next, as: mobile.with { $0.deviceId = "device-2" })?.code == 1508)
        #expect(try await forget(next, as: mobile.with { $0.identifierValue = "919999999994" })?.code == 1507)
        #expect(try await forget(next, "", "")?.code == 1520)
        #expect(try await forget(next, Self.other, Self.password)?.code == 1521)
        #expect(try await forget(next, "short", "short")?.code == 1542)
        // Resets hash nothing until the OTP, so a session may ask as often as it likes: the last one counts.
        for _ in 0..<10 { #expect(try await forget(next, Self.password, Self.password) == nil) }
        _ = try await h.engine.validateOTP(mobile, sessionId: next, otp: try await h.sendOTP(session: next))
        #expect(try await refusal { try await Self.logIn(h) } == nil)
    }

    @Test func onABrandWithMFAAChangeNeedsBothFactors() async throws {
        let h = try await Self.harness {
            $0.defaults.mfa = true
            $0.defaults.mfaPassword = true
        }
        let first = try await Self.register(h)
        let refused = try await refusal {
            try await h.engine.changePassword(
                EngineHarness.mobile, token: first.token, password: Self.password, newPassword: Self.other, confirmPassword: Self.other)
        }
        #expect(refused?.code == 1523)
        #expect(
            try await refusal {
                try await h.engine.changeIdentifier(
                    EngineHarness.mobile, token: first.token, newType: .email, newValue: "a@example.com", replace: false, password: Self.password)
            }?.code == 1525)
        let mfaSession = try await h.engine.createMFASession(EngineHarness.mobile, authorizedToken: first.token).sessionId
        let both = try await h.engine.validatePassword(EngineHarness.mobile, sessionId: mfaSession, password: Self.password, factor: .second)
        #expect(
            try await refusal {
                try await h.engine.changePassword(
                    EngineHarness.mobile, token: both.token, password: Self.password, newPassword: Self.other, confirmPassword: Self.other)
            } == nil)
    }

    // MARK: At rest

    @Test func theStoreHoldsScryptWithItsParametersAndNoPassword() async throws {
        let h = try await Self.harness()
        let tokens = try await Self.register(h)
        let customerId = try #require(await h.engine.tokens.open(tokens.token, as: .user)?.uid)
        let stored = try #require(try await h.store.passwordHash(customerId: customerId))
        #expect(stored.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        // Neither the database nor its write-ahead log holds the password.
        for name in try FileManager.default.contentsOfDirectory(atPath: h.folder.path) {
            let file = try Data(contentsOf: h.folder.appendingPathComponent(name))
            #expect(file.range(of: Data(Self.password.utf8)) == nil, "\(name)")
        }
    }

    @Test func aLoginRehashesUnderRaisedParameters() async throws {
        let h = try await Self.harness()
        let tokens = try await Self.register(h)
        let customerId = try #require(await h.engine.tokens.open(tokens.token, as: .user)?.uid)
        var raised = h.engine.configuration
        raised.passwordHashing = ScryptParameters(logN: 11, r: 8, p: 1)
        let clock = h.clock
        let engine = try await AuthEngine.start(configuration: raised, store: h.store, senders: ["test": h.sender], now: { clock.now })
        let session = try await engine.createSession(EngineHarness.mobile)
        _ = try await engine.validatePassword(EngineHarness.mobile, sessionId: session.sessionId, password: Self.password)
        #expect(try await h.store.passwordHash(customerId: customerId)?.hasPrefix("$scrypt$ln=11,r=8,p=1$") == true)
        // And the old engine, with lower parameters, still reads it: parameters travel with the hash.
        #expect(try await refusal { try await Self.logIn(h) } == nil)
    }

    @Test func theHasherReadsOnlyWellFormedHashes() async throws {
        let hasher = PasswordHasher(parameters: .forTests)
        let hash = try await hasher.hash(Self.password)
        #expect(try await hasher.verify(Self.password, against: hash))
        #expect(try await !hasher.verify(Self.other, against: hash))
        #expect(try await !hasher.verify(Self.password, against: nil))
        for broken in [
            "", "$scrypt$", hash.replacingOccurrences(of: "ln=10", with: "ln=30"),
            // Within each range, but 4 GiB of memory together.
            hash.replacingOccurrences(of: "ln=10,r=8", with: "ln=20,r=32"), hash.replacingOccurrences(of: "r=8", with: "r=8,x=1"),
            hash.replacingOccurrences(of: "$scrypt$", with: "$argon2id$"), String(hash.dropLast(20)),
        ] {
            #expect(try await !hasher.verify(Self.password, against: broken), "\(broken)")
        }
        #expect(hasher.needsRehash(hash) == false)
        #expect(PasswordHasher(parameters: .owasp).needsRehash(hash))
    }

    @Test func theDefaultParametersAreOWASPs() async throws {
        #expect(EngineConfiguration().passwordHashing == ScryptParameters(logN: 15, r: 8, p: 3))
        let hash = try await PasswordHasher(parameters: .owasp).hash(Self.password)
        #expect(hash.hasPrefix("$scrypt$ln=15,r=8,p=3$"))
        #expect(try await PasswordHasher(parameters: .forTests).verify(Self.password, against: hash))
    }
}

/// What ran, in the order it ran.
final class Order: Sendable {
    private let ran = Mutex<[String]>([])
    func note(_ name: String) { ran.withLock { $0.append(name) } }
    var names: [String] { ran.withLock { $0 } }
}
