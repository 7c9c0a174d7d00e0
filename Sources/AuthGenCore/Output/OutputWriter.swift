import Foundation

/// Writes a plan so that each output folder changes whole or not at all: every folder is first
/// written beside its target, and only when all are written are they swapped in.
package enum OutputWriter {
    package struct Summary: Sendable {
        package var written: [String] = []
        package var unchanged: [String] = []
    }

    package static func write(_ plan: Generator.Plan) throws -> Summary {
        for output in plan.outputs {
            for path in output.files.keys where !isInside(path) {
                throw GenerationFailure(
                    Diagnostic(
                        .error, "refusing to write '\(path)': it is not a path inside the output folder", file: output.root,
                        hint: "a name in the spec became a path; report it with the spec"))
            }
        }
        let manager = FileManager.default
        var summary = Summary()
        var staged: [(target: String, temporary: String)] = []
        defer { for stage in staged { try? manager.removeItem(atPath: stage.temporary) } }
        for output in plan.outputs {
            if OutputChecker.differences(output).isEmpty {
                summary.unchanged.append(output.root)
                continue
            }
            let temporary = output.root.trimmingSuffix("/") + ".authgen-new-\(getpid())"
            try? manager.removeItem(atPath: temporary)
            staged.append((output.root, temporary))
            try writeFiles(output.files, under: temporary)
            summary.written.append(output.root)
        }
        for stage in staged {
            let old = stage.target.trimmingSuffix("/") + ".authgen-old-\(getpid())"
            let existed = manager.fileExists(atPath: stage.target)
            if existed { try manager.moveItem(atPath: stage.target, toPath: old) }
            do {
                try manager.createDirectory(atPath: (stage.target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try manager.moveItem(atPath: stage.temporary, toPath: stage.target)
            } catch {
                if existed { try? manager.moveItem(atPath: old, toPath: stage.target) }
                throw error
            }
            if existed { try? manager.removeItem(atPath: old) }
        }
        staged.removeAll()
        return summary
    }

    /// Whether a relative path names a file inside its output folder: no empty, `.` or `..`
    /// components, not absolute.
    static func isInside(_ path: String) -> Bool {
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        return !path.hasPrefix("/") && components.allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// Writes every file under `folder`, creating each directory once and writing on every
    /// core: a large spec is thousands of files, and creating them is most of a run.
    private static func writeFiles(_ files: [String: String], under folder: String) throws {
        let entries = Array(files)
        let directories = Set(entries.map { (folder + "/" + $0.key as NSString).deletingLastPathComponent })
        for directory in directories.sorted() {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let failure = FirstError()
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            do {
                try Data(entries[index].value.utf8).write(to: URL(fileURLWithPath: folder + "/" + entries[index].key))
            } catch {
                failure.record(error)
            }
        }
        if let error = failure.error { throw error }
    }
}

/// The first error of a concurrent loop.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var first: (any Error)?

    func record(_ error: any Error) {
        lock.withLock { if first == nil { first = error } }
    }

    var error: (any Error)? { lock.withLock { first } }
}
