import AuthAPI
import AuthEngine
@testable import AuthServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// The webhook provider against a real gateway on loopback.
@Suite struct WebhookSenderTests {
    /// A gateway that answers the statuses it is given, in order, and keeps what it received.
    final class Gateway: Sendable {
        let statuses: Mutex<[HTTPResponse.Status]>
        let received = Mutex<[(body: String, apiKey: String?)]>([])
        /// How long each answer takes.
        let delay: Duration

        init(_ statuses: [HTTPResponse.Status], delay: Duration = .zero) {
            self.statuses = Mutex(statuses)
            self.delay = delay
        }

        func run(_ test: @Sendable @escaping (URL) async throws -> Void) async throws {
            let router = Router()
            router.post("/send") { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 16)
                self.received.withLock { $0.append((String(buffer: body), request.headers[.init("X-Api-Key")!])) }
                let status = self.statuses.withLock { $0.isEmpty ? .ok : $0.removeFirst() }
                try await Task.sleep(for: self.delay)
                return Response(status: status)
            }
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                try await test(URL(string: "http://127.0.0.1:\(try #require(client.port))/send")!)
            }
        }
    }

    static let message = OTPMessage(brand: "DocDemo", channel: .whatsapp, destination: "919999999993", text: "OTP generated for whatsapp is 123456")

    @Test func postsTheMessageWithItsHeaders() async throws {
        let gateway = Gateway([])
        try await gateway.run { url in
            var settings = WebhookSettings(url: url)
            settings.headers["X-Api-Key"] = "gateway-key"
            try await WebhookSender(settings: settings).send(Self.message)
        }
        let received = try #require(gateway.received.withLock { $0.first })
        #expect(try JSONDecoder().decode(OTPMessage.self, from: Data(received.body.utf8)) == Self.message)
        #expect(received.apiKey == "gateway-key")
    }

    @Test func retriesServerErrorsThenDelivers() async throws {
        let gateway = Gateway([.serviceUnavailable, .badGateway])
        try await gateway.run { url in
            var settings = WebhookSettings(url: url)
            settings.retries = 2
            try await WebhookSender(settings: settings).send(Self.message)
        }
        #expect(gateway.received.withLock { $0.count } == 3)
    }

    @Test func givesUpAfterItsRetriesOrOnARefusal() async throws {
        let failing = Gateway([.serviceUnavailable, .serviceUnavailable, .serviceUnavailable])
        try await failing.run { url in
            var settings = WebhookSettings(url: url)
            settings.retries = 1
            await #expect(throws: WebhookSender.Refused.self) { try await WebhookSender(settings: settings).send(Self.message) }
        }
        #expect(failing.received.withLock { $0.count } == 2)

        let refusing = Gateway([.badRequest])
        try await refusing.run { url in
            let error = await #expect(throws: WebhookSender.Refused.self) { try await WebhookSender(settings: WebhookSettings(url: url)).send(Self.message) }
            #expect(error?.status == 400)
        }
        #expect(refusing.received.withLock { $0.count } == 1)
    }

    @Test func anUnreachableGatewayIsAFailure() async throws {
        // Nothing listens on port 9 of loopback: connection refused, retried, then an error.
        var settings = WebhookSettings(url: URL(string: "http://127.0.0.1:9/send")!)
        settings.retries = 1
        settings.timeout = .seconds(1)
        await #expect(throws: (any Error).self) { try await WebhookSender(settings: settings).send(Self.message) }
    }
}
