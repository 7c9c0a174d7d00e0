import AuthEngine

/// Keeps every message it is handed; can be told to fail, to fail as a timeout would, or to
/// hold each message until released (a stalled gateway).
public actor RecordingSender: MessageSender {
    public private(set) var messages: [OTPMessage] = []
    public private(set) var attempts = 0
    private var failure: Failure?
    private var stalled = false

    public enum Failure: Sendable {
        /// The message certainly did not go out.
        case refused
        /// The message may have gone out (a gateway that timed out).
        case timedOut
    }

    public init() {}

    public func send(_ message: OTPMessage) async throws {
        attempts += 1
        while stalled { try await Task.sleep(for: .milliseconds(5)) }
        switch failure {
        case .refused?: throw DeliveryError()
        case .timedOut?: throw DeliveryUncertain(underlying: DeliveryError())
        case nil: messages.append(message)
        }
    }

    public func failing(_ failure: Failure?) { self.failure = failure }

    public func stall(_ stalled: Bool) { self.stalled = stalled }

    public struct DeliveryError: Error {}
}
