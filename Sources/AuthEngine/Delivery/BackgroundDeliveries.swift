import Foundation
import Synchronization

/// Messages sent after their request was answered (a USERNAME's, so the answer does not
/// depend on the customer or on the gateway's time). Shutdown waits for them.
final class BackgroundDeliveries: Sendable {
    private let running = Mutex<[UUID: Task<Void, Never>]>([:])

    func start(_ work: @escaping @Sendable () async -> Void) {
        let id = UUID()
        running.withLock { tasks in
            tasks[id] = Task { [weak self] in
                await work()
                self?.running.withLock { _ = $0.removeValue(forKey: id) }
            }
        }
    }

    /// Waits until every message started so far is delivered or has failed.
    func finish() async {
        while let task = running.withLock({ $0.values.first }) { await task.value }
    }
}
