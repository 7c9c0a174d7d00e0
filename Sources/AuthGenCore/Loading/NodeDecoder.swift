import Foundation
import OpenAPIKitCore
import Yams

/// Decodes `Decodable` values straight from a parsed YAML/JSON node tree.
///
/// Mapping keys keep their source order (OpenAPIKit's ordered dictionaries rely on it), lookups
/// are by hash, and quoted keys that look like numbers ("200", "1505") stay strings.
struct NodeDecoder {
    /// Whether example values (`example`, `examples/*/value`, schema `examples`) decode as null:
    /// only reference pages print them, and they are a quarter of decoding a large spec.
    var skipsExamples = false

    func decode<T: Decodable>(_ type: T.Type, from node: Node) throws -> T {
        try NodeDecoding(node: node, codingPath: [], skipsExamples: skipsExamples).value(T.self)
    }
}

private struct Key: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

private struct NodeDecoding: Decoder {
    let node: Node
    let codingPath: [any CodingKey]
    var skipsExamples = false
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    /// Decodes a value of `T` from this node. `AnyCodable` (every example and extension value)
    /// is built directly: its own decoder tries one type after another and catches each thrown
    /// mismatch, which was three quarters of decoding a large spec.
    func value<T: Decodable>(_ type: T.Type) throws -> T {
        if T.self == AnyCodable.self { return AnyCodable(skipsExamples && isExample ? NSNull() : node.anyValue) as! T }
        return try T(from: self)
    }

    /// An example value: under `example`, an Example object's `value`, or in a schema's `examples`.
    private var isExample: Bool {
        let count = codingPath.count
        guard count >= 1 else { return false }
        if codingPath[count - 1].stringValue == "example" { return true }
        guard count >= 2 else { return false }
        if codingPath[count - 2].stringValue == "examples", codingPath[count - 1].intValue != nil { return true }
        return count >= 3 && codingPath[count - 1].stringValue == "value" && codingPath[count - 3].stringValue == "examples"
    }

    func container<K: CodingKey>(keyedBy type: K.Type) throws -> KeyedDecodingContainer<K> {
        guard case .mapping(let mapping) = node else {
            throw DecodingError.typeMismatch(
                [String: Any].self, .init(codingPath: codingPath, debugDescription: "expected an object, found \(node.kindName)"))
        }
        return KeyedDecodingContainer(KeyedContainer<K>(mapping: mapping, codingPath: codingPath, skipsExamples: skipsExamples))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence) = node else {
            throw DecodingError.typeMismatch([Any].self, .init(codingPath: codingPath, debugDescription: "expected an array, found \(node.kindName)"))
        }
        return UnkeyedContainer(elements: Array(sequence), codingPath: codingPath, skipsExamples: skipsExamples)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(node: node, codingPath: codingPath, skipsExamples: skipsExamples)
    }
}

extension Node {
    fileprivate var kindName: String {
        switch self {
        case .mapping: "an object"
        case .sequence: "an array"
        case .scalar(let scalar): scalar.style == .plain && Self.isNull(scalar.string) ? "null" : "a scalar"
        case .alias: "an alias"
        }
    }

    fileprivate static func isNull(_ string: String) -> Bool {
        ["null", "Null", "NULL", "~", ""].contains(string)
    }

    fileprivate static func bool(_ string: String) -> Bool? {
        switch string {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// A number in any spelling YAML and JSON allow: 1.0 for an integer, 1e3 for a double.
    fileprivate static func number<T: LosslessStringConvertible>(_ string: String, as type: T.Type) -> T? {
        if let value = T(string) { return value }
        if let double = Double(string), double.isFinite, abs(double) < 9e18 {
            if let value = T(String(double)) { return value }
            if double.rounded() == double, let value = T(String(Int64(double))) { return value }
        }
        return nil
    }

    /// The value `AnyCodable(from:)` would decode: null, then Bool, Int, UInt, Double, String,
    /// array or dictionary, tried in that order.
    fileprivate var anyValue: any Sendable {
        switch self {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return scalar.string }
            let string = scalar.string
            if Self.isNull(string) { return NSNull() }
            if let bool = Self.bool(string) { return bool }
            if let int = Self.number(string, as: Int.self) { return int }
            if let uint = Self.number(string, as: UInt.self) { return uint }
            if let double = Self.number(string, as: Double.self) { return double }
            return string
        case .sequence(let sequence):
            return sequence.map(\.anyValue) as [any Sendable]
        case .mapping(let mapping):
            var dictionary: [String: any Sendable] = [:]
            for (key, value) in mapping { dictionary[key.string ?? ""] = value.anyValue }
            return dictionary
        case .alias:
            return "\(self)"
        }
    }
}

private struct KeyedContainer<K: CodingKey>: KeyedDecodingContainerProtocol {
    let codingPath: [any CodingKey]
    private let pairs: [(key: String, value: Node)]
    /// Built only for large mappings (components, paths): most objects have a handful of keys,
    /// which a scan finds faster than hashing.
    private let index: [String: Node]?
    private let skipsExamples: Bool

