import AuthEngine
import Foundation
import Logging

/// The audit trail as JSON lines (`--audit FILE`, or `-` for standard output), one per event:
/// `{"brand":…,"code":…,"customer":…,"event":…,"operation":…,"time":…}`, with `channel` and
/// `provider` where an OTP went. Requests only hand events over: a task writes them, so a slow disk
/// never holds up a login. A file is appended to and readable by its owner only.
public final class AuditLog: AuditSink {
    private let pending = Pending()
    private let doorbell: AsyncStream<Void>.Continuation
    private let writer: Task<Void, Never>

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
        // Events wait in `pending`; the doorbell wakes the writer once for all that arrived
        // while it was busy, and it writes them in one call: under load, one wake-up and one
        // write per batch instead of per event.
        let (doorbell, ring) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.doorbell = ring
        let pending = pending
        writer = Task.detached {
            for await _ in doorbell {
                let events = pending.take()
                if !events.isEmpty { handle.write(Data(events.map(AuditLog.line).joined().utf8)) }
            }
            if pending.dropped > 0 { logger.error("audit events lost: the writer fell behind", metadata: ["lost": "\(pending.dropped)"]) }
        }
    }

    /// Hands an event to the writer; never waits.
    public func record(_ event: AuditEvent) {
        if pending.add(event) { doorbell.yield() }
    }

    /// Writes what is still buffered, then stops; the server calls it when it shuts down.
    public func finish() async {
        doorbell.yield()
        doorbell.finish()
        await writer.value
    }

    /// One event as a line of JSON, keys sorted. Written by hand: JSONEncoder, with a wake-up per
    /// event, cost otp/generate 15–25 % of its rate on two cores.
    static func line(_ event: AuditEvent) -> String {
        var line = "{"
        line.reserveCapacity(256)
        var separator = ""
        func member(_ key: String, _ value: String?, quoted: Bool = true) {
            guard let value else { return }
            line += separator + "\"" + key + "\":" + (quoted ? JSONLine.quoted(value) : value)
            separator = ","
        }
        member("brand", event.brand)
        member("channel", event.channel)
        member("code", String(event.code), quoted: false)
        member("customer", event.customer)
        member("event", event.kind.rawValue)
        member("operation", event.operation.rawValue)
        member("provider", event.provider)
        member("time", JSONLine.timestamp(event.time))
        return line + "}\n"
    }

    /// The events not written yet. Bounded: a writer that cannot keep up loses the newest
    /// events beyond `capacity`, and says how many when it stops.
    final class Pending: @unchecked Sendable {
        private let lock = NSLock()
        private let capacity: Int
        private var events: [AuditEvent] = []
        private var lost = 0

        init(capacity: Int = 100_000) { self.capacity = capacity }

        /// Adds an event; true when the writer must be woken (it had nothing to do).
        func add(_ event: AuditEvent) -> Bool {
            lock.withLock {
                guard events.count < capacity else {
                    lost += 1
                    return false
                }
                events.append(event)
                return events.count == 1
            }
        }

        /// Every event waiting, oldest first, leaving none.
        func take() -> [AuditEvent] {
            lock.withLock {
                let taken = events
                events = []
                return taken
            }
        }

        var dropped: Int { lock.withLock { lost } }
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
