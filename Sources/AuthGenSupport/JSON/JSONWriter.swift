import Foundation

/// A value that writes its own JSON. Generated models conform, so the bodies a server answers
/// and a client sends are written member by member, without Codable's containers (those were
/// most of the cost of encoding a small body with `JSONEncoder`). The JSON is what
/// `JSONEncoder` writes with its default strategies and slashes unescaped.
public protocol JSONWritable: Encodable {
    /// Writes the value at the writer's current place.
    func writeJSON(to writer: inout JSONWriter) throws
}

/// JSON bytes written in order: objects and arrays opened and closed around their members.
public struct JSONWriter: Sendable {
    /// What has been written.
    public private(set) var bytes: [UInt8] = []
    /// Whether the next member or item is the first of its object or array.
    private var first = true

    /// An empty writer.
    public init() {
        bytes.reserveCapacity(128)
    }

    /// The JSON of one value.
    public static func data(_ value: some JSONWritable) throws -> Data {
        var writer = JSONWriter()
        try value.writeJSON(to: &writer)
        return Data(writer.bytes)
    }

    // MARK: Objects and arrays

    /// Opens an object.
    public mutating func beginObject() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    /// Closes the object opened last.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    /// Writes a member's key; its value comes next.
    public mutating func key(_ key: String) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    /// A member.
    public mutating func member(_ key: String, _ value: some JSONWritable) throws {
        self.key(key)
        try value.writeJSON(to: &self)
    }

    /// A member whose type writes no JSON of its own (a type override, a Foundation type):
    /// written by `JSONEncoder`.
    public mutating func member(_ key: String, _ value: some Encodable) throws {
        self.key(key)
        try encoded(value)
    }

    /// A member that is written as `null` when absent.
    public mutating func nullableMember<T: JSONWritable>(_ key: String, _ value: T?) throws {
        self.key(key)
        if let value { try value.writeJSON(to: &self) } else { null() }
    }

    /// A member that is written as `null` when absent, of a type that writes no JSON of its own.
    public mutating func nullableMember<T: Encodable>(_ key: String, _ value: T?) throws {
        self.key(key)
        if let value { try encoded(value) } else { null() }
    }

    /// A member that is left out when absent.
    public mutating func memberIfPresent<T: JSONWritable>(_ key: String, _ value: T?) throws {
        if let value { try member(key, value) }
    }

    /// A member that is left out when absent, of a type that writes no JSON of its own.
    public mutating func memberIfPresent<T: Encodable>(_ key: String, _ value: T?) throws {
        if let value { try member(key, value) }
    }

    /// Opens an array.
    public mutating func beginArray() {
        bytes.append(UInt8(ascii: "["))
        first = true
    }

    /// Closes the array opened last.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    /// An item of the array opened last.
    public mutating func item(_ value: some JSONWritable) throws {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        try value.writeJSON(to: &self)
    }

    // MARK: Values

    /// A value that writes its own JSON.
    public mutating func value(_ value: some JSONWritable) throws {
        try value.writeJSON(to: &self)
    }

    /// A value of a type that writes no JSON of its own.
    public mutating func value(_ value: some Encodable) throws {
        try encoded(value)
    }

    /// `null`.
    public mutating func null() {
        bytes.append(contentsOf: "null".utf8)
    }

    /// `true` or `false`.
    public mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// An integer.
    public mutating func integer(_ value: some BinaryInteger) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A finite number, integral ones without a fraction; infinity and NaN throw, as
    /// `JSONEncoder` does by default.
    public mutating func number(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: [], debugDescription: "\(value) is not a valid JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A string: quotes, backslashes and control characters escaped, everything else as it is.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0x0A: escape("n")
            case 0x0D: escape("r")
            case 0x09: escape("t")
            case 0x08: escape("b")
            case 0x0C: escape("f")
            case 0..<0x20:
                escape("u")
                bytes.append(contentsOf: "00".utf8)
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0x0F)])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func escape(_ letter: Unicode.Scalar) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: letter))
    }

    private mutating func encoded(_ value: some Encodable) throws {
        bytes.append(contentsOf: try JSONCoding.encoder.encode(value))
    }
}

// MARK: The types generated models are made of

extension String: JSONWritable {
    /// A JSON string.
    public func writeJSON(to writer: inout JSONWriter) { writer.string(self) }
}

extension Bool: JSONWritable {
    /// `true` or `false`.
    public func writeJSON(to writer: inout JSONWriter) { writer.bool(self) }
}

extension Int: JSONWritable {
    /// A JSON integer.
    public func writeJSON(to writer: inout JSONWriter) { writer.integer(self) }
}

extension Int32: JSONWritable {
    /// A JSON integer.
    public func writeJSON(to writer: inout JSONWriter) { writer.integer(self) }
}

extension Int64: JSONWritable {
    /// A JSON integer.
    public func writeJSON(to writer: inout JSONWriter) { writer.integer(self) }
}

extension Double: JSONWritable {
    /// A JSON number; infinity and NaN throw.
    public func writeJSON(to writer: inout JSONWriter) throws { try writer.number(self) }
}

extension Float: JSONWritable {
    /// A JSON number; infinity and NaN throw.
    public func writeJSON(to writer: inout JSONWriter) throws { try writer.number(Double(self)) }
}

extension Optional: JSONWritable where Wrapped: JSONWritable {
    /// The value, or `null`.
    public func writeJSON(to writer: inout JSONWriter) throws {
        if let self { try self.writeJSON(to: &writer) } else { writer.null() }
    }
}

extension Array: JSONWritable where Element: JSONWritable {
    /// A JSON array of the elements in order.
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginArray()
        for element in self { try writer.item(element) }
        writer.endArray()
    }
}

extension Dictionary: JSONWritable where Key == String, Value: JSONWritable {
    /// A JSON object of the entries.
    public func writeJSON(to writer: inout JSONWriter) throws {
        writer.beginObject()
        for (key, value) in self { try writer.member(key, value) }
        writer.endObject()
    }
}

extension JSONValue: JSONWritable {
    /// The value as it is.
    public func writeJSON(to writer: inout JSONWriter) throws {
        switch self {
        case .null: writer.null()
        case .bool(let flag): writer.bool(flag)
        case .integer(let number): writer.integer(number)
        case .number(let number): try writer.number(number)
        case .string(let text): writer.string(text)
        case .array(let items): try items.writeJSON(to: &writer)
        case .object(let members): try members.writeJSON(to: &writer)
        }
    }
}
