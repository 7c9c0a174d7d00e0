import Foundation

/// Decodes `Decodable` values from a parsed `JSONValue`, so a body is read once: the strict
/// parser (which refuses duplicate keys) makes the value, the validator checks it, and the
/// typed value comes from the same tree, never from the bytes again.
public struct JSONValueDecoder: Sendable {
    /// A decoder; it has no options.
    public init() {}

    /// Decodes a `T` from the tree, throwing `DecodingError` with the coding path when it does not fit;
    /// a `JSONValue` is returned as it is.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try decoded(T.self, value, [])
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch([String: JSONValue].self, value, codingPath) }
        return KeyedDecodingContainer(KeyedContainer(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([JSONValue].self, value, codingPath) }
        return UnkeyedContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValue(value: value, codingPath: codingPath)
    }
}

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    .typeMismatch(type, .init(codingPath: path, debugDescription: "expected \(type), found \(value.typeName)"))
}

/// A value of the tree, at `path`, as a Swift value: the one place that chooses how. A generated
/// model reads itself, without Codable's containers; scalars convert here; anything else
/// decodes through the containers.
private func decoded<T: Decodable>(_ type: T.Type, _ value: JSONValue, _ path: [any CodingKey]) throws -> T {
    if let readable = T.self as? any JSONReadable.Type {
        do {
            return try readable.init(json: value) as! T
        } catch let error as DecodingError {
            throw error.under(path)
        }
    }
    if let value = value as? T { return value }
    switch (value, type) {
    case (.string(let text), is String.Type): return text as! T
    case (.bool(let flag), is Bool.Type): return flag as! T
    case (.integer(let number), is Double.Type): return Double(number) as! T
    case (.number(let number), is Double.Type): return number as! T
    case (.integer(let number), is Float.Type): return Float(number) as! T
    case (.number(let number), is Float.Type): return Float(number) as! T
    default: break
    }
    if let integer = T.self as? any FixedWidthInteger.Type {
        let converted: (any FixedWidthInteger)? =
            switch value {
            case .integer(let number): integer.init(exactly: number)
            case .number(let number): integer.init(exactly: number)
            default: nil
            }
        guard let converted else {
            if case .integer = value { throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: "out of range for \(type)")) }
            throw mismatch(type, value, path)
        }
        return converted as! T
    }
    return try T(from: ValueDecoder(value: value, codingPath: path))
}

private struct SingleValue: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try decoded(type, value, codingPath) }
    func decode(_ type: String.Type) throws -> String { try decoded(type, value, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try decoded(type, value, codingPath) }
    func decode(_ type: Float.Type) throws -> Float { try decoded(type, value, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try decoded(type, value, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoded(type, value, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoded(type, value, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoded(type, value, codingPath) }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { object.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(_ key: Key) throws -> JSONValue {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key) == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoded(type, try value(key), codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let value = object[key.stringValue], value != .null else { return nil }
        return try decoded(type, value, codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(object), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: object[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (JSONValue, [any CodingKey]) {
        let path = codingPath + [AnyCodingKey(intValue: currentIndex)!]
        guard !isAtEnd else { throw DecodingError.valueNotFound(JSONValue.self, .init(codingPath: path, debugDescription: "the array ends")) }
        defer { currentIndex += 1 }
        return (items[currentIndex], path)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (value, path) = try next()
        return try decoded(type, value, path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, path) = try next()
        return try ValueDecoder(value: value, codingPath: path).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, path) = try next()
        return ValueDecoder(value: value, codingPath: path)
    }
}
