import AuthEngine
import Foundation
import NIOCore
import Synchronization
import Testing

/// Two auth-server processes on one PostgreSQL database, as behind a load balancer. Skipped,
/// with the reason, when `DATABASE_URL` names no PostgreSQL server; `.ci/run` starts one.
@Suite(.enabled(if: TestDatabase.url != nil, "needs PostgreSQL: set DATABASE_URL (scripts/with-postgres.sh does)"))
struct MultiInstanceTests {
    static let identity = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#

    /// Two instances sharing a fresh schema, each with its own outbox, and `policy` as the
    /// brands' defaults.
    struct Pair {
        let folder: URL
        let a: ServerProcess
        let b: ServerProcess

        init?(policy: String) async throws {
            guard let url = TestDatabase.freshSchema() else { return nil }
            let folder = try temporaryFolder("pair")
            self.folder = folder
            func start(_ name: String) async throws -> ServerProcess {
                let configuration = folder.appendingPathComponent("\(name).yaml")
                try """
                providers:
                  outbox: {type: outbox, path: \(folder.appendingPathComponent("\(name).jsonl").path)}
                defaults:
                  channels:
                    SMS: {provider: outbox}
                \(policy)
                """.write(to: configuration, atomically: true, encoding: .utf8)
                return try await ServerProcess(["--config", configuration.path], in: folder, environment: ["DATABASE_URL": url, "LOG_LEVEL": "warning"])
            }
            a = try await start("a")
            b = try await start("b")
            let healthy = (await a.waitUntilHealthy(), await b.waitUntilHealthy())
            guard healthy == (true, true) else {
                Issue.record("instances did not start: \(a.standardError) \(b.standardError)")
                return nil
            }
        }

        /// The OTPs both instances sent, in the order each sent them.
        func otps() throws -> [String] {
            try ["a", "b"].flatMap { name -> [String] in
                let url = folder.appendingPathComponent("\(name).jsonl")
                guard FileManager.default.fileExists(atPath: url.path) else { return [] }
                return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
                    try JSONDecoder().decode(OTPMessage.self, from: Data(line.utf8)).text.firstMatch(of: /\d{6}/).map { String($0.output) }
                }
            }
        }

