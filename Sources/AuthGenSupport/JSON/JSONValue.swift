import Foundation

/// Any JSON value, for schemas that allow anything and for validating raw bodies.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number written without fraction or exponent that fits in 64 bits.
    case integer(Int64)
    /// Any other number.
    case number(Double)
    /// A string.
    case string(String)
    /// An array, items in order.
    case array([JSONValue])
    /// An object, members by key.
    case object([String: JSONValue])

    /// The JSON type name used in validation messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Parses JSON bytes strictly, with the position of any error (see `JSONParser`).
    public init(json data: Data) throws(JSONParser.SyntaxError) {
        self = try JSONParser.parse(data)
    }

    /// Encodes any `Encodable` into its JSON value.
    public init(encoding value: some Encodable) throws {
        self = try JSONParser.parse(JSONCoding.encoder.encode(value))
    }
}

extension JSONValue: Codable {
    /// Reads any JSON value from a decoder, trying booleans, then integers, then other numbers.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Writes the JSON the value stands for.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// A coding key for any string, as generated oneOf decoders read a discriminator with.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    /// The key as text; an integer key is its decimal digits.
    public var stringValue: String
    /// The integer, when the key was made from one.
    public var intValue: Int?

    /// A key for the given text.
    public init(_ string: String) {
        stringValue = string
    }

    /// A key for the given text; never fails.
    public init?(stringValue: String) {
        self.stringValue = stringValue
    }

    /// A key for an array index; never fails.
    public init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
