import Foundation

/// A value that travels as text in a path, query or header parameter (simple and form styles).
public protocol ParameterValue: Sendable {
    /// The text sent on the wire, before percent-encoding.
    var parameterText: String { get }
    /// Parses the wire text; nil when it is not a valid value.
    init?(parameterText: String)
}

extension String: ParameterValue {
    public var parameterText: String { self }
    public init?(parameterText: String) { self = parameterText }
}

extension Bool: ParameterValue {
    public var parameterText: String { self ? "true" : "false" }
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Int: ParameterValue {
    public var parameterText: String { String(self) }
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Int32: ParameterValue {
    public var parameterText: String { String(self) }
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Int64: ParameterValue {
    public var parameterText: String { String(self) }
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Double: ParameterValue {
    public var parameterText: String { String(self) }
    public init?(parameterText: String) { self.init(parameterText) }
}

extension Float: ParameterValue {
    public var parameterText: String { String(self) }
    public init?(parameterText: String) { self.init(parameterText) }
}

/// Generated string and integer enums are parameter values through their raw values.
extension ParameterValue where Self: RawRepresentable, RawValue: ParameterValue {
    public var parameterText: String { rawValue.parameterText }
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