    init(mapping: Node.Mapping, codingPath: [any CodingKey], skipsExamples: Bool) {
        self.codingPath = codingPath
        self.skipsExamples = skipsExamples
        pairs = mapping.map { (key: $0.key.string ?? "", value: $0.value) }
        index = pairs.count > 12 ? Dictionary(pairs, uniquingKeysWith: { _, last in last }) : nil
    }

    /// The keys in source order, each once.
    var allKeys: [K] {
        var seen: Set<String> = []
        return pairs.compactMap { seen.insert($0.key).inserted ? K(stringValue: $0.key) : nil }
    }

    /// The value of `name`; the last one when a key repeats.
    private func value(_ name: String) -> Node? {
        if let index { return index[name] }
        return pairs.last { $0.key == name }?.value
    }

    func contains(_ key: K) -> Bool { value(key.stringValue) != nil }

    private func child(_ key: K) throws -> NodeDecoding {
        guard let node = value(key.stringValue) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key '\(key.stringValue)'"))
        }
        return NodeDecoding(node: node, codingPath: codingPath + [key], skipsExamples: skipsExamples)
    }

    func decodeNil(forKey key: K) throws -> Bool {
        guard let node = value(key.stringValue) else { return true }
        if case .scalar(let scalar) = node, scalar.style == .plain, Node.isNull(scalar.string) { return true }
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: K) throws -> T {
        try child(key).value(T.self)
    }

    func nestedContainer<N: CodingKey>(keyedBy type: N.Type, forKey key: K) throws -> KeyedDecodingContainer<N> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: K) throws -> any UnkeyedDecodingContainer {
        try child(key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { NodeDecoding(node: .mapping(Node.Mapping([])), codingPath: codingPath, skipsExamples: skipsExamples) }

    func superDecoder(forKey key: K) throws -> any Decoder { try child(key) }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [Node]
    let codingPath: [any CodingKey]
    let skipsExamples: Bool
    var currentIndex = 0
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    init(elements: [Node], codingPath: [any CodingKey], skipsExamples: Bool) {
        self.elements = elements
        self.codingPath = codingPath
        self.skipsExamples = skipsExamples
    }

    private mutating func next() throws -> NodeDecoding {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "no more elements"))
        }
        defer { currentIndex += 1 }
        return NodeDecoding(node: elements[currentIndex], codingPath: codingPath + [Key(intValue: currentIndex)], skipsExamples: skipsExamples)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, case .scalar(let scalar) = elements[currentIndex], scalar.style == .plain, Node.isNull(scalar.string) else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().value(T.self) }

    mutating func nestedContainer<N: CodingKey>(keyedBy type: N.Type) throws -> KeyedDecodingContainer<N> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let node: Node
    let codingPath: [any CodingKey]
    let skipsExamples: Bool

    private var scalar: Node.Scalar? {
        if case .scalar(let scalar) = node { return scalar }
        return nil
    }

    /// Cheap to build: OpenAPIKit decodes every example value by trying one type after another,
    /// so most of these errors are thrown only to be caught, thousands of times in a large spec.
    private func mismatch<T>(_ type: T.Type) -> DecodingError {
        DecodingError.typeMismatch(type, .init(codingPath: codingPath, debugDescription: MismatchDescription.text(type, found: node)))
    }

    func decodeNil() -> Bool {
        guard let scalar, scalar.style == .plain else { return false }
        return Node.isNull(scalar.string)
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard let scalar, scalar.style == .plain, let value = Node.bool(scalar.string) else { throw mismatch(type) }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        guard let scalar else { throw mismatch(type) }
        return scalar.string
    }

    private func number<T: LosslessStringConvertible>(_ type: T.Type) throws -> T {
        guard let scalar, scalar.style == .plain, let value = Node.number(scalar.string, as: T.self) else { throw mismatch(type) }
        return value
    }

    func decode(_ type: Double.Type) throws -> Double { try number(type) }
    func decode(_ type: Float.Type) throws -> Float { try number(type) }
    func decode(_ type: Int.Type) throws -> Int { try number(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try number(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try number(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try number(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try NodeDecoding(node: node, codingPath: codingPath, skipsExamples: skipsExamples).value(T.self)
    }
}

/// "expected Int, found 'abc'", with the common type names spelled out: interpolating a
/// metatype demangles its name, which dominated decoding of example-heavy specs.
private enum MismatchDescription {
    static func text<T>(_ type: T.Type, found node: Node) -> String {
        let name: String =
            switch type {
            case is Bool.Type: "Bool"
            case is String.Type: "String"
            case is Int.Type: "Int"
            case is UInt.Type: "UInt"
            case is Double.Type: "Double"
            default: "\(type)"
            }
        if case .scalar(let scalar) = node { return "expected " + name + ", found '" + scalar.string + "'" }
        return "expected " + name + ", found " + node.kindName
    }
}
