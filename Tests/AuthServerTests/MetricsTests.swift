import AsyncHTTPClient
import AuthTestSupport
import Foundation
import NIOCore
import Synchronization
import Testing

@testable import AuthServer

/// `/metrics` after a full flow: the counters moved, and no label or value holds an
/// identifier, an address or a secret.
@Suite(.timeLimit(.minutes(3))) struct MetricsTests {
    /// The value of the sample `name{labels}`, labels in any order; nil when there is none.
    static func sample(_ text: String, _ name: String, _ labels: [String: String] = [:]) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(name + "{") || line.hasPrefix(name + " ") {
            let head = line.prefix { $0 != " " }
            guard String(head.prefix { $0 != "{" }) == name else { continue }
            if labels.allSatisfy({ head.contains("\($0.key)=\"\($0.value)\"") }), let value = line.split(separator: " ").last.flatMap({ Double($0) })
            {
                return value
            }
        }
        return nil
    }

    @Test func aFullFlowMovesTheCountersAndNamesNoCustomer() async throws {
        let h = try await ServerHarness(configuration: AuditTrailTests.configuration, metrics: true)
        let mobile = #""identifierType":"MOBILE","identifierValue":"919999999992","brand":"DocDemo","deviceId":"123456785""#
        let secrets = Mutex<[String]>(["919999999992", "9999999992"])
        try await h.test { client in
            let session = try await client.session(mobile)
            #expect(code(try await client.post("/auth/v1/otp/generate", #"{\#(mobile),"sessionId":"\#(session)"}"#).body) == 200)
            let otp = try await h.lastOTP()
            let wrong = otp == "000000" ? "111111" : "000000"
            #expect(code(try await client.post("/auth/v1/otp/validate", #"{\#(mobile),"sessionId":"\#(session)","otp":"\#(wrong)"}"#).body) == 1506)
            let validated = try await client.post("/auth/v1/otp/validate", #"{\#(mobile),"sessionId":"\#(session)","otp":"\#(otp)"}"#)
            let auth = try #require(json(validated.body)["auth"] as? [String: Any])
            let token = try #require(auth["token"] as? String)
            let key = try #require(auth["key"] as? String)
            secrets.withLock { $0 += [session, otp, token, key] }
            let unreachable = mobile.replacingOccurrences(of: "DocDemo", with: "Unreachable")
            let failing = try await client.session(unreachable)
            #expect(code(try await client.post("/auth/v1/otp/generate", #"{\#(unreachable),"sessionId":"\#(failing)"}"#).body) == 1503)
            // A path made of a phone number is no label: unmatched requests share Hummingbird's "NotFound".
            _ = try await client.post("/auth/919999999992", "{}")
            #expect(code(try await client.post("/auth/v1/token/regenerate", #"{\#(mobile),"key":"\#(key)"}"#).body) == 200)

            // A registration, a password login, then two wrong passwords: the lock.
            let other = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#
            let password = #""password":"correct horse battery","confirmPassword":"correct horse battery""#
            let registration = try await client.session(other + "," + password)
            _ = try await client.post("/auth/v1/otp/generate", #"{\#(other),"sessionId":"\#(registration)"}"#)
            let registered = #"{\#(other),"sessionId":"\#(registration)","otp":"\#(try await h.lastOTP())"}"#
            #expect(code(try await client.post("/auth/v1/otp/validate", registered).body) == 200)
            let login = try await client.session(other)
            let right = #"{\#(other),"sessionId":"\#(login)","password":"correct horse battery"}"#
            #expect(code(try await client.post("/auth/v1/password/validate", right).body) == 200)
            let guesses = try await client.session(other)
            for _ in 0..<2 {
                _ = try await client.post("/auth/v1/password/validate", #"{\#(other),"sessionId":"\#(guesses)","password":"wrong password"}"#)
            }

            // A store that fails (here, closed) is counted as such.
            try await h.server.store.close()
            #expect(try await client.post("/auth/v1/token/generate", "{\(mobile)}").status == 500)
        }
        let text = try #require(h.server.metrics?.text())
        #expect(Self.sample(text, "auth_http_requests_total", ["route": "/auth/v1/otp/generate", "status": "200"]) == 2)
        #expect(Self.sample(text, "auth_http_requests_total", ["route": "/auth/v1/otp/validate", "status": "401"]) == 1)
        #expect(Self.sample(text, "auth_http_requests_total", ["route": "NotFound", "status": "404"]) == 1)
        #expect(Self.sample(text, "auth_http_request_duration_seconds_count", ["route": "/auth/v1/token/generate"]) == 6)
        #expect(Self.sample(text, "auth_otps_issued_total", ["channel": "SMS"]) == 3)
        #expect(Self.sample(text, "auth_otps_delivered_total", ["channel": "SMS", "provider": "outbox"]) == 2)
        #expect(Self.sample(text, "auth_delivery_failures_total", ["channel": "SMS", "provider": "gateway"]) == 1)
        #expect(Self.sample(text, "auth_refusals_total", ["operation": "otp/validate", "code": "1506"]) == 1)
        #expect(Self.sample(text, "auth_refusals_total", ["operation": "otp/generate", "code": "1503"]) == 1)
        #expect(Self.sample(text, "auth_tokens_issued_total", ["operation": "otp/validate"]) == 2)
        #expect(Self.sample(text, "auth_tokens_issued_total", ["operation": "token/regenerate"]) == 1)
        #expect(Self.sample(text, "auth_tokens_issued_total", ["operation": "password/validate"]) == 1)
        #expect(Self.sample(text, "auth_passwords_set_total", ["operation": "otp/validate"]) == 1)
        #expect(Self.sample(text, "auth_account_locks_total") == 1)
        #expect(Self.sample(text, "auth_store_errors_total") == 1)
        for secret in secrets.withLock({ $0 }) { #expect(!text.contains(secret), "the metrics hold \(secret)") }
        #expect(!text.contains("docdemo") && !text.contains("P-"), "no brand or session in a label")
    }

    @Test func theBinaryServesMetricsOnItsOwnPortOnlyWhenAsked() async throws {
        let folder = try temporaryFolder("exe-metrics")
        let metricsPort = ServerProcess.unusedPort()
        let server = try await ServerProcess(["--metrics-port", "\(metricsPort)"], in: folder, environment: ["DATABASE_URL": "auth.sqlite"])
        #expect(await server.waitUntilHealthy())
        let metrics = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(metricsPort)/metrics"), timeout: .seconds(2))
        #expect(metrics.status.code == 200)
        #expect(metrics.headers.first(name: "content-type")?.hasPrefix("text/plain; version=0.0.4") == true)
        let text = String(buffer: try await metrics.body.collect(upTo: 1 << 20))
        #expect(Self.sample(text, "auth_http_requests_total", ["route": "/health", "status": "200"]) ?? 0 >= 1)
        // The API's port serves no metrics.
        #expect(try await server.get("/metrics").contains("auth_http_requests_total") == false)
        await server.stop(SIGTERM)
        #expect(server.process.terminationStatus == 0)
    }
}
