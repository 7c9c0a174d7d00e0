import Foundation

/// Writes a plan so that each output folder changes whole or not at all: every folder is first
/// written beside its target, and only when all are written are they swapped in.
public enum OutputWriter {
    public struct Summary: Sendable {
        public var written: [String] = []
        public var unchanged: [String] = []
    }

    public static func write(_ plan: Generator.Plan) throws -> Summary {
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
            for (relative, text) in output.files {
                let path = temporary + "/" + relative
                try manager.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            }
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
}
