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
        walk(root, at: "") { node, pointer in
            guard case .mapping(let mapping) = node else { return }
            if let ref = mapping.value(forKey: "$ref")?.string {
                diagnostics += check(ref: ref, at: pointer + "/$ref")
            }
            // An operationId directly under /paths/{path}/{method}.
            let parts = pointer.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count == 4, parts[1] == "paths", let id = mapping.value(forKey: "operationId")?.string {
                let here = pointer + "/operationId"
                if let first = operationIds[id] {
                    let firstLine = sourceMap.location(of: first)?.line ?? 0
                    diagnostics.append(sourceMap.diagnostic(
                        .error, "duplicate operationId '\(id)' (first used at line \(firstLine))", at: here,
                        hint: "give each operation a unique operationId"))
                } else {
                    operationIds[id] = here
                }
            }
        }
        return diagnostics
    }

    private func check(ref: String, at pointer: String) -> [Diagnostic] {
        guard ref.hasPrefix("#") else {
            return [sourceMap.diagnostic(
                .warning, "external reference '\(ref)' is not followed; its value is treated as any JSON value", at: pointer,
                hint: "move the referenced schema into components of this file")]
        }
        let target = String(ref.dropFirst())
        guard resolve(target) != nil else {
            return [sourceMap.diagnostic(
                .error, "$ref '\(ref)' points to nothing in this document", at: pointer,
                hint: "define \(target) or correct the reference")]
        }
        if let cycle = referenceCycle(from: String(pointer.dropLast("/$ref".count)), first: target) {
            return [sourceMap.diagnostic(
                .error, "$ref cycle with no value in it: \(cycle.map { "#" + $0 }.joined(separator: " -> "))", at: pointer,
                hint: "give one of these a schema of its own instead of a reference")]
        }
        return []
    }

    /// The chain of references from `origin` back to itself when each step is only a reference
    /// (`A: {$ref: B}`, `B: {$ref: A}`), which no value can ever satisfy; nil when the chain ends
    /// in a value or in a cycle `origin` is not part of (reported at its own members).
    private func referenceCycle(from origin: String, first: String) -> [String]? {
        var chain = [origin]
        var next = first
        while !chain.contains(next) {
            chain.append(next)
            guard case .mapping(let mapping)? = resolve(next), let ref = mapping.value(forKey: "$ref")?.string, ref.hasPrefix("#") else { return nil }
            next = String(ref.dropFirst())
        }
        return next == origin ? chain + [origin] : nil
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
