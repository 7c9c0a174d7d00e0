import AuthEngine
import AuthTestSupport
import Crypto
import Foundation
import NIOCore
import Testing

/// Two auth-server processes on one PostgreSQL database, as behind a load balancer. Skipped,
/// with the reason, when `DATABASE_URL` names no PostgreSQL server; `.ci/run` starts one.
@Suite(TestDatabase.required, .timeLimit(.minutes(3))) struct MultiInstanceTests {
    static func identity(_ value: String = "919999999993") -> String {
        #""identifierType":"MOBILE","identifierValue":"\#(value)","brand":"DocDemo","deviceId":"123456785""#
    }

    /// Two instances sharing a fresh schema and the same secrets, each with its own outbox,
    /// and `policy` as the brands' defaults.
    struct Pair {
        let folder: URL
        let a: ServerProcess
        let b: ServerProcess
        /// What both were started with: the database URL and the secrets.
        let environment: [String: String]

        init(policy: String) async throws {
            let url = try TestDatabase.freshSchema()
            let folder = try temporaryFolder("pair")
            self.folder = folder
            let secrets = [
                "AUTH_TEST_OTP_KEY": SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString(),
                "AUTH_TEST_TOKEN_KEY": SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString(),
            ]
            let environment = secrets.merging(["DATABASE_URL": url, "LOG_LEVEL": "warning"]) { $1 }
            self.environment = environment
            func start(_ name: String) async throws -> ServerProcess {
                let configuration = folder.appendingPathComponent("\(name).yaml")
                try """
                secrets:
                  otpKey: {env: AUTH_TEST_OTP_KEY}
                  tokenKey: {env: AUTH_TEST_TOKEN_KEY}
                providers:
                  outbox: {type: outbox, path: \(folder.appendingPathComponent("\(name).jsonl").path)}
                defaults:
                  channels:
                    SMS: {provider: outbox}
                \(policy)
                """.write(to: configuration, atomically: true, encoding: .utf8)
                return try await ServerProcess(
                    ["--config", configuration.path, "--audit", folder.appendingPathComponent("\(name).audit.jsonl").path], in: folder,
                    environment: environment)
            }

            a = try await start("a")
            b = try await start("b")
            let healthy = (await a.waitUntilHealthy(), await b.waitUntilHealthy())
            try #require(healthy == (true, true), "instances did not start: \(a.standardError) \(b.standardError)")
        }

        /// The audit events both instances wrote, once they have stopped.
        func auditEvents() async throws -> [String] {
            await a.stop()
            await b.stop()
            return try ["a", "b"].flatMap { name in
                try String(contentsOf: folder.appendingPathComponent("\(name).audit.jsonl"), encoding: .utf8).split(separator: "\n").compactMap {
                    (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["event"] as? String
                }
            }
        }

        /// The messages an instance sent, in order.
        func messages(_ name: String) throws -> [OTPMessage] {
            try ServerHarness.messages(in: folder.appendingPathComponent("\(name).jsonl"))
        }

        /// The OTPs both instances sent.
        func otps() throws -> [String] {
            try (messages("a") + messages("b")).map { try otp(in: $0.text) }
        }

        func session(
            on server: ServerProcess, identity: String = MultiInstanceTests.identity(), timeout: TimeAmount = .seconds(10)
        ) async throws -> String {
            let answer = try await server.post("/auth/v1/token/generate", "{\(identity)}", timeout: timeout)
            return try sessionId(in: answer.body)
        }
    }

    @Test func fiftyRequestsSplitAcrossBothAdmitExactlyTheMaximum() async throws {
        let pair = try await Pair(policy: "  otpMaxCount: 5\n  otpTimeOut: 10\n")
        let session = try await pair.session(on: pair.a)
        let body = #"{\#(Self.identity()),"sessionId":"\#(session)"}"#
        let statuses = try await parallel(50) { index in try await (index % 2 == 0 ? pair.a : pair.b).post("/auth/v1/otp/generate", body).status }
        #expect(statuses.filter { $0 == 200 }.count == 5)
        #expect(statuses.filter { $0 == 429 }.count == 45)
        #expect(try pair.otps().count == 5)
    }

    @Test func aSessionFromOneInstanceWorksOnTheOther() async throws {
        let pair = try await Pair(policy: "")
        let session = try await pair.session(on: pair.a)
        #expect(try await pair.b.post("/auth/v1/otp/generate", #"{\#(Self.identity()),"sessionId":"\#(session)"}"#).status == 200)
        let otp = try #require(try pair.otps().last)
        let validated = try await pair.a.post("/auth/v1/otp/validate", #"{\#(Self.identity()),"sessionId":"\#(session)","otp":"\#(otp)"}"#)
        #expect(validated.status == 200)
        let key = try #require((json(validated.body)["auth"] as? [String: Any])?["key"] as? String)
        // Tokens are signed with the key both instances get from their secrets; a key rotates once, on either.
        let regenerated = try await pair.b.post("/auth/v1/token/regenerate", #"{\#(Self.identity()),"key":"\#(key)"}"#)
        #expect(regenerated.status == 200)
        #expect(code(try await pair.a.post("/auth/v1/token/regenerate", #"{\#(Self.identity()),"key":"\#(key)"}"#).body) == 1525)
        // Used once, on either.
        #expect(
            code(try await pair.b.post("/auth/v1/otp/validate", #"{\#(Self.identity()),"sessionId":"\#(session)","otp":"\#(otp)"}"#).body) == 1537)
    }

    /// With PostgreSQL the directory commands run beside running servers: an import while
    /// both serve, a USERNAME of it sent an OTP by one, and `show` while both still run.
    @Test func customersCommandsRunBesideRunningServers() async throws {
        let pair = try await Pair(policy: "")
        try #"{"brand": "DocDemo", "id": "crm-7", "username": "jdoe", "mobile": "919812345678"}"#
            .write(to: pair.folder.appendingPathComponent("customers.jsonl"), atomically: true, encoding: .utf8)
        let imported = try await ServerProcess.run(
            ["customers", "import", "customers.jsonl", "--config", "a.yaml"], in: pair.folder, environment: pair.environment)
        #expect(imported.status == 0, "\(imported.error)")
        let user = #""identifierType":"USERNAME","identifierValue":"jdoe","brand":"DocDemo","deviceId":"123456785""#
        let session = try await pair.session(on: pair.b, identity: user)
        #expect(try await pair.b.post("/auth/v1/otp/generate", #"{\#(user),"sessionId":"\#(session)"}"#).status == 200)
        for _ in 0..<200 where try pair.messages("b").isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(try pair.messages("b").map(\.destination) == ["919812345678"])
        let shown = try await ServerProcess.run(
            ["customers", "show", "--brand", "DocDemo", "--username", "jdoe", "--config", "a.yaml"], in: pair.folder,
            environment: pair.environment)
        #expect(shown.status == 0 && json(shown.output)["id"] as? String == "crm-7", "\(shown.error)")
        await pair.a.stop()
        await pair.b.stop()
    }

    @Test func theAttemptsCapHoldsWhenWrongOTPsAlternate() async throws {
        let pair = try await Pair(policy: "  maxWrongAttempts: 4\n  accountLocking: false\n")
        let session = try await pair.session(on: pair.b)
        #expect(try await pair.a.post("/auth/v1/otp/generate", #"{\#(Self.identity()),"sessionId":"\#(session)"}"#).status == 200)
        let otp = try #require(try pair.otps().last)
        var codes: [Int?] = []
        for index in 0..<6 {
            let server = index % 2 == 0 ? pair.a : pair.b
            codes.append(
                code(try await server.post("/auth/v1/otp/validate", #"{\#(Self.identity()),"sessionId":"\#(session)","otp":"\#(wrong(otp))"}"#).body))
        }
        #expect(codes == [1506, 1506, 1506, 1506, 1518, 1518])
        #expect(
            code(try await pair.b.post("/auth/v1/otp/validate", #"{\#(Self.identity()),"sessionId":"\#(session)","otp":"\#(otp)"}"#).body) == 1518)
    }

    @Test func wrongOTPsAcrossSessionsAndInstancesLockTheAccountOnce() async throws {
        let pair = try await Pair(policy: "  maxIncorrectAttempts: 5\n  otpMaxCount: off\n  otpTimeOut: off\n  dailyCap: off\n")
        var sessions: [String] = []
        for index in 0..<6 {
            let server = index % 2 == 0 ? pair.a : pair.b
            let session = try await pair.session(on: server)
            #expect(try await server.post("/auth/v1/otp/generate", #"{\#(Self.identity()),"sessionId":"\#(session)"}"#).status == 200)
            sessions.append(session)
        }
        let made = sessions
        let codes = try await parallel(30) { index in
            code(
                try await (index % 2 == 0 ? pair.a : pair.b).post(
                    "/auth/v1/otp/validate", #"{\#(Self.identity()),"sessionId":"\#(made[index % 6])","otp":"000000"}"#
                ).body)
        }
        #expect(codes.filter { $0 == 1506 }.count == 5)
        #expect(codes.filter { $0 == 1518 }.count == 25)
        #expect(code(try await pair.b.post("/auth/v1/token/generate", "{\(Self.identity())}").body) == 1518)
        // Locked once: one instance's wrong OTP locked it, and no other did again.
        #expect(try await pair.auditEvents().filter { $0 == "locked" }.count == 1)
    }

    /// One instance is killed with SIGKILL under load. Each request is for a customer of its
    /// own, so every answer can be checked afterwards on the survivor: every session A
    /// acknowledged is there, every OTP A acknowledged validates, and every acknowledged OTP is
    /// counted; an unacknowledged request may have counted too, at most one per request that
    /// was in flight.
    @Test func killingOneInstanceLosesNothingAcknowledged() async throws {
        let pair = try await Pair(policy: "  otpMaxCount: 1\n  otpTimeOut: 60\n")
        let workers = 4
        struct Round: Sendable {
            var number: String
            var session: String
            var onA: Bool
            var acknowledged: Bool
        }
        let rounds = Shared<[Round]>([])
        let killed = Shared(false)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var round = 0
                    while !killed.value {
                        round += 1
                        let number = "9170\(worker)\(String(format: "%06d", round))"
                        let identity = MultiInstanceTests.identity(number)
                        // Sessions are made on A while it lives; OTPs asked of either.
                        guard let session = try? await pair.session(on: pair.a, identity: identity, timeout: .seconds(3)) else { continue }
                        let onA = (worker + round) % 2 == 0
                        let answer = try? await (onA ? pair.a : pair.b).post(
                            "/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(session)"}"#, timeout: .seconds(3))
                        rounds.withLock { $0.append(Round(number: number, session: session, onA: onA, acknowledged: answer?.status == 200)) }
                    }
                }
            }
            group.addTask {
                // Killed under load: once A has answered a few OTPs, whatever the machine's speed.
                let start = ContinuousClock.now
                while rounds.value.filter({ $0.onA && $0.acknowledged }).count < 8, ContinuousClock.now - start < .seconds(20) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                killed.value = true
                await pair.a.stop(SIGKILL)
            }
            try await group.waitForAll()
        }
        #expect(pair.a.process.terminationReason == .uncaughtSignal)
        let all = rounds.value
        let acknowledged = all.filter(\.acknowledged)
        #expect(acknowledged.filter(\.onA).count >= 8, "too little traffic before the kill to test anything")

        let sentByA = Dictionary(try pair.messages("a").map { ($0.destination, $0.text) }) { $1 }
        var countedWithoutAnswer = 0
        for round in all {
            let identity = Self.identity(round.number)
            // The session is there, and its count: a counted OTP makes the limit of one refuse.
            let probe = try await pair.b.post("/auth/v1/otp/generate", #"{\#(identity),"sessionId":"\#(round.session)"}"#)
            if round.acknowledged {
                #expect(probe.status == 429 && code(probe.body) == 1534, "\(round.number): \(probe)")
            } else {
                #expect(probe.status == 200 || (probe.status == 429 && code(probe.body) == 1534), "\(round.number): \(probe)")
                if probe.status == 429 { countedWithoutAnswer += 1 }
            }
            // The OTP A acknowledged validates on B.
            if round.acknowledged, round.onA {
                let text = try #require(sentByA[round.number], "A acknowledged an OTP it never sent to \(round.number)")
                let validated = try await pair.b.post(
                    "/auth/v1/otp/validate", #"{\#(identity),"sessionId":"\#(round.session)","otp":"\#(try otp(in: text))"}"#)
                #expect(validated.status == 200, "\(round.number): \(validated)")
            }
        }
        #expect(countedWithoutAnswer <= workers)
    }
}
