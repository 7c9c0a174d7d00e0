import Foundation

/// An RFC 6901 JSON pointer, naming a place in a JSON document.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The unescaped reference tokens, outermost first.
    public private(set) var tokens: [String]

    /// The whole document.
    public static let root = JSONPointer(tokens: [])

    /// A pointer made of unescaped tokens, outermost first.
    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses an escaped pointer such as `/items/0/a~1b`.
    public init(_ string: String) {
        tokens = string.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            String($0).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    /// Parses a literal as `init(_:)` does, so `"/items/0"` can stand where a pointer is expected.
    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The pointer one level deeper.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    /// The pointer to an array item, one level deeper.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The escaped pointer, such as `/items/0/a~1b`; empty for the root.
    public var description: String {
        tokens.map { "/" + $0.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1") }.joined()
    }
}
