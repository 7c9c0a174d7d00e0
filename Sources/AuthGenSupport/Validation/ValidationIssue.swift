/// One problem found in a value, at a JSON pointer.
public struct ValidationIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Where the problem is, as a JSON pointer into the validated document.
    public var pointer: String
    /// What is wrong, in words.
    public var message: String

    public init(pointer: JSONPointer, message: String) {
        self.pointer = pointer.description
        self.message = message
    }

    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
}

/// Thrown when a value breaks its schema; carries every issue found, not only the first.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var issues: [ValidationIssue]

    public init(issues: [ValidationIssue]) {
        self.issues = issues
    }

    public var description: String {
        "validation failed:\n" + issues.map { "  \($0)" }.joined(separator: "\n")
    }
}
