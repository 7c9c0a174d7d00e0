import AuthEngine
import AuthTestSupport
import Foundation
import HTTPTypes
import Synchronization
import Testing

@testable import AuthServer

/// Nothing tells customers apart: over HTTP, a known customer and an unknown one (or a taken
/// address and a free one) get the same status and the same body, but for the new session's
/// id and token, and leave the same audit events but for the customer's digest.
/// `scripts/bench-enumeration.sh` times the same pairs.
@Suite(.timeLimit(.minutes(3))) struct EnumerationTests {
    static let configuration = ServerHarness.configuration("brands: {DocDemo: {passwords: {enabled: true}}}")

    static func identity(_ number: String) -> String {
        #""identifierType":"MOBILE","identifierValue":"\#(number)","brand":"DocDemo","deviceId":"123456785""#
    }

    static let known = identity("919999999991")
    static let unknown = identity("919999999992")
    static let password = #""password":"correct horse battery","confirmPassword":"correct horse battery""#

    /// An answer with what differs per request (a new session's id and tokens) blanked.
    static func comparable(_ answer: (status: Int, body: String, headers: HTTPFields)) throws -> String {
        func blank(_ value: Any) -> Any {
            switch value {
            case let object as [String: Any]:
                Dictionary(uniqueKeysWithValues: object.map { key, value in (key, ["sessionId", "token"].contains(key) ? "…" : blank(value)) })
            case let array as [Any]: array.map(blank)
            default: value
            }
        }
        let body = blank(try JSONSerialization.jsonObject(with: Data(answer.body.utf8)))
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), as: UTF8.self)
        return "\(answer.status) \(text)"
    }

    /// The audit events of a finished log, without time and customer, and without the
    /// deliveries reported after the answer (a message that really went out is reported; what
    /// the caller is answered with, and the events written before it, are the same).
    static func events(in file: String) throws -> [String] {
        try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").compactMap { line in
            var event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard !["otp_sent", "delivery_failed"].contains(event["event"] as? String) else { return nil }
            event["time"] = nil
            event["customer"] = nil
            return String(decoding: try JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    /// The same requests for `identity` and, for user/updateIdentifierValue, `newNumber`, on a
    /// server where 919999999991 registered a password and 919999999993 logged in: the answers
    /// and the audit trail.
    static func scenario(_ identity: String, newNumber: String) async throws -> (answers: [String], events: [String], sent: [String]) {
        let folder = try temporaryFolder("enumeration")
        let audit = folder.appendingPathComponent("audit.jsonl").path
        let h = try await ServerHarness(configuration: Self.configuration, folder: folder, audit: audit)
        let recorded = Mutex<(answers: [String], sentBefore: Int)>(([], 0))
        try await h.test { client in
            let registration = try await client.session(Self.known + "," + Self.password)
            _ = try await client.post("/auth/v1/otp/generate", #"{\#(Self.known),"sessionId":"\#(registration)"}"#)
            let login = try await client.post(
                "/auth/v1/otp/validate", #"{\#(Self.known),"sessionId":"\#(registration)","otp":"\#(try await h.lastOTP())"}"#)
            let token = try #require((json(login.body)["auth"] as? [String: Any])?["token"] as? String)
            let other = Self.identity("919999999993")
            let otherSession = try await client.session(other)
            _ = try await client.post("/auth/v1/otp/generate", #"{\#(other),"sessionId":"\#(otherSession)"}"#)
            _ = try await client.post("/auth/v1/otp/validate", #"{\#(other),"sessionId":"\#(otherSession)","otp":"\#(try await h.lastOTP())"}"#)
            let sentBefore = try h.outbox().count
            recorded.withLock { $0.sentBefore = sentBefore }
            func note(_ answer: (status: Int, body: String, headers: HTTPFields)) throws {
                let comparable = try Self.comparable(answer)
                recorded.withLock { $0.answers.append(comparable) }
            }

            try note(try await client.post("/auth/v1/token/generate", "{\(identity)}"))
            try note(try await client.post("/auth/v1/token/generate", "{\(identity),\(Self.password)}"))
            let session = try await client.session(identity)
            try note(try await client.post("/auth/v1/password/forget", #"{\#(identity),"sessionId":"\#(session)",\#(Self.password)}"#))
            let change = try await client.post(
                "/auth/v1/user/updateIdentifierValue",
                #"{\#(Self.known),"token":"\#(token)","newIdentifierType":"MOBILE","newIdentifierValue":"\#(newNumber)","password":"correct horse battery"}"#
            )
            try note(change)
            try note(
                try await client.post("/auth/v1/otp/generate", #"{\#(Self.identity(newNumber)),"sessionId":"\#(try sessionId(in: change.body))"}"#))
        }
        await h.server.engine.finishDeliveries()
        await h.server.auditLog?.finish()
        let (answers, sentBefore) = recorded.withLock { $0 }
        return (answers, try Self.events(in: audit), try h.outbox().dropFirst(sentBefore).map(\.destination))
    }

    @Test func knownAndUnknownCustomersAreAnsweredAlike() async throws {
        let known = try await Self.scenario(Self.known, newNumber: "919999999993")
        let unknown = try await Self.scenario(Self.unknown, newNumber: "919999999994")
        // token/generate, registration, password/forget, user/updateIdentifierValue and its otp/generate.
        #expect(known.answers.count == 5)
        for (operation, (first, second)) in zip(
            ["token/generate", "registration", "password/forget", "updateIdentifierValue", "otp/generate"], zip(known.answers, unknown.answers))
        {
            #expect(first == second, "\(operation)")
        }
        #expect(known.events == unknown.events)
        // Only the free address was sent its OTP.
        #expect(known.sent.isEmpty && unknown.sent == ["919999999994"])
    }

    /// Attack: the audit trail and `/metrics` told a known USERNAME from an unknown one by the
    /// channel of its `otp_issued`. Both are answered, and audited, alike.
    @Test func aKnownUsernameIsAuditedLikeAnUnknownOne() async throws {
        func scenario(_ name: String) async throws -> (answer: String, events: [String], metrics: String) {
            let folder = try temporaryFolder("enumeration")
            let audit = folder.appendingPathComponent("audit.jsonl").path
            let h = try await ServerHarness(configuration: Self.configuration, folder: folder, audit: audit, metrics: true)
            try await h.server.store.importCustomers(
                [
                    CustomerRecord(
                        id: "crm-1", brand: "docdemo",
                        identifiers: [
                            .init(identifier: .init(type: "USERNAME", value: "jdoe"), verified: true, createdAt: Date()),
                            .init(identifier: .init(type: "MOBILE", value: "919999999991"), verified: true, createdAt: Date()),
                        ])
                ], at: Date())
            let me = #""identifierType":"USERNAME","identifierValue":"\#(name)","brand":"DocDemo","deviceId":"123456785""#
            let answer = Mutex("")
            try await h.test { client in
                let session = try await client.session(me)
                let sent = try Self.comparable(try await client.post("/auth/v1/otp/generate", #"{\#(me),"sessionId":"\#(session)"}"#))
                answer.withLock { $0 = sent }
            }
            await h.server.auditLog?.finish()
            let issued = try #require(h.server.metrics).text().split(separator: "\n").filter { $0.hasPrefix("auth_otps_issued_total") }
            return (answer.withLock { $0 }, try Self.events(in: audit), issued.joined(separator: "\n"))
        }
        let known = try await scenario("jdoe")
        let unknown = try await scenario("nobody")
        #expect(known.answer == unknown.answer)
        #expect(known.events == unknown.events)
        #expect(known.metrics == unknown.metrics && known.metrics.contains(#"channel="none""#))
    }
}
