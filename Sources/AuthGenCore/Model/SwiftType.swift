/// The access level of every generated declaration.
package enum AccessLevel: String, Sendable, Hashable, CaseIterable {
    case `public`, package, `internal`
}

/// A Swift type as the model names it. Only `SwiftSnippets` spells it.
package indirect enum SwiftType: Sendable, Hashable {
    /// A type of the standard library, Foundation or AuthGenSupport that a schema maps to.
    case builtin(Builtin)
    /// A type the generator declares, qualified from the module's top level: `Pet`, `Pet.Owner`.
    case named(String)
    /// `[Element]`
    case array(SwiftType)
    /// `[String: Value]`
    case dictionary(SwiftType)
    /// `Wrapped?`
    case optional(SwiftType)

    /// The types no declaration makes: `TypeMatcher` maps scalar schemas to these.
    package enum Builtin: String, Sendable, Hashable, CaseIterable {
        case bool = "Bool"
        case int = "Int"
        case int32 = "Int32"
        case int64 = "Int64"
        case double = "Double"
        case float = "Float"
        case string = "String"
        case data = "Data"
        case jsonValue = "JSONValue"
    }

    package static let string = SwiftType.builtin(.string)
    package static let bool = SwiftType.builtin(.bool)
    package static let data = SwiftType.builtin(.data)
    package static let jsonValue = SwiftType.builtin(.jsonValue)

    /// The type without its outer `?`.
    package var unwrapped: SwiftType {
        if case .optional(let wrapped) = self { return wrapped }
        return self
    }

    /// `?` added, never twice.
    package var asOptional: SwiftType {
        if case .optional = self { return self }
        return .optional(self)
    }

    /// `self`, or `self?` when `optional`.
    func optional(_ optional: Bool) -> SwiftType { optional ? asOptional : self }

    /// The declared type's qualified name, when this is one (through `?`, not through collections).
    package var namedType: String? {
        switch self {
        case .named(let name): name
        case .optional(let wrapped): wrapped.namedType
        case .builtin, .array, .dictionary: nil
        }
    }
}

/// A schema as the generated validator checks it: the data behind a `Schema` expression.
package indirect enum ValidatorSchema: Sendable, Hashable {
    case any
    case null
    case boolean
    case integer(NumberConstraints)
    case number(NumberConstraints)
    case string(StringConstraints)
    case array(ValidatorSchema, ArrayConstraints)
    case object(ObjectConstraints)
    case nullable(ValidatorSchema)
    case oneOf([ValidatorSchema])
    case allOf([ValidatorSchema])
    case anyOf([ValidatorSchema])
    /// Another type's schema, by its name under `Schemas`.
    case reference(String)

    var isNullable: Bool {
        if case .nullable = self { return true }
        return false
    }

    /// Null allowed when `nullable`, never wrapped twice.
    func nullable(_ nullable: Bool) -> ValidatorSchema { nullable && !isNullable ? .nullable(self) : self }
}

package struct NumberConstraints: Sendable, Hashable {
    package var minimum: Double?
    package var exclusiveMinimum = false
    package var maximum: Double?
    package var exclusiveMaximum = false
    package var multipleOf: Double?
    package var allowed: [Double]?
}

package struct StringConstraints: Sendable, Hashable {
    /// The formats the validator checks; others are accepted as any string.
    package enum Format: String, Sendable, Hashable {
        case email, uuid, date, dateTime
    }

    package var minLength: Int?
    package var maxLength: Int?
    package var pattern: String?
    package var format: Format?
    package var allowed: [String]?
}

package struct ArrayConstraints: Sendable, Hashable {
    package var minItems: Int?
    package var maxItems: Int?
    package var uniqueItems = false
}

package struct ObjectConstraints: Sendable, Hashable {
    package struct Property: Sendable, Hashable {
        package var name: String
        package var schema: ValidatorSchema
        package var required: Bool
    }

    package enum Additional: Sendable, Hashable {
        case forbidden
        case matching(ValidatorSchema)
    }

    package var properties: [Property] = []
    /// Nil: any additional property is allowed.
    package var additional: Additional?
    package var minProperties: Int?
    package var maxProperties: Int?
}

/// The value a member takes when its key is absent.
package enum DefaultValue: Sendable, Hashable {
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    /// A case of the member's enum type, by its Swift name.
    case enumCase(String)
}
