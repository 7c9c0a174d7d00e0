/// A problem found in an input (spec, config, template, flags), with where it is and what to do.
package struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    package enum Severity: String, Sendable, Comparable {
        case warning, error

        package static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .warning && rhs == .error }
    }

    package var severity: Severity
    package var message: String
    /// The file the problem is in, as the user named it.
    package var file: String
    /// 1-based; 0 when unknown.
    package var line: Int
    package var column: Int
    /// The JSON pointer of the offending value, when the problem is inside a document.
    package var pointer: String?
    /// What to do about it.
    package var hint: String?

    package init(
        _ severity: Severity, _ message: String, file: String, line: Int = 0, column: Int = 0,
        pointer: String? = nil, hint: String? = nil
    ) {
        self.severity = severity
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.pointer = pointer
        self.hint = hint
    }

    /// `file:line:column: error: message (at /json/pointer)`, then the hint on its own line.
    package var description: String {
        var location = file
        if line > 0 { location += ":\(line):\(column)" }
        var text = "\(location): \(severity.rawValue): \(message)"
        if let pointer { text += " (at \(pointer.isEmpty ? "/" : pointer))" }
        if let hint { text += "\n    fix: \(hint)" }
        return text
    }
}

/// Thrown when nothing can be produced; carries every diagnostic found until then.
package struct GenerationFailure: Error, CustomStringConvertible {
    package var diagnostics: [Diagnostic]

    package init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    package init(_ diagnostic: Diagnostic) {
        self.diagnostics = [diagnostic]
    }

    package var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}

/// Where every stage reports the problems it recovered from, in the order found. A stage that
/// cannot go on throws instead; errors reported here stop the pipeline after their stage.
package struct DiagnosticCollector: Sendable, Equatable {
    package private(set) var diagnostics: [Diagnostic] = []

    package init() {}

    package mutating func report(_ found: [Diagnostic]) {
        diagnostics += found
    }

    /// Throws everything reported so far when any of it is an error.
    package func stopOnErrors() throws(GenerationFailure) {
        if diagnostics.contains(where: { $0.severity == .error }) { throw GenerationFailure(diagnostics) }
    }
}
