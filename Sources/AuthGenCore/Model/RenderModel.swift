/// Everything the templates print, decided in Swift: names, types, optionality, docs.
/// Templates only loop over these values and print them.
package struct RenderModel: Sendable {
    package var spec: String
    package var title: String
    package var version: String
    package var access: String
    package var types: [TypeDeclaration]
    package var operations: [OperationModel]

    /// Every path with the methods its operations declare, in path order: the server answers
    /// the other methods with 405 and `Allow`.
    package var servedPaths: [(path: String, methods: [String])] {
        Dictionary(grouping: operations, by: \.path).map { ($0.key, Set($0.value.map { $0.method.uppercased() }).sorted()) }
            .sorted { $0.path < $1.path }
    }
}

/// A Swift type to declare: a struct, an enum or a typealias.
package struct TypeDeclaration: Sendable {
    package var name: String
    /// The name from the module's top level, `Outer.Inner` for nested types.
    package var qualifiedName: String
    package var doc: [String]
    package var access: String

    // Exactly one of these kinds is true.
    package var isStruct = false
    package var isStringEnum = false
    package var isIntEnum = false
    package var isOneOf = false
    package var isTypealias = false

    /// Struct members, in spec order.
    package var properties: [PropertyModel] = []
    package var hasProperties: Bool { !properties.isEmpty }
    /// Whether the struct needs hand-written Codable (defaults, or required nullable members).
    package var customCoding = false
    /// allOf / anyOf members that are not merged into properties: decoded from the same decoder.
    package var composedValues: [PropertyModel] = []
    package var hasComposedValues: Bool { !composedValues.isEmpty }

    /// Enum cases; for oneOf, each carries a payload type.
    package var cases: [EnumCase] = []
    /// oneOf with a discriminator: the property that selects the case.
    package var discriminatorProperty: String?

    /// For typealias: what it names.
    package var aliasTarget: String?

    /// Types declared inside this one, for inline schemas.
    package var nested: [TypeDeclaration] = []
    package var hasNested: Bool { !nested.isEmpty }
    /// The nested declarations rendered and indented, filled in by the generator.
    package var nestedSource = ""

    /// The validator: a Swift expression of type `Schema`.
    package var schema: String
    /// Whether the type conforms to `Validatable` (a typealias cannot).
    package var isValidatable: Bool { !isTypealias }

    /// The name used for this type's schema under `Schemas`.
    package var schemaName: String
}

package struct PropertyModel: Sendable {
    /// The key in JSON.
    package var jsonName: String
    /// The Swift identifier, escaped where it is a keyword.
    package var swiftName: String
    /// The CodingKeys case, never escaped-ambiguous.
    package var codingKey: String
    /// The Swift type, with `?` when optional.
    package var type: String
    /// The type without `?`.
    package var baseType: String
    package var isOptional: Bool
    /// Whether the member closes a cycle of types (see `Recursion`): stored in an `Indirect` box.
    package var isIndirect = false
    /// A required key whose value may be null: encoded as null rather than left out.
    package var isRequiredNullable: Bool
    /// A Swift literal the value takes when the key is absent.
    package var defaultValue: String?
    package var hasDefault: Bool { defaultValue != nil }
    package var doc: [String]
    package var isLast = false
    /// The JSON key as a literal when it differs from the coding key, for `case x = "..."`.
    package var codingKeyRaw: String?
    /// How the hand-written decoder reads this member.
    package var decodeExpression = ""
    /// How the hand-written encoder writes this member.
    package var encodeStatement = ""
    /// The memberwise-init default: ` = nil`, ` = <default>` or empty.
    package var initDefault: String {
        if let defaultValue { return " = \(defaultValue)" }
        return isOptional ? " = nil" : ""
    }
}

package struct EnumCase: Sendable {
    package var name: String
    /// For string enums, the raw value as a Swift literal; for int enums, the number.
    package var rawValue: String
    /// For oneOf, the payload type; for a discriminator, the values that select the case.
    package var payload: String?
    package var discriminatorValues: [String] = []
    /// Whether the payload closes a cycle of types (see `Recursion`): an `indirect case`.
    package var isIndirect = false
}
