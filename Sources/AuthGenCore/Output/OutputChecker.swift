import Foundation

/// Compares a plan with what is on disk.
package enum OutputChecker {
    package enum Difference: Hashable, Sendable, CustomStringConvertible {
        /// The first line where the file on disk and a fresh generation part, and the unified
        /// diff from one to the other.
        case changed(String, line: Int, committed: String, generated: String, diff: String)
        case missing(String)
        /// On disk, but no longer generated.
        case stale(String)

        package var description: String {
            switch self {
            case .changed(let path, let line, let committed, let generated, let diff):
                "changed: \(path):\(line)\n    committed: \(Self.excerpt(committed))\n    generated: \(Self.excerpt(generated))\n\(diff)"
            case .missing(let path): "missing: \(path)"
            case .stale(let path): "stale:   \(path)"
            }
        }

        private static func excerpt(_ line: String) -> String {
            line.count > 120 ? line.prefix(117) + "..." : line
        }
    }

    /// Every file of the output that differs from disk, sorted by path.
    package static func differences(_ output: Generator.Plan.Output) -> [Difference] {
        let manager = FileManager.default
        let root = output.root.trimmingSuffix("/")
        var differences: [Difference] = []
        for (relative, text) in output.files {
            let path = root + "/" + relative
            guard let data = manager.contents(atPath: path) else {
                differences.append(.missing(path))
                continue
            }
            if data != Data(text.utf8) {
                differences.append(firstDifference(path, committed: String(decoding: data, as: UTF8.self), generated: text))
            }
        }
        if let enumerator = manager.enumerator(atPath: root) {
            while let relative = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                let exists = manager.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
                if exists, !isDirectory.boolValue, output.files[relative] == nil { differences.append(.stale(root + "/" + relative)) }
            }
        }
        return differences.sorted { $0.path < $1.path }
    }
}

extension OutputChecker {
    static func firstDifference(_ path: String, committed: String, generated: String) -> Difference {
        let old = committed.split(separator: "\n", omittingEmptySubsequences: false)
        let new = generated.split(separator: "\n", omittingEmptySubsequences: false)
        let index = zip(old, new).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(old.count, new.count)
        func line(_ lines: [Substring]) -> String { index < lines.count ? String(lines[index]) : "(end of file)" }
        let diff = UnifiedDiff.of(committed, generated, oldName: path + " (committed)", newName: path + " (generated)")
        return .changed(path, line: index + 1, committed: line(old), generated: line(new), diff: diff)
    }
}

extension OutputChecker.Difference {
    var path: String {
        switch self {
        case .changed(let path, _, _, _, _), .missing(let path), .stale(let path): path
        }
    }
}
