import AuthAPI
import AuthTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route through Hummingbird's router, without a socket.
@Suite struct RouteTests {
    static let mobile = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#
    static let web = #""identifierType":"EMAIL","identifierValue":"captest@gmail.com","brand":"DocDemo""#

    static func session(_ client: any TestClientProtocol, _ identity: String, path: String = "/auth/v1/token/generate") async throws -> String {
        try await client.session(identity, path: path)
    }

    @Test func healthAnswersOK() async throws {
        let h = try await ServerHarness()
        try await h.test { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            }
        }
    }

    @Test func theMobileFlowEndToEnd() async throws {
        let h = try await ServerHarness()
        try await h.test { client in
            let session = try await Self.session(client, Self.mobile)
            let generated = try await client.post("/auth/v1/otp/generate", #"{\#(Self.mobile),"sessionId":"\#(session)"}"#)
            #expect(generated.status == 200)
            #expect(code(generated.body) == 200)
            #expect(json(generated.body).keys.sorted() == ["status"])
            let otp = try await h.lastOTP()
            #expect(!generated.body.contains(otp))

            let validated = try await client.post("/auth/v1/otp/validate", #"{\#(Self.mobile),"sessionId":"\#(session)","otp":"\#(otp)"}"#)
            #expect(validated.status == 200)
            let auth = try #require(json(validated.body)["auth"] as? [String: Any])
            let key = try #require(auth["key"] as? String)
            #expect((json(validated.body)["user"] as? [String: Any])?["role"] as? String == "USER")

            let regenerated = try await client.post("/auth/v1/token/regenerate", #"{\#(Self.mobile),"key":"\#(key)"}"#)
            #expect(regenerated.status == 200)
            #expect((json(regenerated.body)["auth"] as? [String: Any])?["token"] is String)
            let next = try #require((json(regenerated.body)["auth"] as? [String: Any])?["key"] as? String)
            #expect(next != key)

            // token/expire: the next key logs the device out; the old one was retired already.
            #expect(try await client.post("/auth/v1/token/expire", #"{\#(Self.mobile),"key":"\#(key)"}"#).status == 401)
            let expired = try await client.post("/auth/v1/token/expire", #"{\#(Self.mobile),"key":"\#(next)"}"#)
            #expect(expired.status == 200 && code(expired.body) == 200)
            let after = try await client.post("/auth/v1/token/regenerate", #"{\#(Self.mobile),"key":"\#(next)"}"#)
            #expect(after.status == 401 && code(after.body) == 1525)
        }
    }

    @Test func theWebFlowEndToEnd() async throws {
        let h = try await ServerHarness()
        try await h.test { client in
            let session = try await Self.session(client, Self.web, path: "/auth/v1/web/token/generate")
            #expect(try await client.post("/auth/v1/web/otp/generate", #"{\#(Self.web),"sessionId":"\#(session)"}"#).status == 200)
            #expect(try h.outbox().last?.destination == "captest@gmail.com")
            let validated = try await client.post(
                "/auth/v1/web/otp/validate", #"{\#(Self.web),"sessionId":"\#(session)","otp":"\#(try await h.lastOTP())"}"#)
            #expect(validated.status == 200)
            #expect(!json(validated.body).keys.contains("user"))
            let auth = try #require(json(validated.body)["auth"] as? [String: Any])
            #expect(auth["key"] is NSNull)
            let token = try #require(auth["token"] as? String)
            let regenerated = try await client.post("/auth/v1/web/token/regenerate", #"{\#(Self.web),"expiredToken":"\#(token)"}"#)
            #expect(regenerated.status == 200)
            let renewed = try #require((json(regenerated.body)["auth"] as? [String: Any])?["token"] as? String)
            #expect(try await client.post("/auth/v1/web/token/expire", #"{\#(Self.web),"token":"\#(renewed)"}"#).status == 200)
            #expect(code(try await client.post("/auth/v1/web/token/regenerate", #"{\#(Self.web),"expiredToken":"\#(renewed)"}"#).body) == 1525)
        }
    }

    @Test func refusalsCarryTheirCodeAndStatus() async throws {
        let h = try await ServerHarness(
            configuration: ServerHarness.configuration(
                """
                  otpMaxCount: 1
                  otpTimeOut: 10
                """))
        try await h.test { client in
            let unknown = try await client.post("/auth/v1/otp/generate", #"{\#(Self.mobile),"sessionId":"P-unknown"}"#)
            #expect(unknown.status == 401 && (code(unknown.body)) == 1505)

            let session = try await Self.session(client, Self.mobile)
            let otherDevice = Self.mobile.replacingOccurrences(of: "123456785", with: "000")
            let mismatch = try await client.post("/auth/v1/otp/generate", #"{\#(otherDevice),"sessionId":"\#(session)"}"#)
            #expect(mismatch.status == 403 && (code(mismatch.body)) == 1508)

            #expect(try await client.post("/auth/v1/otp/generate", #"{\#(Self.mobile),"sessionId":"\#(session)"}"#).status == 200)
            let limited = try await client.post("/auth/v1/otp/generate", #"{\#(Self.mobile),"sessionId":"\#(session)"}"#)
            #expect(limited.status == 429 && (code(limited.body)) == 1534)
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((590...600).contains(retryAfter))

            let wrongAnswer = try await client.post(
                "/auth/v1/otp/validate", #"{\#(Self.mobile),"sessionId":"\#(session)","otp":"\#(wrong(try await h.lastOTP()))"}"#)
            #expect(wrongAnswer.status == 401 && (code(wrongAnswer.body)) == 1506)

            let used = try await client.post(
                "/auth/v1/otp/validate", #"{\#(Self.mobile),"sessionId":"\#(session)","otp":"\#(try await h.lastOTP())"}"#)
            #expect(used.status == 200)
            let again = try await client.post(
                "/auth/v1/otp/validate", #"{\#(Self.mobile),"sessionId":"\#(session)","otp":"\#(try await h.lastOTP())"}"#)
            #expect(again.status == 404 && code(again.body) == 1537)

            let unreadable = try await client.post(
                "/auth/v1/token/generate", #"{"identifierType":"MOBILE","identifierValue":"call me","brand":"DocDemo","deviceId":"d"}"#)
            #expect(unreadable.status == 422 && code(unreadable.body) == 1519)
            #expect((json(unreadable.body)["issues"] as? [[String: Any]])?.compactMap { $0["pointer"] as? String } == ["/identifierValue"])

            let other = Self.mobile.replacingOccurrences(of: "919999999993", with: "919999999990")
            let otherSession = try await Self.session(client, other)
            let noProvider = try await client.post("/auth/v1/otp/generate?fallbackChannel=ZALO", #"{\#(other),"sessionId":"\#(otherSession)"}"#)
            #expect(noProvider.status == 409 && code(noProvider.body) == 1603)

            let badKey = try await client.post("/auth/v1/token/regenerate", #"{\#(Self.mobile),"key":"nope"}"#)
            #expect(badKey.status == 401 && (code(badKey.body)) == 1525)
        }
    }

    /// Every route of the password, change-identifier and MFA operations over HTTP, on a brand
    /// with both: a schema-valid request for nothing that exists answers its documented refusal.
    @Test func everyNewRouteAnswersItsRefusal() async throws {
        let h = try await ServerHarness(
            configuration: ServerHarness.configuration("brands: {DocDemo: {passwords: {enabled: true}, mfa: {enabled: true, password: true}}}"))
        let session = #""sessionId":"P-unknown""#
        let token = #""token":"not-a-token""#
        let passwords = #""password":"correct horse battery","newPassword":"stapled battery horse","confirmPassword":"stapled battery horse""#
        let routes: [(path: String, identity: String, fields: String, method: HTTPRequest.Method, status: Int, code: Int)] = [
            ("/auth/v1/password/validate", Self.mobile, #"\#(session),"password":"x""#, .post, 401, 1505),
            ("/auth/v1/web/password/validate", Self.web, #"\#(session),"password":"x""#, .post, 401, 1505),
            ("/auth/v1/password/change", Self.mobile, #"\#(token),\#(passwords)"#, .post, 401, 1523),
            ("/auth/v1/web/password/change", Self.web, #"\#(token),\#(passwords)"#, .post, 401, 1523),
            ("/auth/v1/password/forget", Self.mobile, #"\#(session),"password":"x","confirmPassword":"x""#, .post, 401, 1505),
            ("/auth/v1/web/password/forget", Self.web, #"\#(session),"password":"x","confirmPassword":"x""#, .post, 401, 1505),
            (
                "/auth/v1/user/updateIdentifierValue", Self.mobile, #"\#(token),"newIdentifierType":"EMAIL","newIdentifierValue":"a@example.com""#,
                .post, 401, 1525
            ),
            ("/auth/v1/mfa/token/generate", Self.mobile, #""authorizedToken":"not-a-token""#, .post, 401, 1525),
            ("/auth/v1/mfa/otp/generate", Self.mobile, session, .post, 401, 1505),
            ("/auth/v1/mfa/otp/validate", Self.mobile, #"\#(session),"otp":"123456""#, .post, 401, 1505),
            ("/auth/v1/mfa/password/validate", Self.mobile, #"\#(session),"password":"x""#, .post, 401, 1505),
            ("/auth/v1/mfa/token/regenerate", Self.mobile, #""key":"not-a-key""#, .post, 401, 1525),
            ("/auth/v1/mfa/token/expire", Self.mobile, token, .delete, 401, 1531),
        ]
        try await h.test { client in
            for route in routes {
                let answer = try await client.post(route.path, "{\(route.identity),\(route.fields)}", method: route.method)
                #expect(answer.status == route.status && code(answer.body) == route.code, "\(route.path): \(answer.status) \(answer.body)")
            }
            // DELETE is the MFA expire's only method.
            let post = try await client.post("/auth/v1/mfa/token/expire", "{\(Self.mobile),\(token)}")
            let allowed = post.headers[.allow]?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(post.status == 405 && allowed?.contains("DELETE") == true && allowed?.contains("POST") == false, "\(allowed ?? [])")
        }
    }

    @Test func invalidInputIs1519WithEveryIssue() async throws {
        let h = try await ServerHarness()
        try await h.test { client in
            let answer = try await client.post("/auth/v1/otp/generate", #"{"identifierType":"PHONE","brand":"DocDemo"}"#)
            #expect(answer.status == 400 && (code(answer.body)) == 1519)
            let issues = try #require(json(answer.body)["issues"] as? [[String: Any]])
            #expect(issues.compactMap { $0["pointer"] as? String }.sorted() == ["/deviceId", "/identifierType", "/identifierValue", "/sessionId"])
        }
    }

    @Test func aBatchAnswersEachItemOnItsOwn() async throws {
        let h = try await ServerHarness()
        try await h.test { client in
            let session = try await Self.session(client, Self.mobile)
            let batch = try await client.post(
                "/auth/v1/otp/generate",
                #"""
                [{\#(Self.mobile),"sessionId":"\#(session)"}, {\#(Self.mobile),"sessionId":"P-missing"}, {\#(Self.mobile),"sessionId":"\#(session)"}]
                """#)
            #expect(batch.status == 200)
            let results = try #require(try JSONSerialization.jsonObject(with: Data(batch.body.utf8)) as? [[String: Any]])
            #expect(results.map { ($0["status"] as? [String: Any])?["code"] as? Int } == [200, 1505, 200])
            #expect(try h.outbox().count == 2)
        }
    }

    @Test func theEchoRouteIsServedOnlyWhenAsked() async throws {
        let with = try await ServerHarness(echoRoute: true)
        try await with.test { client in
            let echoed = try await client.post("/echo", #"{"a":[1,2]}"#)
            #expect(echoed.status == 200 && echoed.body == #"{"a":[1,2]}"#)
        }
        let without = try await ServerHarness()
        try await without.test { client in
            let missing = try await client.post("/echo", "{}")
            #expect(missing.status == 404)
        }
    }
}
