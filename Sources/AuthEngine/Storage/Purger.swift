import Foundation
import Logging

/// Deletes what is over (expired sessions and OTPs, finished counters) every `interval`, in
/// batches so that requests are never kept waiting behind one long statement.
public struct Purger: Sendable {
    public static let defaultInterval: Duration = .seconds(300)
    public static let defaultBatch = 500

    public let store: any AuthStore
    public var interval: Duration
    public var batch: Int
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: any AuthStore, interval: Duration = defaultInterval, batch: Int = defaultBatch,
        now: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "auth-purger")
    ) {
        self.store = store
        self.interval = interval
        self.batch = batch
        self.now = now
        self.logger = logger
    }

    /// Purges every `interval` until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
                let removed = try await purgeOnce()
                if removed > 0 { logger.debug("purged expired rows", metadata: ["rows": "\(removed)"]) }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("purge failed; will try again", metadata: ["error": "\(error)"])
            }
        }
    }

    /// One full purge, batch after batch; returns the rows removed.
    @discardableResult
    public func purgeOnce() async throws -> Int {
        let now = now()
        var total = 0
        while true {
            let removed = try await store.purgeExpired(at: now, batch: batch)
            total += removed
            guard removed > 0, !Task.isCancelled else { return total }
            await Task.yield()
        }
    }
}
