import Foundation
import Synchronization

/// The sessions this process created or read lately. A session never changes once stored
/// (its attempt count lives beside it and is always counted in the store), so a cached copy is
/// as good as the store's, on one instance or many; it saves a store round trip on every
/// otp/generate and otp/validate. The oldest entries go first once `capacity` is reached.
final class SessionCache: Sendable {
    private struct State {
        var sessions: [String: SessionRecord] = [:]
        var order: [String] = []
        var oldest = 0
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int = 100_000) {
        self.capacity = capacity
    }

    func session(id: String) -> SessionRecord? {
        state.withLock { $0.sessions[id] }
    }

    func insert(_ session: SessionRecord) {
        state.withLock { state in
            guard state.sessions.updateValue(session, forKey: session.id) == nil else { return }
            state.order.append(session.id)
            if state.sessions.count > capacity {
                state.sessions[state.order[state.oldest]] = nil
                state.oldest += 1
            }
            // Drop the evicted prefix now and then rather than shifting the array each time.
            if state.oldest > capacity {
                state.order.removeFirst(state.oldest)
                state.oldest = 0
            }
        }
    }
}
