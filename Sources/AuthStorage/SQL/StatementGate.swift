import Synchronization

/// Lets statements run side by side on one connection, except while a transaction runs: a
/// transaction waits for the statements in flight, then runs alone, so no other request's
/// statement ever lands inside it. Statements queue behind a waiting transaction.
final class StatementGate: Sendable {
    private struct State {
        var running = 0
        var exclusive = false
        var waiting: [(exclusive: Bool, resume: CheckedContinuation<Void, Never>)] = []
    }

    private let state = Mutex(State())

    func shared<T>(_ body: () async throws -> T) async throws -> T {
        await enter(exclusive: false)
        defer { leave(exclusive: false) }
        return try await body()
    }

    func exclusive<T>(_ body: () async throws -> T) async throws -> T {
        await enter(exclusive: true)
        defer { leave(exclusive: true) }
        return try await body()
    }

    private func enter(exclusive: Bool) async {
        let admitted = state.withLock { state in
            let free = exclusive ? state.running == 0 && !state.exclusive : !state.exclusive
            guard free, state.waiting.isEmpty else { return false }
            if exclusive { state.exclusive = true } else { state.running += 1 }
            return true
        }
        if admitted { return }
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                // Freed while this task got here: take it now rather than queue.
                let free = exclusive ? state.running == 0 && !state.exclusive : !state.exclusive
                if free, state.waiting.isEmpty {
                    if exclusive { state.exclusive = true } else { state.running += 1 }
                    return true
                }
                state.waiting.append((exclusive, continuation))
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    private func leave(exclusive: Bool) {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if exclusive { state.exclusive = false } else { state.running -= 1 }
            // Admit waiters in order: one transaction once nothing runs, or every statement up to
            // the next waiting transaction.
            var ready: [CheckedContinuation<Void, Never>] = []
            while let next = state.waiting.first {
                if next.exclusive {
                    guard state.running == 0, !state.exclusive, ready.isEmpty else { break }
                    state.exclusive = true
                } else {
                    guard !state.exclusive else { break }
                    state.running += 1
                }
                ready.append(next.resume)
                state.waiting.removeFirst()
                if next.exclusive { break }
            }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }
}
