import AuthEngine
import AuthTestSupport
import Foundation
import Synchronization
import Testing

@testable import AuthServer

/// `--audit FILE`: a full flow leaves one JSON line per step, of every kind, with brand,
/// operation, code and a digest of the customer, and none of the secrets or addresses.
@Suite(.timeLimit(.minutes(3))) struct AuditTrailTests {
    static let configuration = """
        providers:
          outbox: {type: outbox, path: OUTBOX}
          gateway: {type: webhook, url: "http://127.0.0.1:1/send", timeoutSeconds: 1, retries: 0}
        defaults:
          maxIncorrectAttempts: 2
          passwords: {enabled: true}
          channels:
            SMS: {provider: outbox}
            EMAIL: {provider: outbox}
        brands:
          DocDemo: {}
          Unreachable:
            channels:
              SMS: {provider: gateway}
        """

    @Test func aFullFlowLeavesEveryEventAndNoSecret() async throws {
        let folder = try temporaryFolder("audit")
        let file = folder.appendingPathComponent("audit.jsonl").path
        let h = try await ServerHarness(configuration: Self.configuration, folder: folder, audit: file)
        let mobile = #""identifierType":"MOBILE","identifierValue":"919999999991","brand":"DocDemo","deviceId":"123456785""#
        let password = "correct horse battery"
        let secrets = Mutex<[String]>(["919999999991", "9999999991", password])
        try await h.test { client in
            // Registers a password, set when the OTP is validated.
            let session = try await client.session(mobile + #","password":"\#(password)","confirmPassword":"\#(password)""#)
            secrets.withLock { $0.append(session) }
            #expect(code(try await client.post("/auth/v1/otp/generate", #"{\#(mobile),"sessionId":"\#(session)"}"#).body) == 200)
            let otp = try await h.lastOTP()
            let wrong = otp == "000000" ? "111111" : "000000"
            secrets.withLock { $0.append(otp) }
            #expect(code(try await client.post("/auth/v1/otp/validate", #"{\#(mobile),"sessionId":"\#(session)","otp":"\#(wrong)"}"#).body) == 1506)
            let validated = try await client.post("/auth/v1/otp/validate", #"{\#(mobile),"sessionId":"\#(session)","otp":"\#(otp)"}"#)
            let auth = try #require(json(validated.body)["auth"] as? [String: Any])
            let key = try #require(auth["key"] as? String)
            let token = try #require(auth["token"] as? String)
            secrets.withLock { $0 += [key, token] }
            let regenerated = try await client.post("/auth/v1/token/regenerate", #"{\#(mobile),"key":"\#(key)"}"#)
            let next = try #require((json(regenerated.body)["auth"] as? [String: Any])?["key"] as? String)
            secrets.withLock { $0.append(next) }
            #expect(code(try await client.post("/auth/v1/token/expire", #"{\#(mobile),"key":"\#(next)"}"#).body) == 200)
            #expect(code(try await client.post("/auth/v1/otp/validate", #"{\#(mobile),"sessionId":"P-unknown","otp":"123456"}"#).body) == 1505)

            // A gateway nobody answers: the delivery fails.
            let unreachable = mobile.replacingOccurrences(of: "DocDemo", with: "Unreachable")
            let failing = try await client.session(unreachable)
            #expect(code(try await client.post("/auth/v1/otp/generate", #"{\#(unreachable),"sessionId":"\#(failing)"}"#).body) == 1503)

            // A wrong password after the wrong OTP, within the window, locks the account.
            let again = try await client.session(mobile)
            let guessed = try await client.post("/auth/v1/password/validate", #"{\#(mobile),"sessionId":"\#(again)","password":"wrong password"}"#)
            #expect(code(guessed.body) == 1528)
        }
        await h.server.auditLog?.finish()

        let lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n")
        let events = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(Set(events.compactMap { $0["event"] as? String }) == Set(AuditEvent.Kind.allCases.map(\.rawValue)))
        for event in events {
            #expect(event["time"] is String && event["brand"] is String && event["operation"] is String && event["code"] is Int)
        }
        let validated = try #require(events.first { $0["event"] as? String == "otp_validated" })
        #expect(validated["operation"] as? String == "otp/validate" && validated["code"] as? Int == 200 && validated["brand"] as? String == "docdemo")
        // One customer, one digest, every step; a digest is no identifier.
        let customers = Set(events.filter { $0["brand"] as? String == "docdemo" }.compactMap { $0["customer"] as? String })
        #expect(customers.count == 1)
        #expect(events.first { $0["event"] as? String == "refused" }?["code"] as? Int == 1505)
        #expect(events.first { $0["event"] as? String == "delivery_failed" }?["channel"] as? String == "SMS")
        let text = lines.joined(separator: "\n")
        for secret in secrets.withLock({ $0 }) { #expect(!text.contains(secret), "the audit trail holds \(secret)") }
        let permissions = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    /// One customer is one digest across its identifiers (a mobile number and an e-mail
    /// address), another customer another; a brand the server does not serve is `unsupported`.
    @Test func aCustomerIsOneDigestWhicheverIdentifierItUses() async throws {
        let folder = try temporaryFolder("audit-digest")
        let file = folder.appendingPathComponent("audit.jsonl").path
        let h = try await ServerHarness(configuration: Self.configuration, folder: folder, audit: file)
        let now = Date()
        try await h.server.store.importCustomers(
            [
                CustomerRecord(
                    id: "crm-1", brand: "docdemo",
                    identifiers: [
                        .init(identifier: .init(type: "MOBILE", value: "919999999991"), verified: true, createdAt: now),
                        .init(identifier: .init(type: "EMAIL", value: "jdoe@example.com"), verified: true, createdAt: now),
                    ])
            ], at: now)
        let identities = [
            #""identifierType":"MOBILE","identifierValue":"919999999991","brand":"DocDemo","deviceId":"123456785""#,
            #""identifierType":"EMAIL","identifierValue":"jdoe@example.com","brand":"DocDemo","deviceId":"123456785""#,
            #""identifierType":"MOBILE","identifierValue":"919999999992","brand":"DocDemo","deviceId":"123456785""#,
        ]
        try await h.test { client in
            for identity in identities { _ = try await client.session(identity) }
            let unknown = #""identifierType":"MOBILE","identifierValue":"919999999991","brand":"Elsewhere","deviceId":"123456785""#
            #expect(code(try await client.post("/auth/v1/token/generate", "{\(unknown)}").body) == 1504)
        }
        await h.server.auditLog?.finish()
        let events = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let customers = events.filter { $0["event"] as? String == "session_created" }.compactMap { $0["customer"] as? String }
        #expect(customers.count == 3 && customers[0] == customers[1] && customers[0] != customers[2])
        #expect(events.last?["brand"] as? String == "unsupported" && events.last?["code"] as? Int == 1504)
    }

    /// Recording never waits for the disk: events are handed to a writer task. The "file" is a
    /// pipe nobody reads while the events are recorded, so a writer that wrote as events came
    /// would block at the pipe's 64 KiB; recording must return anyway, and every event be
    /// written once the pipe is read.
    @Test func recordingNeverWaitsForTheDisk() async throws {
        let folder = try temporaryFolder("audit-burst")
        let pipe = folder.appendingPathComponent("audit.pipe").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let reader = open(pipe, O_RDONLY | O_NONBLOCK)
        try #require(reader >= 0)
        let log = try AuditLog(path: pipe, logger: .init(label: "test"))
        // 20 000 events, about 3 MB, recorded on a thread of their own so a blocked recorder
        // fails this test instead of hanging it.
        let recorded = DispatchSemaphore(value: 0)
        Thread {
            for index in 0..<20_000 {
                log.record(AuditEvent(kind: .otpIssued, operation: .otpGenerate, time: Date(), brand: "b\(index % 3)", customer: "c"))
            }
            recorded.signal()
        }.start()
        // Polled, so no thread of the test's concurrency pool is held while it waits; looked at
        // once more after the deadline, since a busy machine may wake this task late.
        let waitedFrom = ContinuousClock.now
        var done = recorded.wait(timeout: .now()) == .success
        while !done, ContinuousClock.now - waitedFrom < .seconds(10) {
            try await Task.sleep(for: .milliseconds(10))
            done = recorded.wait(timeout: .now()) == .success
        }
        #expect(done, "recording waited for a writer that cannot write")
        // Now the pipe is read, on a thread of its own: everything arrives, once (read for at
        // most 10 s).
        let lines = Shared(0)
        let drained = DispatchSemaphore(value: 0)
        Thread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            let deadline = ContinuousClock.now + .seconds(10)
            while lines.value < 20_000, ContinuousClock.now < deadline {
                let count = read(reader, &buffer, buffer.count)
                if count > 0 { lines.withLock { $0 += buffer[..<count].filter { $0 == 0x0A }.count } } else { usleep(1_000) }
            }
            drained.signal()
        }.start()
        await log.finish()
        while drained.wait(timeout: .now()) != .success { try await Task.sleep(for: .milliseconds(10)) }
        #expect(lines.value == 20_000)
        close(reader)
    }

    /// A line is written by hand, so it is held to JSON exactly: sorted keys, escaped text
    /// (a brand is the caller's), UTC milliseconds, and what JSONSerialization reads back.
    @Test func aLineIsExactJSON() throws {
        let time = Date(timeIntervalSince1970: 1_764_660_600.1239)
        let event = AuditEvent(
            kind: .otpSent, operation: .otpGenerate, time: time, brand: "Doc\"Demo\\\n\u{01}é", code: 200, customer: "ab12", channel: "SMS",
            provider: "outbox")
        let line = AuditLog.line(event)
        #expect(
            line
                == #"{"brand":"Doc\"Demo\\\n\u0001é","channel":"SMS","code":200,"customer":"ab12","event":"otp_sent","operation":"otp/generate","provider":"outbox","time":"2025-12-02T07:30:00.123Z"}"#
                + "\n")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["brand"] as? String == "Doc\"Demo\\\n\u{01}é")
        #expect(JSONLine.timestamp(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(
            AuditLog.line(AuditEvent(kind: .refused, operation: .otpValidate, time: time, brand: "b", code: 1506)).contains(#""code":1506,"event""#))
    }

    /// A writer that cannot keep up loses the newest events beyond the bound and counts them,
    /// so a stalled disk costs a bounded amount of memory; only the first of a batch wakes it.
    @Test func pendingEventsAreBoundedAndCounted() {
        let pending = AuditLog.Pending(capacity: 2)
        let events = (0..<3).map { AuditEvent(kind: .otpIssued, operation: .otpGenerate, time: Date(), brand: "b\($0)") }
        #expect(events.map(pending.add) == [true, false, false])
        #expect(pending.dropped == 1)
        #expect(pending.take().map(\.brand) == ["b0", "b1"])
        #expect(pending.take().isEmpty)
        #expect(pending.add(events[2]))
    }
}
