/// Everything the templates print, decided in Swift: names, types, optionality, docs.
/// Templates only loop over these values and print them.
public struct RenderModel: Sendable {
    public var spec: String
    public var title: String
    public var version: String
    public var access: String
    public var types: [TypeDeclaration]
    public var operations: [OperationModel]

    /// Every path with the methods its operations declare, in path order: the server answers
    /// the other methods with 405 and `Allow`.
    public var servedPaths: [(path: String, methods: [String])] {
        Dictionary(grouping: operations, by: \.path).map { ($0.key, Set($0.value.map { $0.method.uppercased() }).sorted()) }
            .sorted { $0.path < $1.path }
    }
}

/// A Swift type to declare: a struct, an enum or a typealias.
public struct TypeDeclaration: Sendable {
    public var name: String
    /// The name from the module's top level, `Outer.Inner` for nested types.
    public var qualifiedName: String
    public var doc: [String]
    public var access: String

    // Exactly one of these kinds is true.
    public var isStruct = false
    public var isStringEnum = false
    public var isIntEnum = false
    public var isOneOf = false
    public var isTypealias = false

    /// Struct members, in spec order.
    public var properties: [PropertyModel] = []
    public var hasProperties: Bool { !properties.isEmpty }
    /// Whether the struct needs hand-written Codable (defaults, or required nullable members).
    public var customCoding = false
    /// allOf / anyOf members that are not merged into properties: decoded from the same decoder.
    public var composedValues: [PropertyModel] = []
    public var hasComposedValues: Bool { !composedValues.isEmpty }

    /// Enum cases; for oneOf, each carries a payload type.
    public var cases: [EnumCase] = []
    /// oneOf with a discriminator: the property that selects the case.
    public var discriminatorProperty: String?

    /// For typealias: what it names.
    public var aliasTarget: String?

    /// Types declared inside this one, for inline schemas.
    public var nested: [TypeDeclaration] = []
    public var hasNested: Bool { !nested.isEmpty }
    /// The nested declarations rendered and indented, filled in by the generator.
    public var nestedSource = ""

    /// The validator: a Swift expression of type `Schema`.
    public var schema: String
    /// Whether the type conforms to `Validatable` (a typealias cannot).
    public var isValidatable: Bool { !isTypealias }

    /// The name used for this type's schema under `Schemas`.
    public var schemaName: String
}

public struct PropertyModel: Sendable {
    /// The key in JSON.
    public var jsonName: String
    /// The Swift identifier, escaped where it is a keyword.
    public var swiftName: String
    /// The CodingKeys case, never escaped-ambiguous.
    public var codingKey: String
    /// The Swift type, with `?` when optional.
    public var type: String
    /// The type without `?`.
    public var baseType: String
    public var isOptional: Bool
    /// Whether the member closes a cycle of types (see `Recursion`): stored in an `Indirect` box.
    public var isIndirect = false
    /// A required key whose value may be null: encoded as null rather than left out.
    public var isRequiredNullable: Bool
    /// A Swift literal the value takes when the key is absent.
    public var defaultValue: String?
    public var hasDefault: Bool { defaultValue != nil }
    public var doc: [String]
    public var isLast = false
    /// The JSON key as a literal when it differs from the coding key, for `case x = "..."`.
    public var codingKeyRaw: String?
    /// How the hand-written decoder reads this member.
    public var decodeExpression = ""
    /// How the hand-written encoder writes this member.
    public var encodeStatement = ""
    /// The memberwise-init default: ` = nil`, ` = <default>` or empty.
    public var initDefault: String {
        if let defaultValue { return " = \(defaultValue)" }
        return isOptional ? " = nil" : ""
    }
}

public struct EnumCase: Sendable {
    public var name: String
    /// For string enums, the raw value as a Swift literal; for int enums, the number.
    public var rawValue: String
    /// For oneOf, the payload type; for a discriminator, the values that select the case.
    public var payload: String?
    public var discriminatorValues: [String] = []
    /// Whether the payload closes a cycle of types (see `Recursion`): an `indirect case`.
    public var isIndirect = false
}
