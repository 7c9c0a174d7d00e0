/// What a spec resolves to: names, types, optionality, constraints and page facts, as data.
/// No Swift text: `Rendering/SwiftSnippets` spells every piece of generated Swift, and the
/// templates only loop over these values and print them.
package struct RenderModel: Sendable, Equatable {
    package var spec: String
    package var title: String
    package var version: String
    package var access: AccessLevel
    package var types: [TypeDeclaration]
    package var operations: [OperationModel]

    /// Every path with the methods its operations declare, in path order: the server answers
    /// the other methods with 405 and `Allow`.
    package var servedPaths: [ServedPath] {
        Dictionary(grouping: operations, by: \.path)
            .map { ServedPath(path: $0.key, methods: Set($0.value.map { $0.method.uppercased() }).sorted()) }
            .sorted { $0.path < $1.path }
    }
}

extension RenderModel {
    /// The operations with a page of their own: every one but the twins their primary's page covers.
    package var pages: [OperationModel] { operations.filter { !$0.isWebTwin } }

    /// Every error code the pages document, with the operations that can answer it: one entry
    /// per code, HTTP status and wording, by code.
    package var errorCatalogue: [CatalogueEntry] {
        var entries: [CatalogueEntry] = []
        var positions: [ErrorModel: Int] = [:]
        for page in pages {
            for error in page.errors {
                if let position = positions[error] {
                    if !entries[position].operations.contains(page.pageName) { entries[position].operations.append(page.pageName) }
                } else {
                    positions[error] = entries.count
                    entries.append(CatalogueEntry(error: error, operations: [page.pageName]))
                }
            }
        }
        return entries.sorted { ($0.error.code, $0.error.httpStatus, $0.error.summary) < ($1.error.code, $1.error.httpStatus, $1.error.summary) }
    }
}

/// One row of the error catalogue.
package struct CatalogueEntry: Sendable, Equatable {
    package var error: ErrorModel
    /// The page names of the operations that answer it, in page order.
    package var operations: [String]
}

package struct ServedPath: Sendable, Equatable {
    package var path: String
    package var methods: [String]
}

/// A Swift type to declare: a struct, an enum or a typealias.
package struct TypeDeclaration: Sendable, Equatable {
    package enum Kind: Sendable, Equatable {
        /// A struct of `properties`, or of `composedValues` for allOf / anyOf that do not merge.
        case structure
        case stringEnum
        case integerEnum
        /// An enum with a payload per case.
        case oneOf
        case typeAlias(of: SwiftType)
    }

    package var name: String
    /// The name from the module's top level, `Outer.Inner` for nested types.
    package var qualifiedName: String
    package var doc: [String]
    package var kind: Kind

    /// Struct members, in spec order.
    package var properties: [PropertyModel] = []
    /// allOf / anyOf members that are not merged into properties: decoded from the same decoder.
    package var composedValues: [PropertyModel] = []

    /// Enum cases; for oneOf, each carries a payload type.
    package var cases: [EnumCase] = []
    /// oneOf with a discriminator: the property (its JSON name) that selects the case.
    package var discriminatorProperty: String?

    /// Types declared inside this one, for inline schemas.
    package var nested: [TypeDeclaration] = []

    /// What the validator checks.
    package var schema: ValidatorSchema
    /// Modules the declaration names beyond the generated code's own (a typeOverrides target's).
    package var imports: [String] = []

    /// The name of this type's schema under `Schemas`.
    package var schemaName: String {
        qualifiedName.utf8.contains(UInt8(ascii: ".")) ? qualifiedName.replacingOccurrences(of: ".", with: "_") : qualifiedName
    }

    package init(name: String, qualifiedName: String, doc: [String] = [], kind: Kind, schema: ValidatorSchema = .any) {
        self.name = name
        self.qualifiedName = qualifiedName
        self.doc = doc
        self.kind = kind
        self.schema = schema
    }

    /// Whether the struct needs hand-written Codable (defaults, or required nullable members).
    package var customCoding: Bool { properties.contains { $0.defaultValue != nil || $0.isRequiredNullable } }
}

package struct PropertyModel: Sendable, Equatable {
    /// Where a member's value is read from.
    package enum Source: Sendable, Equatable {
        /// Its key in the object.
        case key
        /// The whole value (an allOf / anyOf member); an optional one keeps only values that fit.
        case wholeValue
    }

    /// The key in JSON.
    package var jsonName: String
    /// The Swift identifier, bare (the rendering escapes a keyword); also the CodingKeys case.
    package var swiftName: String
    /// The type without `?`.
    package var type: SwiftType
    package var isOptional: Bool
    package var source: Source = .key
    /// Whether the member closes a cycle of types (see `Recursion`): stored in an `Indirect` box.
    package var isIndirect = false
    /// A required key whose value may be null: encoded as null rather than left out.
    package var isRequiredNullable = false
    package var defaultValue: DefaultValue?
    package var doc: [String] = []
    package var isLast = false

    /// The type as declared, with `?` when optional.
    package var declaredType: SwiftType { type.optional(isOptional) }
}

package struct EnumCase: Sendable, Equatable {
    package enum Value: Sendable, Equatable {
        case string(String)
        case integer(Int)
        /// A oneOf case's associated value.
        case payload(SwiftType)
    }

    package var name: String
    package var value: Value
    /// For a discriminated oneOf, the discriminator values that select the case.
    package var discriminatorValues: [String] = []
    /// Whether the payload closes a cycle of types (see `Recursion`): an `indirect case`.
    package var isIndirect = false

    package var payload: SwiftType? {
        if case .payload(let type) = value { return type }
        return nil
    }
}
