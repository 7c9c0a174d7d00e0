import AsyncHTTPClient
import AuthAPI
import AuthGenSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import OpenAPIAsyncHTTPClient
import OpenAPIHummingbird
import Testing

/// The generated server on Hummingbird and the generated client on AsyncHTTPClient, over a
/// real loopback socket: the transports plug in with no glue code.
@Suite struct LiveTransportTests {
    func withLiveServer(_ body: @Sendable (Client, TestAPI) async throws -> Void) async throws {
        let api = TestAPI()
        let router = Router()
        try api.registerHandlers(on: router, configuration: ServerConfiguration(rejectionResponse: statusEnvelope))
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { testClient in
            let port = try #require(testClient.port)
            let client = Client(
                serverURL: URL(string: "http://127.0.0.1:\(port)")!,
                transport: AsyncHTTPClientTransport(configuration: .init(client: .shared, timeout: .seconds(10))))
            try await body(client, api)
        }
    }

    @Test func generateOtpOnBothPathsOverLoopback() async throws {
        try await withLiveServer { (client: Client, api: TestAPI) async throws in
            #expect(try await client.generateOtpApi(.init(query: .init(fallbackChannel: .zalo), body: Fixtures.otp())) == .ok(TestAPI.success()))
            #expect(try await client.generateOtpApiWeb(.init(body: Fixtures.webOtp())) == .ok(TestAPI.success()))
            #expect(
                try await client.generateOtpApi(.init(body: Fixtures.otp("limited")))
                    == .tooManyRequests(TestAPI.failure(1534, "OTP limit reached"), retryAfter: 42))
            #expect(
                try await client.generateOtpApiWeb(batch: [Fixtures.webOtp("W-1"), Fixtures.webOtp("expired")])
                    == .ok([TestAPI.success(), TestAPI.failure(1505, "Session expired")]))
            #expect(
                api.calls.all == [
                    "generate-otp-api S-1 ZALO", "generate-otp-api-web W-1 -", "generate-otp-api limited -",
                    "generate-otp-api-web W-1 -", "generate-otp-api-web expired -",
                ])
        }
    }

    @Test func refusalsCrossTheWireWithTheirStatus() async throws {
        try await withLiveServer { (client: Client, api: TestAPI) async throws in
            let unchecked = Client(serverURL: client.core.serverURL, transport: client.core.transport, validatesRequests: false)
            let output = try await unchecked.generateOtpApi(.init(body: Fixtures.otp(deviceId: "")))
            guard case .badRequest(let body) = output else { Issue.record("\(output)"); return }
            #expect(body.issues == [FieldIssue(pointer: "/deviceId", message: "must be at least 1 characters long, is 0")])
            #expect(api.calls.all.isEmpty)
        }
    }

    @Test func aHandlerThatThrowsIsAnsweredByTheTransportWith500() async throws {
        try await withLiveServer { (client: Client, api: TestAPI) async throws in
            let output = try await client.generateOtpApi(.init(body: Fixtures.otp("throws")))
            guard case .undocumented(let status, _) = output else { Issue.record("\(output)"); return }
            #expect(status == 500)
            // The server keeps serving.
            #expect(try await client.generateOtpApi(.init(body: Fixtures.otp())) == .ok(TestAPI.success()))
        }
    }
}
