import AuthEngine
import AuthGenSupport
import Foundation
import Logging

/// The audit trail as JSON lines (`--audit FILE`, or `-` for standard output), one per event:
/// `{"brand":…,"code":…,"customer":…,"event":…,"operation":…,"time":…}`, with `channel` and
/// `provider` where an OTP went. Requests only hand events over: a task writes them, so a slow disk never holds
/// up a login. A file is appended to and readable by its owner only.
public final class AuditLog: AuditSink {
    private let continuation: AsyncStream<AuditEvent>.Continuation
    private let writer: Task<Void, Never>
    private let dropped = Counter()

    /// Opens (or creates) the file at `path`, or standard output for `-`.
    public init(path: String, logger: Logger) throws {
        let handle: FileHandle
        if path == "-" {
            handle = .standardOutput
        } else {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw AuditLogUnavailable(path: path, reason: String(cString: strerror(errno))) }
            handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        }
        // Bounded: a writer that cannot keep up loses the oldest lines, and says how many.
        let (stream, continuation) = AsyncStream<AuditEvent>.makeStream(bufferingPolicy: .bufferingNewest(100_000))
        self.continuation = continuation
        let dropped = dropped
        writer = Task.detached {
            for await event in stream {
                handle.write(Data(AuditLog.line(event).utf8))
            }
            if dropped.value > 0 { logger.error("audit events lost: the writer fell behind", metadata: ["lost": "\(dropped.value)"]) }
        }
    }

    /// Hands an event to the writer; never waits.
    public func record(_ event: AuditEvent) {
        if case .dropped = continuation.yield(event) { dropped.increment() }
    }

    /// Writes what is still buffered, then stops; the server calls it when it shuts down.
    public func finish() async {
        continuation.finish()
        await writer.value
    }

    /// One event as a line of JSON, keys sorted.
    static func line(_ event: AuditEvent) -> String {
        var object: [String: JSONValue] = [
            "time": .string(event.time.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true))),
            "event": .string(event.kind.rawValue),
            "operation": .string(event.operation.rawValue),
            "brand": .string(event.brand),
            "code": .integer(Int64(event.code)),
        ]
        if let customer = event.customer { object["customer"] = .string(customer) }
        if let channel = event.channel { object["channel"] = .string(channel) }
        if let provider = event.provider { object["provider"] = .string(provider) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(JSONValue.object(object))).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }

    /// Events the buffer had no room for.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}

/// The audit file cannot be opened: start-up stops rather than run without a trail.
public struct AuditLogUnavailable: Error, CustomStringConvertible {
    /// The path as configured.
    public var path: String
    /// What the system said.
    public var reason: String
    /// `audit file PATH cannot be opened: REASON`.
    public var description: String { "audit file \(path) cannot be opened: \(reason)" }
}
