import Foundation
import Yams

/// Where each value of a parsed document starts in its file, by JSON pointer.
package struct SourceMap: Sendable, Equatable {
    package struct Location: Hashable, Sendable {
        package var line: Int
        package var column: Int
    }

    package let file: String
    private var locations: [String: Location] = [:]

    /// Walks the node tree once, recording the position of every value.
    init(file: String, root: Node) {
        self.file = file
        record(root, at: "")
    }

    private mutating func record(_ node: Node, at pointer: String) {
        if let mark = node.mark { locations[pointer] = Location(line: mark.line, column: mark.column) }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                record(value, at: pointer + "/" + Self.escape(key.string ?? "\(key)"))
            }
        case .sequence(let sequence):
            for (index, element) in sequence.enumerated() {
                record(element, at: pointer + "/\(index)")
            }
        case .scalar, .alias:
            break
        }
    }

    static func escape(_ token: String) -> String {
        // Checked on bytes: this runs for every key of the spec.
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// Whether the document has a value at exactly `pointer`.
    func contains(_ pointer: String) -> Bool {
        locations[pointer] != nil
    }

    /// The location of the value at `pointer`, or of its nearest enclosing value that has one.
    package func location(of pointer: String) -> Location? {
        var current = Substring(pointer)
        while true {
            if let location = locations[String(current)] { return location }
            guard let slash = current.lastIndex(of: "/") else { return nil }
            current = current[..<slash]
        }
    }

    /// A diagnostic positioned at `pointer`.
    package func diagnostic(
        _ severity: Diagnostic.Severity, _ message: String, at pointer: String, hint: String? = nil
    ) -> Diagnostic {
        let location = location(of: pointer)
        return Diagnostic(
            severity, message, file: file, line: location?.line ?? 0, column: location?.column ?? 0,
            pointer: pointer, hint: hint)
    }
}

extension SourceMap {
    /// The inverse of `escape`, for one token of a pointer.
    static func unescape(_ token: some StringProtocol) -> String {
        guard token.utf8.contains(UInt8(ascii: "~")) else { return String(token) }
        return token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
    }
}
