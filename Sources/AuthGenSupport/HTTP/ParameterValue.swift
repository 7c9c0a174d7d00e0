import Foundation

/// A value that travels as text in a path, query or header parameter (simple and form styles).
public protocol ParameterValue: Sendable {
    /// The text sent on the wire, before percent-encoding.
    var parameterText: String { get }
    /// Parses the wire text; nil when it is not a valid value.
    init?(parameterText: String)
}

extension String: ParameterValue {
    /// The string itself.
    public var parameterText: String { self }
    /// Any text is a valid string.
    public init?(parameterText: String) { self = parameterText }
}

extension Bool: ParameterValue {
    /// `true` or `false`.
    public var parameterText: String { self ? "true" : "false" }
    /// Accepts exactly `true` or `false`.
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Int: ParameterValue {
    /// Decimal digits, with a leading `-` when negative.
    public var parameterText: String { String(self) }
    /// Parses decimal digits with an optional sign; nil when out of range.
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Int32: ParameterValue {
    /// Decimal digits, with a leading `-` when negative.
    public var parameterText: String { String(self) }
    /// Parses decimal digits with an optional sign; nil when out of range.
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Int64: ParameterValue {
    /// Decimal digits, with a leading `-` when negative.
    public var parameterText: String { String(self) }
    /// Parses decimal digits with an optional sign; nil when out of range.
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Double: ParameterValue {
    /// Swift's shortest spelling that reads back the same, such as `0.1` or `1e-05`.
    public var parameterText: String { String(self) }
    /// Parses a finite JSON number (`-0.5`, `1e2`); not `nan`, `inf` or hexadecimal.
    public init?(parameterText: String) {
        guard let value = JSONNumberText.double(parameterText) else { return nil }
        self = value
    }
}

extension Float: ParameterValue {
    /// Swift's shortest spelling that reads back the same, such as `0.1` or `1e-05`.
    public var parameterText: String { String(self) }
    /// Parses a finite JSON number that fits a `Float`; not `nan`, `inf` or hexadecimal.
    public init?(parameterText: String) {
        guard let value = JSONNumberText.double(parameterText), Float(value).isFinite else { return nil }
        self = Float(value)
    }
}

/// Generated string and integer enums are parameter values through their raw values.
extension ParameterValue where Self: RawRepresentable, RawValue: ParameterValue {
    /// The raw value's text.
    public var parameterText: String { rawValue.parameterText }
    /// The case whose raw value the text spells; nil when none does.
    public init?(parameterText: String) {
        guard let raw = RawValue(parameterText: parameterText) else { return nil }
        self.init(rawValue: raw)
    }
}

/// How parameter values are spelled on the wire, shared by clients and servers.
public enum ParameterStyle {
    /// The items of a simple-style list (`a,b, c`): split at commas, blanks around them dropped.
    public static func simpleItems(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// A simple-style list of values.
    public static func simpleList(_ values: [some ParameterValue]) -> String {
        values.map(\.parameterText).joined(separator: ",")
    }
}
