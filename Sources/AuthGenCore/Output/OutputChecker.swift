import Foundation

/// Compares a plan with what is on disk.
public enum OutputChecker {
    public enum Difference: Hashable, Sendable, CustomStringConvertible {
        case changed(String)
        case missing(String)
        /// On disk, but no longer generated.
        case stale(String)

        public var description: String {
            switch self {
            case .changed(let path): "changed: \(path)"
            case .missing(let path): "missing: \(path)"
            case .stale(let path): "stale:   \(path)"
            }
        }
    }

    /// Every file of the output that differs from disk, sorted by path.
    public static func differences(_ output: Generator.Plan.Output) -> [Difference] {
        let manager = FileManager.default
        let root = output.root.trimmingSuffix("/")
        var differences: [Difference] = []
        for (relative, text) in output.files {
            let path = root + "/" + relative
            guard let data = manager.contents(atPath: path) else {
                differences.append(.missing(path))
                continue
            }
            if data != Data(text.utf8) { differences.append(.changed(path)) }
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

extension OutputChecker.Difference {
    var path: String {
        switch self {
        case .changed(let path), .missing(let path), .stale(let path): path
        }
    }
}
