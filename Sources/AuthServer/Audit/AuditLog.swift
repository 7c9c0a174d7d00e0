import AuthEngine
import Foundation
import Logging
import Synchronization

/// The audit trail as JSON lines (`--audit FILE`, or `-` for standard output), one per event:
/// `{"brand":…,"code":…,"customer":…,"event":…,"operation":…,"time":…}`, with `channel` and
/// `provider` where an OTP went. Requests only hand events over: a thread of the log's own
/// writes them, so a slow or stalled disk never holds up a login, nor a thread of Swift's
/// concurrency pool that every request needs. A file is appended to and readable by its owner
/// only.
public final class AuditLog: AuditSink, @unchecked Sendable {
    private let pending = Pending()
    /// Rung when events arrive in an empty queue, and once more to stop.
    private let doorbell = DispatchSemaphore(value: 0)
    /// Signalled by the writer when it has written everything and stopped.
    private let stopped = DispatchSemaphore(value: 0)
    private let finishing = Finishing()

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
        let (pending, doorbell, stopped, finishing) = (pending, doorbell, stopped, finishing)
        let writer = Thread {
            while true {
                doorbell.wait()
                let events = pending.take()
                if !events.isEmpty { handle.write(Data(events.map(AuditLog.line).joined().utf8)) }
                if finishing.isSet, pending.isEmpty { break }
            }
            if pending.dropped > 0 { logger.error("audit events lost: the writer fell behind", metadata: ["lost": "\(pending.dropped)"]) }
            stopped.signal()
        }
        writer.name = "auth-server audit writer"
        writer.start()
    }

    /// Hands an event to the writer; never waits.
    public func record(_ event: AuditEvent) {
        if pending.add(event) { doorbell.signal() }
    }

    /// Writes what is still buffered, then stops; the server calls it when it shuts down. A
    /// second call returns at once.
    public func finish() async {
        guard finishing.set() else { return }
        doorbell.signal()
        let stopped = stopped
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // Waited for on a thread of its own, not on one of Swift's concurrency pool.
            Thread {
                stopped.wait()
                continuation.resume()
            }.start()
        }
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

    /// Whether `finish()` was called: the writer stops once the queue is empty.
    final class Finishing: Sendable {
        private let flag = Mutex(false)
        var isSet: Bool { flag.withLock { $0 } }
        /// Sets the flag; true for the call that set it.
        func set() -> Bool {
            flag.withLock { flag in
                defer { flag = true }
                return !flag
            }
        }
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

        var isEmpty: Bool { lock.withLock { events.isEmpty } }
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
