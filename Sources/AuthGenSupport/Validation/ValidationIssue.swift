/// One problem found in a value, at a JSON pointer.
public struct ValidationIssue: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Where the problem is, as a JSON pointer into the validated document.
    public var pointer: String
    /// What is wrong, in words.
    public var message: String

    /// An issue at `pointer`, stored as the escaped pointer text.
    public init(pointer: JSONPointer, message: String) {
        self.pointer = pointer.description
        self.message = message
    }

    /// `pointer: message`, with `/` for the root.
    public var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
}

/// Thrown when a value breaks its schema; carries every issue found, not only the first.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Every issue found, in the order validation met them.
    public var issues: [ValidationIssue]

    /// An error for the issues one validation found.
    public init(issues: [ValidationIssue]) {
        self.issues = issues
    }

    /// A first line, then one indented line per issue.
    public var description: String {
        "validation failed:\n" + issues.map { "  \($0)" }.joined(separator: "\n")
    }
}
