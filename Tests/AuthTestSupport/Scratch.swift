import Foundation
import Synchronization
import Testing

/// A new empty folder under the temporary directory.
public func temporaryFolder(_ prefix: String) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// The OTP in a message's text: its first run of 4 to 10 digits.
public func otp(in text: String) throws -> String {
    String(try #require(text.firstMatch(of: /\d{4,10}/), "no OTP in \(text)").output)
}

/// A value several tasks read and change.
public final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    public init(_ value: Value) {
        storage = Mutex(value)
    }

    public var value: Value {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }

    public func withLock<T>(_ body: (inout Value) -> T) -> T {
        storage.withLock { body(&$0) }
    }
}

/// Runs `count` tasks at once and returns their results in task order.
public func parallel<T: Sendable>(_ count: Int, _ work: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
    try await withThrowingTaskGroup(of: (Int, T).self) { group in
        for index in 0..<count { group.addTask { (index, try await work(index)) } }
        var results: [(Int, T)] = []
        for try await result in group { results.append(result) }
        return results.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// Runs blocking `work` (a read from a socket or a pipe) on a thread of its own: blocked on one
/// of the few threads of Swift's concurrency pool, it would stall every test running beside it.
public func onThreadOfItsOwn<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}
