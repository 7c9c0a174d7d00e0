import Foundation
import Yams

/// Reads one mapping of a configuration file, remembering which keys it used so the rest can
/// be reported as unknown (a misspelt key must not be silently ignored). Problems name the key
/// path and the file position.
final class ConfigurationReader {
    let file: String
    private(set) var problems: [String] = []
    /// Where each key path was read, to place problems found after reading.
    private(set) var positions: [String: Mark] = [:]
    /// Key paths that already have a problem: one message per key is enough.
    private(set) var keysWithProblems: Set<String> = []

    /// Where `{env: NAME}` secrets are read from.
    let environment: [String: String]

    init(file: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.file = file
        self.environment = environment
    }

    func problem(_ path: String, _ message: String, at mark: Mark? = nil) {
        let place = (mark ?? positions[path]).map { "\(file):\($0.line):\($0.column): " } ?? "\(file): "
        problems.append("\(place)\(path): \(message)")
        keysWithProblems.insert(path)
    }

    func section(_ node: Node?, path: String) -> Section? {
        guard let node else { return nil }
        guard case .mapping(let mapping) = node else {
            problem(path, "must be a mapping", at: node.mark)
            return nil
        }
        return Section(reader: self, path: path, mapping: mapping, mark: node.mark)
    }

    func noted(_ path: String, _ node: Node) {
        if let mark = node.mark { positions[path] = mark }
    }

    /// One mapping; read its keys, then call `finish()` to report the keys nobody read.
    final class Section {
        let reader: ConfigurationReader
        let path: String
        let mapping: Node.Mapping
        let mark: Mark?
        private var used: Set<String> = []

        init(reader: ConfigurationReader, path: String, mapping: Node.Mapping, mark: Mark?) {
            self.reader = reader
            self.path = path
            self.mapping = mapping
            self.mark = mark
        }

        func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        /// Keys as written, in file order.
        var keys: [String] { mapping.compactMap { $0.key.string } }

        func node(_ key: String) -> Node? {
            used.insert(key)
            var found: Node?
            for (candidate, value) in mapping where candidate.string == key { found = value }
            if let found { reader.noted(keyPath(key), found) }
            return found
        }

        func string(_ key: String) -> String? {
            guard let node = node(key) else { return nil }
            guard case .scalar(let scalar) = node else {
                reader.problem(keyPath(key), "must be text", at: node.mark)
                return nil
            }
            return scalar.string
        }

        func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? {
            guard let text = string(key) else { return nil }
            guard let value = Int(text) else {
                reader.problem(keyPath(key), "must be a whole number, is \(text)")
                return nil
            }
            if let range, !range.contains(value) {
                reader.problem(keyPath(key), "must be \(range.lowerBound) to \(range.upperBound), is \(value)")
                return nil
            }
            return value
        }

        /// A whole number, or `off` (also YAML's null) to turn a setting off: nil when the key
        /// is absent, `.some(nil)` when it is off.
        func optionalInt(_ key: String) -> Int?? {
            guard let node = node(key) else { return nil }
            if case .scalar(let scalar) = node, ["off", "null", "~", ""].contains(scalar.string.lowercased()) { return .some(nil) }
            guard let value = int(key) else { return nil }
            return .some(value)
        }

        func bool(_ key: String) -> Bool? {
            guard let text = string(key) else { return nil }
            switch text.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default:
                reader.problem(keyPath(key), "must be true or false, is \(text)")
                return nil
            }
        }

        func strings(_ key: String) -> [String]? {
            guard let node = node(key) else { return nil }
            guard case .sequence(let sequence) = node else {
                reader.problem(keyPath(key), "must be a list", at: node.mark)
                return nil
            }
            return sequence.compactMap { item in
                guard let text = item.string, case .scalar = item else {
                    reader.problem(keyPath(key), "every item must be text", at: item.mark)
                    return nil
                }
                return text
            }
        }

        func section(_ key: String) -> Section? {
            reader.section(node(key), path: keyPath(key))
        }

        /// A value of `choices` by its raw value.
        func choice<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) -> T? where T.RawValue == String {
            guard let text = string(key) else { return nil }
            guard let value = T(rawValue: text) else {
                reader.problem(keyPath(key), "must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), is \(text)")
                return nil
            }
            return value
        }

        /// A secret, never written in the file itself: `{env: NAME}` or `{file: PATH}`.
        func secret(_ key: String) -> String? {
            guard let section = section(key) else { return nil }
            defer { section.finish() }
            let env = section.string("env")
            let file = section.string("file")
            switch (env, file) {
            case (let name?, nil):
                guard let value = reader.environment[name], !value.isEmpty else {
                    reader.problem(keyPath(key), "environment variable \(name) is not set")
                    return nil
                }
                return value
            case (nil, let path?):
                do {
                    // A secret everyone can read is no secret: refused, as a readable key file is. The
                    // file a link leads to is what counts (Kubernetes mounts secrets behind links), and
                    // its group may read it (Kubernetes' fsGroup), not write it.
                    var status = stat()
                    if stat(path, &status) == 0, status.st_mode & 0o027 != 0 {
                        let mode = String(status.st_mode & 0o777, radix: 8)
                        reader.problem(keyPath(key), "\(path) can be read or changed by others (mode \(mode)); chmod 600 it")
                        return nil
                    }
                    return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                } catch {
                    reader.problem(keyPath(key), "cannot read \(path): \(error.localizedDescription)")
                    return nil
                }
            default:
                reader.problem(keyPath(key), "give exactly one of env (a variable name) or file (a path)")
                return nil
            }
        }

        /// Reports every key of this mapping that was not read.
        func finish() {
            for (key, _) in mapping {
                guard let name = key.string, !used.contains(name) else { continue }
                reader.problem(keyPath(name), "unknown key", at: key.mark)
            }
        }
    }
}
