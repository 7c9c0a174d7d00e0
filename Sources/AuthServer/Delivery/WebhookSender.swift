import AsyncHTTPClient
import AuthEngine
import Foundation
import NIOCore

/// Hands each message to an SMS, e-mail, WhatsApp or Zalo gateway: a JSON POST of
/// `{id, brand, channel, destination, text}` with the message's `Idempotency-Key`, the same on
/// every attempt, so a gateway can drop a retry of a message it already sent.
///
/// A 2xx answer is delivered. A 5xx, or a connection that could not be made, is tried again
/// after a growing pause (0.2 s, 0.4 s, …) up to `retries` times; a 4xx is final (the gateway
/// refused the message). A timeout, or a connection lost while waiting for the answer, is tried
/// again too, and if nothing succeeds the failure is `DeliveryUncertain`: the message may have
/// gone out. Redirects are never followed (they would carry the secret headers elsewhere).
public struct WebhookSender: MessageSender {
    /// The gateway's URL, timeout, retries and headers.
    public let settings: WebhookSettings
    private let client: HTTPClient

    /// One client for every webhook, living as long as the process (as `HTTPClient.shared`
    /// does), that does not follow redirects.
    public static let client = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(redirectConfiguration: .disallow))

    /// A sender for one gateway; `client` is the shared one unless a test passes its own.
    public init(settings: WebhookSettings, client: HTTPClient = Self.client) {
        self.settings = settings
        self.client = client
    }

    /// A gateway's answer other than 2xx: a 5xx is tried again, any other is final.
    public struct Refused: Error, CustomStringConvertible {
        /// The HTTP status code the gateway answered.
        public var status: UInt
        /// The status, for logs and error messages.
        public var description: String { "the gateway answered \(status)" }
    }

    /// Posts the message, trying again as described above; throws `Refused`, `DeliveryUncertain`
    /// or the last connection error when it gives up.
    public func send(_ message: OTPMessage) async throws {
        var request = HTTPClientRequest(url: settings.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: message.id)
        for (name, value) in settings.headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(message)))

        var attempt = 0
        var mayHaveArrived = false
        while true {
            do {
                let response = try await client.execute(request, timeout: .nanoseconds(Int64(settings.timeout.components.seconds) * 1_000_000_000))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                switch response.status.code {
                case 200..<300: return
                case 500..<600: throw Refused(status: response.status.code)
                default: throw FinalFailure(underlying: Refused(status: response.status.code))
                }
            } catch let final as FinalFailure {
                throw final.underlying
            } catch {
                mayHaveArrived = mayHaveArrived || Self.mayHaveArrived(error)
                guard attempt < settings.retries else { throw mayHaveArrived ? DeliveryUncertain(underlying: error) : error }
                attempt += 1
                try await Task.sleep(for: Self.pause(before: attempt))
            }
        }
    }

    /// The pause before retry `attempt` (1, 2, …): 0.2 s, doubling each time.
    static func pause(before attempt: Int) -> Duration {
        .milliseconds(200 << (attempt - 1))
    }

    /// Whether a failed attempt may still have delivered the message: anything but a gateway's
    /// own failure answer or a connection that was never made.
    static func mayHaveArrived(_ error: any Error) -> Bool {
        if error is Refused { return false }
        if let error = error as? HTTPClientError, error == .connectTimeout { return false }
        if let error = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode) { return false }
        return true
    }

    private struct FinalFailure: Error {
        var underlying: Refused
    }
}
