/// The constraints of a JSON schema, as generated code declares them.
///
/// Generated validators are values of this type; `validate(_:)` checks a JSON value against
/// them and reports every issue with its JSON pointer.
public indirect enum Schema: Sendable {
    /// Anything at all.
    case any
    case null
    case boolean
    case integer(NumberRules = NumberRules())
    case number(NumberRules = NumberRules())
    case string(StringRules = StringRules())
    case array(Schema, ArrayRules = ArrayRules())
    case object(ObjectRules)
    /// `null` or the wrapped schema.
    case nullable(Schema)
    case allOf([Schema])
    case oneOf([Schema])
    case anyOf([Schema])
    /// A named schema, looked up lazily so that recursive schemas terminate.
    case ref(@Sendable () -> Schema)
}

/// Bounds of an integer or number.
public struct NumberRules: Sendable {
    public var minimum: Double?
    public var exclusiveMinimum: Bool
    public var maximum: Double?
    public var exclusiveMaximum: Bool
    public var multipleOf: Double?
    public var allowed: [Double]?

    public init(
        minimum: Double? = nil, exclusiveMinimum: Bool = false,
        maximum: Double? = nil, exclusiveMaximum: Bool = false,
        multipleOf: Double? = nil, allowed: [Double]? = nil
    ) {
        self.minimum = minimum
        self.exclusiveMinimum = exclusiveMinimum
        self.maximum = maximum
        self.exclusiveMaximum = exclusiveMaximum
        self.multipleOf = multipleOf
        self.allowed = allowed
    }
}

/// The string formats validators check; other formats are documentation only.
public enum StringFormat: String, Sendable {
    case email, uuid, date, dateTime = "date-time"
}

/// Constraints on a string.
public struct StringRules: Sendable {
    public var minLength: Int?
    public var maxLength: Int?
    /// An ECMA-262 regular expression the string must contain a match of.
    public var pattern: String?
    public var format: StringFormat?
    public var allowed: [String]?

    public init(
        minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil,
        format: StringFormat? = nil, allowed: [String]? = nil
    ) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.pattern = pattern
        self.format = format
        self.allowed = allowed
    }
}

/// Constraints on an array.
public struct ArrayRules: Sendable {
    public var minItems: Int?
    public var maxItems: Int?
    public var uniqueItems: Bool

    public init(minItems: Int? = nil, maxItems: Int? = nil, uniqueItems: Bool = false) {
        self.minItems = minItems
        self.maxItems = maxItems
        self.uniqueItems = uniqueItems
    }
}

/// One property of an object schema.
public struct Property: Sendable {
    public var name: String
    public var schema: Schema
    public var required: Bool

    public init(_ name: String, _ schema: Schema, required: Bool = false) {
        self.name = name
        self.schema = schema
        self.required = required
    }
}

/// What an object allows beyond its declared properties.
public enum AdditionalProperties: Sendable {
    case allowed
    case forbidden
    case matching(Schema)
}

/// Constraints on an object.
public struct ObjectRules: Sendable {
    public var properties: [Property]
    public var additionalProperties: AdditionalProperties
    public var minProperties: Int?
    public var maxProperties: Int?

    public init(
        properties: [Property] = [], additionalProperties: AdditionalProperties = .allowed,
        minProperties: Int? = nil, maxProperties: Int? = nil
    ) {
        self.properties = properties
        self.additionalProperties = additionalProperties
        self.minProperties = minProperties
        self.maxProperties = maxProperties
    }
}