        func session(on server: ServerProcess, timeout: TimeAmount = .seconds(10)) async throws -> String {
            let answer = try await server.post("/auth/v1/token/generate", "{\(MultiInstanceTests.identity)}", timeout: timeout)
            return try #require((json(answer.body)["user"] as? [String: Any])?["sessionId"] as? String)
        }
    }

    @Test func fiftyRequestsSplitAcrossBothAdmitExactlyTheMaximum() async throws {
        guard let pair = try await Pair(policy: "  otpMaxCount: 5\n  otpTimeOut: 10\n") else { return }
        let session = try await pair.session(on: pair.a)
        let body = #"{\#(Self.identity),"sessionId":"\#(session)"}"#
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<50 {
                let server = index % 2 == 0 ? pair.a : pair.b
                group.addTask { try await server.post("/auth/v1/otp/generate", body).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 5)
        #expect(statuses.filter { $0 == 429 }.count == 45)
        #expect(try pair.otps().count == 5)
    }

    @Test func aSessionFromOneInstanceWorksOnTheOther() async throws {
        guard let pair = try await Pair(policy: "") else { return }
        let session = try await pair.session(on: pair.a)
        #expect(try await pair.b.post("/auth/v1/otp/generate", #"{\#(Self.identity),"sessionId":"\#(session)"}"#).status == 200)
        let otp = try #require(try pair.otps().last)
        let validated = try await pair.a.post("/auth/v1/otp/validate", #"{\#(Self.identity),"sessionId":"\#(session)","otp":"\#(otp)"}"#)
        #expect(validated.status == 200)
        let key = try #require((json(validated.body)["auth"] as? [String: Any])?["key"] as? String)
        // Tokens are signed with the key the instances share through the database.
        #expect(try await pair.b.post("/auth/v1/token/regenerate", #"{\#(Self.identity),"key":"\#(key)"}"#).status == 200)
        // Used once, on either.
        #expect(code(try await pair.b.post("/auth/v1/otp/validate", #"{\#(Self.identity),"sessionId":"\#(session)","otp":"\#(otp)"}"#).body) == 1537)
    }

    @Test func theAttemptsCapHoldsWhenWrongOTPsAlternate() async throws {
        guard let pair = try await Pair(policy: "  maxWrongAttempts: 4\n") else { return }
        let session = try await pair.session(on: pair.b)
        #expect(try await pair.a.post("/auth/v1/otp/generate", #"{\#(Self.identity),"sessionId":"\#(session)"}"#).status == 200)
        let otp = try #require(try pair.otps().last)
        let wrong = String(otp.map { $0 == "9" ? "0" : Character(String($0.wholeNumberValue! + 1)) })
        var codes: [Int?] = []
        for index in 0..<6 {
            let server = index % 2 == 0 ? pair.a : pair.b
            codes.append(code(try await server.post("/auth/v1/otp/validate", #"{\#(Self.identity),"sessionId":"\#(session)","otp":"\#(wrong)"}"#).body))
        }
        #expect(codes == [1506, 1506, 1506, 1506, 1518, 1518])
        #expect(code(try await pair.b.post("/auth/v1/otp/validate", #"{\#(Self.identity),"sessionId":"\#(session)","otp":"\#(otp)"}"#).body) == 1518)
    }

    /// One instance is killed with SIGKILL under load. The other keeps serving; afterwards
    /// every acknowledged session and OTP is there, and the counter holds every acknowledged
    /// OTP plus at most one per request that was in flight on the killed instance.
    @Test func killingOneInstanceLosesNothingAcknowledged() async throws {
        let cap = 400
        guard let pair = try await Pair(policy: "  dailyCap: \(cap)\n") else { return }
        let workers = 4
        let sessionsFromA = Shared<[String]>([])
        let acknowledged = Shared(0)
        let killed = Shared(false)
        let deadline = ContinuousClock.now + .milliseconds(1500)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var round = 0
                    while ContinuousClock.now < deadline {
                        round += 1
                        let server = (worker + round) % 2 == 0 ? pair.a : pair.b
                        // Sessions are made on A while it lives, OTPs asked of either.
                        if server === pair.a, !killed.value, let session = try? await pair.session(on: pair.a, timeout: .seconds(3)) {
                            sessionsFromA.withLock { $0.append(session) }
                        }
                        guard let session = sessionsFromA.value.last else { continue }
                        let answer = try? await server.post("/auth/v1/otp/generate", #"{\#(Self.identity),"sessionId":"\#(session)"}"#, timeout: .seconds(3))
                        if answer?.status == 200 { acknowledged.withLock { $0 += 1 } }
                    }
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(500))
                killed.value = true
                pair.a.stop(SIGKILL)
            }
            try await group.waitForAll()
        }
        #expect(pair.a.process.terminationReason == .uncaughtSignal)
        let sent = acknowledged.value
        #expect(sent > 10)

        // Every session A acknowledged works on B.
        for session in sessionsFromA.value {
            #expect(code(try await pair.b.post("/auth/v1/otp/generate", #"{\#(Self.identity),"sessionId":"\#(session)"}"#).body) != 1505)
        }
        let afterProbe = sessionsFromA.value.count
        // The counter: what is left of the daily cap, counted by asking B until it refuses.
        var left = 0
        let session = try #require(sessionsFromA.value.last)
        while try await pair.b.post("/auth/v1/otp/generate", #"{\#(Self.identity),"sessionId":"\#(session)"}"#).status == 200 { left += 1 }
        let counted = cap - left - afterProbe
        #expect(counted >= sent)
        #expect(counted <= sent + workers)
        // The last OTP B sent validates on B.
        let otp = try #require(try pair.otps().last)
        #expect(try await pair.b.post("/auth/v1/otp/validate", #"{\#(Self.identity),"sessionId":"\#(session)","otp":"\#(otp)"}"#).status == 200)
    }
}
