/// The constraints of a JSON schema, as generated code declares them.
///
/// Generated validators are values of this type; `validate(_:)` checks a JSON value against
/// them and reports every issue with its JSON pointer.
public indirect enum Schema: Sendable {
    /// Anything at all.
    case any
    /// Only `null`.
    case null
    /// `true` or `false`.
    case boolean
    /// A whole number within the rules.
    case integer(NumberRules = NumberRules())
    /// Any number within the rules.
    case number(NumberRules = NumberRules())
    /// A string within the rules.
    case string(StringRules = StringRules())
    /// An array whose every item matches the schema, within the rules.
    case array(Schema, ArrayRules = ArrayRules())
    /// An object with the given properties and limits.
    case object(ObjectRules)
    /// `null` or the wrapped schema.
    case nullable(Schema)
    /// Every one of the schemas.
    case allOf([Schema])
    /// Exactly one of the schemas.
    case oneOf([Schema])
    /// At least one of the schemas.
    case anyOf([Schema])
    /// A named schema, looked up lazily so that recursive schemas terminate.
    case ref(@Sendable () -> Schema)
}

/// Bounds of an integer or number.
public struct NumberRules: Sendable {
    /// The lowest value allowed; nil for no lower bound.
    public var minimum: Double?
    /// Whether `minimum` itself is refused.
    public var exclusiveMinimum: Bool
    /// The highest value allowed; nil for no upper bound.
    public var maximum: Double?
    /// Whether `maximum` itself is refused.
    public var exclusiveMaximum: Bool
    /// The value must be a whole multiple of this; zero or less is ignored.
    public var multipleOf: Double?
    /// The only values allowed, when the spec lists an enum.
    public var allowed: [Double]?

    /// Bounds as the spec declares them; each defaults to none.
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
    /// The formats, with their raw values as the spec spells them.
    case email, uuid, date, dateTime = "date-time"
}

/// Constraints on a string.
public struct StringRules: Sendable {
    /// The fewest characters allowed, counted in Unicode scalars.
    public var minLength: Int?
    /// The most characters allowed, counted in Unicode scalars.
    public var maxLength: Int?
    /// An ECMA-262 regular expression the string must contain a match of.
    public var pattern: String?
    /// A format the string must be valid in.
    public var format: StringFormat?
    /// The only values allowed, when the spec lists an enum.
    public var allowed: [String]?

    /// Constraints as the spec declares them; each defaults to none.
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
    /// The fewest items allowed.
    public var minItems: Int?
    /// The most items allowed.
    public var maxItems: Int?
    /// Whether two equal items are refused.
    public var uniqueItems: Bool

    /// Constraints as the spec declares them; each defaults to none.
    public init(minItems: Int? = nil, maxItems: Int? = nil, uniqueItems: Bool = false) {
        self.minItems = minItems
        self.maxItems = maxItems
        self.uniqueItems = uniqueItems
    }
}

/// One property of an object schema.
public struct Property: Sendable {
    /// The key in the JSON object.
    public var name: String
    /// What the property's value must satisfy.
    public var schema: Schema
    /// Whether the key must be present.
    public var required: Bool

    /// A property, optional unless `required`.
    public init(_ name: String, _ schema: Schema, required: Bool = false) {
        self.name = name
        self.schema = schema
        self.required = required
    }
}

/// What an object allows beyond its declared properties.
public enum AdditionalProperties: Sendable {
    /// Any other key, with any value.
    case allowed
    /// No other key.
    case forbidden
    /// Other keys, each value matching the schema.
    case matching(Schema)
}

/// Constraints on an object.
public struct ObjectRules: Sendable {
    /// The declared properties.
    public var properties: [Property]
    /// What keys other than the declared ones may hold.
    public var additionalProperties: AdditionalProperties
    /// The fewest members allowed.
    public var minProperties: Int?
    /// The most members allowed.
    public var maxProperties: Int?

    /// Constraints as the spec declares them; by default, any object.
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
