import AuthAPI
import AuthEngine
import AuthTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import AuthServer

/// The webhook provider against a real gateway on loopback.
@Suite(.timeLimit(.minutes(3))) struct WebhookSenderTests {
    /// A gateway that answers the statuses it is given, in order, and keeps what it received.
    final class Gateway: Sendable {
        let statuses: Mutex<[HTTPResponse.Status]>
        let received = Mutex<[(body: String, apiKey: String?, idempotencyKey: String?, at: ContinuousClock.Instant)]>([])
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
                self.received.withLock {
                    $0.append((String(buffer: body), request.headers[.init("X-Api-Key")!], request.headers[.init("Idempotency-Key")!], .now))
                }
                let status = self.statuses.withLock { $0.isEmpty ? .ok : $0.removeFirst() }
                try await Task.sleep(for: self.delay)
                return Response(status: status, headers: status.code / 100 == 3 ? [.location: "/elsewhere"] : [:])
            }
            router.post("/elsewhere") { request, _ -> Response in
                self.received.withLock { $0.append(("redirected", request.headers[.init("X-Api-Key")!], nil, .now)) }
                return Response(status: .ok)
            }
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            try await app.test(.live) { client in
                try await test(URL(string: "http://127.0.0.1:\(try #require(client.port))/send")!)
            }
        }
    }

    static let message = OTPMessage(
        id: "6c7e1f0a-0000-4000-8000-000000000001", brand: "docdemo", displayName: "Doc Demo", channel: .whatsapp, destination: "919999999993",
        text: "OTP generated for whatsapp is 123456")

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
        #expect(received.idempotencyKey == Self.message.id)
    }

    @Test func redirectsAreNotFollowed() async throws {
        // A redirect would carry the secret headers to another address.
        let gateway = Gateway([.found])
        try await gateway.run { url in
            var settings = WebhookSettings(url: url)
            settings.headers["X-Api-Key"] = "gateway-key"
            let error = await #expect(throws: WebhookSender.Refused.self) { try await WebhookSender(settings: settings).send(Self.message) }
            #expect(error?.status == 302)
        }
        // One attempt (a 3xx is final), and nothing reached the other address.
        #expect(gateway.received.withLock { $0.count } == 1)
        #expect(!gateway.received.withLock { $0.contains { $0.body == "redirected" } })
    }

    @Test func aTimeoutIsRetriedWithTheSameKeyAndEndsUncertain() async throws {
        // The gateway takes longer than the timeout: each attempt may still have sent the
        // message, so the failure says so, and every attempt carries one idempotency key.
        let gateway = Gateway([], delay: .seconds(3))
        try await gateway.run { url in
            var settings = WebhookSettings(url: url)
            settings.timeout = .seconds(1)
            settings.retries = 2
            await #expect(throws: DeliveryUncertain.self) { try await WebhookSender(settings: settings).send(Self.message) }
        }
        let attempts = gateway.received.withLock { $0 }
        #expect(attempts.count == 3)
        #expect(Set(attempts.map(\.idempotencyKey)) == [Self.message.id])
    }

    @Test func retriesServerErrorsWithGrowingPausesThenDelivers() async throws {
        let gateway = Gateway([.serviceUnavailable, .badGateway])
        try await gateway.run { url in
            var settings = WebhookSettings(url: url)
            settings.retries = 2
            try await WebhookSender(settings: settings).send(Self.message)
        }
        let times = gateway.received.withLock { $0.map(\.at) }
        try #require(times.count == 3)
        // Pauses of 0.2 s, then 0.4 s: each at least that (a pause never ends early).
        let (first, second) = (times[1] - times[0], times[2] - times[1])
        #expect(first >= .milliseconds(200) && second >= .milliseconds(400), "pauses \(first), \(second)")
        // Load lengthens pauses but never shortens them; that they grow is the schedule's test below.
    }

    /// The pauses grow: 0.2 s, 0.4 s, 0.8 s (constant pauses would pass the lower bounds the
    /// timed tests can hold on a loaded machine, but not this).
    @Test func thePausesBetweenAttemptsDouble() {
        #expect((1...4).map(WebhookSender.pause(before:)) == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600)])
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
            let error = await #expect(throws: WebhookSender.Refused.self) {
                try await WebhookSender(settings: WebhookSettings(url: url)).send(Self.message)
            }
            #expect(error?.status == 400)
        }
        #expect(refusing.received.withLock { $0.count } == 1)
    }

    /// A gateway that reads the start of each request and resets the connection: a network
    /// error after the request was written, so it may have arrived.
    final class ResettingGateway: @unchecked Sendable {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        let accepted = Shared<[ContinuousClock.Instant]>([])
        private(set) var port = 0

        init() throws {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
            }
            try #require(bound && listen(socket, 16) == 0, "cannot listen on loopback")
            port = Int(UInt16(bigEndian: address.sin_port))
            // The thread holds the socket and the record, not the gateway, so the gateway's
            // deinit runs and its shutdown ends the thread.
            let (listener, record) = (socket, accepted)
            Thread.detachNewThread {
                while case let connection = accept(listener, nil, nil), connection >= 0 {
                    record.withLock { $0.append(.now) }
                    var buffer = [UInt8](repeating: 0, count: 1024)
                    _ = recv(connection, &buffer, buffer.count, 0)
                    var reset = linger(l_onoff: 1, l_linger: 0)
                    setsockopt(connection, SOL_SOCKET, SO_LINGER, &reset, socklen_t(MemoryLayout<linger>.size))
                    close(connection)
                }
            }
        }

        deinit {
            shutdown(socket, Int32(SHUT_RDWR))
            close(socket)
        }
    }

    @Test func aNetworkErrorIsRetriedWithGrowingPausesThenUncertain() async throws {
        let gateway = try ResettingGateway()
        var settings = WebhookSettings(url: URL(string: "http://127.0.0.1:\(gateway.port)/send")!)
        settings.retries = 2
        settings.timeout = .seconds(5)
        await #expect(throws: DeliveryUncertain.self) { try await WebhookSender(settings: settings).send(Self.message) }
        // Three attempts, 0.2 s and then 0.4 s apart.
        let accepted = gateway.accepted.withLock { $0 }
        try #require(accepted.count == 3)
        let (first, second) = (accepted[1] - accepted[0], accepted[2] - accepted[1])
        #expect(first >= .milliseconds(200) && second >= .milliseconds(400), "pauses \(first), \(second)")
        // Load lengthens pauses but never shortens them; that they grow is the schedule's test below.
    }

    @Test func anUnreachableGatewayIsACertainFailure() async throws {
        // Nothing listens on port 9 of loopback: no connection was made, so the message cannot
        // have gone out and the count is given back (not uncertain).
        var settings = WebhookSettings(url: URL(string: "http://127.0.0.1:9/send")!)
        settings.timeout = .seconds(1)
        // Nothing listens to count the attempts, so their time does: the client keeps trying to
        // connect until the 1 s timeout, so two retries take three attempts and both pauses.
        settings.retries = 2
        let started = ContinuousClock.now
        let error = await #expect(throws: (any Error).self) { try await WebhookSender(settings: settings).send(Self.message) }
        let took = ContinuousClock.now - started
        // 3 × 1 s + 0.2 s + 0.4 s; one retry would be 2.2 s.
        #expect(took >= .milliseconds(3_400), "three attempts took \(took)")
        // A connection error (never made): certain, neither a gateway's answer nor uncertain.
        #expect(WebhookSender.mayHaveArrived(try #require(error)) == false, "\(String(describing: error))")
        #expect(!(error is WebhookSender.Refused) && !(error is DeliveryUncertain), "\(String(describing: error))")
    }
}
