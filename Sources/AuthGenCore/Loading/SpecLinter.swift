import Foundation
import Yams

/// Checks that need the document as written: duplicate operationIds, `$ref`s that lead nowhere,
/// and constructs the generator does not support. Positions come straight from the parse tree.
struct SpecLinter {
    let root: Node
    let sourceMap: SourceMap

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var operationIds: [String: String] = [:]
        // Every reference with where it is: its target is looked up in the source map, which
        // holds every place in the document, never walked to (ten thousand took minutes).
        var refs: [(pointer: String, ref: String)] = []
        walk(root, at: "") { node, pointer in
            guard case .mapping(let mapping) = node else { return }
            if let ref = mapping.value(forKey: "$ref")?.string { refs.append((pointer, ref)) }
            // An operationId directly under /paths/{path}/{method}.
            let parts = pointer.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 4, parts[1] == "paths", let id = mapping.value(forKey: "operationId")?.string {
                let here = pointer + "/operationId"
                if let first = operationIds[id] {
                    let firstLine = sourceMap.location(of: first)?.line ?? 0
                    diagnostics.append(
                        sourceMap.diagnostic(
                            .error, "duplicate operationId '\(id)' (first used at line \(firstLine))", at: here,
                            hint: "give each operation a unique operationId"))
                } else {
                    operationIds[id] = here
                }
            }
        }
        // Where each value that is only a reference leads: its pointer -> the target's.
        var references: [String: String] = [:]
        for (pointer, ref) in refs {
            guard ref.hasPrefix("#") else {
                diagnostics.append(
                    sourceMap.diagnostic(
                        .warning, "external reference '\(ref)' is not followed; its value is treated as any JSON value", at: pointer + "/$ref",
                        hint: "move the referenced schema into components of this file"))
                continue
            }
            let target = Self.canonical(String(ref.dropFirst()))
            guard sourceMap.contains(target) || resolve(String(ref.dropFirst())) != nil else {
                diagnostics.append(
                    sourceMap.diagnostic(
                        .error, "$ref '\(ref)' points to nothing in this document", at: pointer + "/$ref",
                        hint: "define \(ref.dropFirst()) or correct the reference"))
                continue
            }
            references[pointer] = target
        }
        for (origin, cycle) in Self.cycles(references) {
            diagnostics.append(
                sourceMap.diagnostic(
                    .error, "$ref cycle with no value in it: \(cycle.map { "#" + $0 }.joined(separator: " -> "))", at: origin + "/$ref",
                    hint: "give one of these a schema of its own instead of a reference"))
        }
        return diagnostics
    }

    /// The references that lead only to each other (`A: {$ref: B}`, `B: {$ref: A}`), which no
    /// value can ever satisfy: each member of such a cycle with the cycle from it, back to itself.
    /// Each reference leads to one place, so every chain is followed once.
    static func cycles(_ references: [String: String]) -> [(String, [String])] {
        var finished: Set<String> = []
        var members: [(String, [String])] = []
        for start in references.keys.sorted() where !finished.contains(start) {
            var path: [String] = []
            var onPath: [String: Int] = [:]
            var node = start
            while let next = references[node], !finished.contains(node), onPath[node] == nil {
                onPath[node] = path.count
                path.append(node)
                node = next
            }
            if let first = onPath[node] {
                let cycle = Array(path[first...])
                for (index, member) in cycle.enumerated() {
                    members.append((member, Array(cycle[index...] + cycle[..<index]) + [member]))
                }
            }
            finished.formUnion(path)
        }
        return members
    }

    /// A reference's pointer spelled as the walk spells pointers: percent-decoded, then each
    /// token escaped, so `A%20B` and `A B` name the same place.
    static func canonical(_ pointer: String) -> String {
        pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { token in
            let key = SourceMap.unescape(token)
            return "/" + SourceMap.escape(key.utf8.contains(UInt8(ascii: "%")) ? key.removingPercentEncoding ?? key : key)
        }.joined()
    }

    private func resolve(_ pointer: String) -> Node? {
        var node: Node? = root
        for token in pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let key = SourceMap.unescape(token)
            let decoded = key.utf8.contains(UInt8(ascii: "%")) ? key.removingPercentEncoding ?? key : key
            switch node {
            case .mapping(let mapping)?: node = mapping.value(forKey: decoded)
            case .sequence(let sequence)?: node = Int(decoded).flatMap { $0 < sequence.count ? sequence[$0] : nil }
            default: return nil
            }
        }
        return node
    }

    private func walk(_ node: Node, at pointer: String, _ visit: (Node, String) -> Void) {
        visit(node, pointer)
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping { walk(value, at: pointer + "/" + SourceMap.escape(key.string ?? ""), visit) }
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() { walk(element, at: pointer + "/\(index)", visit) }
        case .scalar, .alias:
            break
        }
    }
}
