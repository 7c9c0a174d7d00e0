import AsyncHTTPClient
import AuthEngine
import Foundation
import NIOCore
import NIOHTTP1

/// Hands each message to an SMS, e-mail, WhatsApp or Zalo gateway: a JSON POST of
/// `{brand, channel, destination, text}`. A 2xx answer is delivered; a network error, a timeout
/// or a 5xx is tried again after a growing pause (0.2 s, 0.4 s, …) up to `retries` times; a 4xx
/// is final (the gateway refused the message, trying again will not help).
public struct WebhookSender: MessageSender {
    public let settings: WebhookSettings
    private let client: HTTPClient

    public init(settings: WebhookSettings, client: HTTPClient = .shared) {
        self.settings = settings
        self.client = client
    }

    public struct Refused: Error, CustomStringConvertible {
        public var status: UInt
        public var description: String { "the gateway answered \(status)" }
    }

    public func send(_ message: OTPMessage) async throws {
        var request = HTTPClientRequest(url: settings.url.absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in settings.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(message)))

        var attempt = 0
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
                guard attempt < settings.retries else { throw error }
                attempt += 1
                try await Task.sleep(for: .milliseconds(200 << (attempt - 1)))
            }
        }
    }

    private struct FinalFailure: Error {
        var underlying: Refused
    }
}
