import Foundation

/// A value that reads itself from a parsed `JSONValue`. Generated models conform, so a body is
/// decoded member by member without Codable's containers; `JSONValueDecoder` hands a
/// conforming type its value directly. It accepts what `JSONValueDecoder` accepts, and its
/// errors are `DecodingError`s with the coding path of the value that did not fit.
public protocol JSONReadable: Decodable {
    /// Reads the value, or throws `DecodingError`.
    init(json: JSONValue) throws
}

/// The members of an object being read, by the names the spec gives them.
public struct JSONMembers {
    private let members: [String: JSONValue]

    /// The members of `json`, which must be an object (of `type`, for the message).
    public init(_ json: JSONValue, of type: Any.Type) throws {
        guard case .object(let members) = json else { throw JSONRead.mismatch(type, json) }
        self.members = members
    }

    /// The value of a member the type requires.
    public func value<T: JSONReadable>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = members[key] else { throw JSONRead.missing(key) }
        return try JSONRead.under(key) { try JSONRead.value(T.self, from: value) }
    }

    /// The value of a member the type requires, of a type that reads no JSON of its own.
    public func value<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T {
        guard let value = members[key] else { throw JSONRead.missing(key) }
        return try JSONRead.under(key) { try JSONRead.value(T.self, from: value) }
    }

    /// The value of an optional member: nil when it is absent or null.
    public func valueIfPresent<T: JSONReadable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        guard let value = members[key], value != .null else { return nil }
        return try JSONRead.under(key) { try JSONRead.value(T.self, from: value) }
    }

    /// The value of an optional member of a type that reads no JSON of its own.
    public func valueIfPresent<T: Decodable>(_ key: String, as type: T.Type = T.self) throws -> T? {
        guard let value = members[key], value != .null else { return nil }
        return try JSONRead.under(key) { try JSONRead.value(T.self, from: value) }
    }
}

/// Reading values of any type, and the errors of reading.
public enum JSONRead {
    /// A value of a type that reads its own JSON.
    public static func value<T: JSONReadable>(_ type: T.Type, from json: JSONValue) throws -> T {
        try T(json: json)
    }

    /// A value of a type that reads no JSON of its own, through `JSONValueDecoder`.
    public static func value<T: Decodable>(_ type: T.Type, from json: JSONValue) throws -> T {
        try JSONValueDecoder().decode(T.self, from: json)
    }

    /// A value found to be of another JSON type.
    public static func mismatch(_ type: Any.Type, _ json: JSONValue) -> DecodingError {
        .typeMismatch(type, .init(codingPath: [], debugDescription: "expected \(type), found \(json.typeName)"))
    }

    /// A value that fits its JSON type but is none the type allows.
    public static func corrupted(_ message: String) -> DecodingError {
        .dataCorrupted(.init(codingPath: [], debugDescription: message))
    }

    /// A member that fits its JSON type but is none the type allows.
    public static func corrupted(_ message: String, at key: String) -> DecodingError {
        corrupted(message).under([AnyCodingKey(key)])
    }

    static func missing(_ key: String) -> DecodingError {
        .keyNotFound(AnyCodingKey(key), .init(codingPath: [], debugDescription: "no value for \(key)"))
    }

    /// Runs `read`, putting `key` in front of the coding path of any error it throws.
    static func under<T>(_ key: any CodingKey, _ read: () throws -> T) throws -> T {
        do {
            return try read()
        } catch let error as DecodingError {
            throw error.under([key])
        }
    }

    static func under<T>(_ key: String, _ read: () throws -> T) throws -> T {
        try under(AnyCodingKey(key), read)
    }
}

extension DecodingError {
    /// The same error, deeper: `path` in front of its coding path.
    func under(_ path: [any CodingKey]) -> DecodingError {
        guard !path.isEmpty else { return self }
        func moved(_ context: Context) -> Context {
            Context(codingPath: path + context.codingPath, debugDescription: context.debugDescription, underlyingError: context.underlyingError)
        }
        switch self {
        case .typeMismatch(let type, let context): return .typeMismatch(type, moved(context))
        case .valueNotFound(let type, let context): return .valueNotFound(type, moved(context))
        case .keyNotFound(let key, let context): return .keyNotFound(key, moved(context))
        case .dataCorrupted(let context): return .dataCorrupted(moved(context))
        @unknown default: return self
        }
    }
}

// MARK: The types generated models are made of

extension String: JSONReadable {
    /// A JSON string.
    public init(json: JSONValue) throws {
        guard case .string(let text) = json else { throw JSONRead.mismatch(String.self, json) }
        self = text
    }
}

extension Bool: JSONReadable {
    /// `true` or `false`.
    public init(json: JSONValue) throws {
        guard case .bool(let flag) = json else { throw JSONRead.mismatch(Bool.self, json) }
        self = flag
    }
}

extension Double: JSONReadable {
    /// Any JSON number.
    public init(json: JSONValue) throws {
        switch json {
        case .integer(let number): self = Double(number)
        case .number(let number): self = number
        default: throw JSONRead.mismatch(Double.self, json)
        }
    }
}

extension Float: JSONReadable {
    /// Any JSON number, rounded to a Float.
    public init(json: JSONValue) throws {
        self = Float(try Double(json: json))
    }
}

/// Integers read as `JSONValueDecoder` reads them: a whole number that fits, written with or
/// without a fraction.
public protocol JSONReadableInteger: JSONReadable, FixedWidthInteger {}

extension JSONReadableInteger {
    /// A whole JSON number that fits the type.
    public init(json: JSONValue) throws {
        switch json {
        case .integer(let number):
            guard let value = Self(exactly: number) else { throw JSONRead.corrupted("out of range for \(Self.self)") }
            self = value
        case .number(let number):
            guard let value = Self(exactly: number) else { throw JSONRead.mismatch(Self.self, json) }
            self = value
        default:
            throw JSONRead.mismatch(Self.self, json)
        }
    }
}

extension Int: JSONReadableInteger {}
extension Int32: JSONReadableInteger {}
extension Int64: JSONReadableInteger {}

extension JSONValue: JSONReadable {
    /// The value as it is.
    public init(json: JSONValue) {
        self = json
    }
}

extension Optional: JSONReadable where Wrapped: JSONReadable {
    /// nil for `null`, else the value.
    public init(json: JSONValue) throws {
        self = json == .null ? nil : try Wrapped(json: json)
    }
}

extension Array: JSONReadable where Element: JSONReadable {
    /// The items in order.
    public init(json: JSONValue) throws {
        guard case .array(let items) = json else { throw JSONRead.mismatch([Element].self, json) }
        self = try items.enumerated().map { index, item in
            try JSONRead.under(AnyCodingKey(intValue: index)!) { try Element(json: item) }
        }
    }
}

extension Dictionary: JSONReadable where Key == String, Value: JSONReadable {
    /// The entries of an object.
    public init(json: JSONValue) throws {
        guard case .object(let members) = json else { throw JSONRead.mismatch([String: Value].self, json) }
        self = try members.reduce(into: [:]) { result, member in
            result[member.key] = try JSONRead.under(member.key) { try Value(json: member.value) }
        }
    }
}
