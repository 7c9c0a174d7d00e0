import Foundation

/// Runs two independent pieces of work at once, one per core, and returns both results.
func concurrently<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            // Each slot is written by exactly one iteration and read after both finish.
            nonisolated(unsafe) var a: A?
            nonisolated(unsafe) var b: B?
            nonisolated(unsafe) let work = (first, second)
            DispatchQueue.concurrentPerform(iterations: 2) { index in
                if index == 0 { a = work.0() } else { b = work.1() }
            }
            return (a!, b!)
        }
    }
}
