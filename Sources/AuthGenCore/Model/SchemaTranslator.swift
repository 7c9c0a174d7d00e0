import AuthGenSupport
import Foundation
import OpenAPIKit

/// Translates JSON schemas into Swift type declarations and the constraints their validators
/// check; the Swift type of each scalar is `TypeMatcher`'s.
///
/// One pass over the schemas it is given; component references are looked up by name in a
/// dictionary, never searched for.
struct SchemaTranslator {
    /// How a schema is used where it appears: its Swift type and its validator expression.
    struct Usage {
        var type: SwiftType
        var nullable: Bool
        var schema: ValidatorSchema
        /// The type with `?` when the usage is nullable.
        var nullableType: SwiftType { type.optional(nullable) }
        /// The schema with null allowed when the usage is nullable.
        var nullableSchema: ValidatorSchema { nullable ? .nullable(schema) : schema }
    }

    let document: OpenAPI.Document
    let sourceMap: SourceMap
    private(set) var diagnostics: [Diagnostic] = []
    /// Component schema key -> Swift type name.
    private(set) var componentTypeNames: [String: String] = [:]
    /// Swift type name -> raw value -> case name, for defaults of enum type.
    private var enumCases: [String: [String: String]] = [:]
    private var topLevelNames: Set<String> = []
    /// Inline types that have no type to nest in (under a typealias); declared at top level.
    var hoistedTypes: [TypeDeclaration] = []

    let naming: Naming

    init(document: OpenAPI.Document, sourceMap: SourceMap, componentKeys: [String], naming: Naming = Naming()) {
        self.document = document
        self.sourceMap = sourceMap
        self.naming = naming
        let names = SwiftNaming.uniqued(componentKeys.map(naming.typeName))
        for (key, name) in zip(componentKeys, names) { componentTypeNames[key] = name }
        topLevelNames = Set(names)
    }

    /// Reserves a top-level name for an operation's inline type, unique among all types.
    mutating func reserveTopLevelName(_ candidate: String) -> String {
        var name = naming.typeName(candidate)
        var counter = 2
        let base = name
        while topLevelNames.contains(name) {
            name = "\(base)\(counter)"
            counter += 1
        }
        topLevelNames.insert(name)
        return name
    }

    private mutating func warn(_ message: String, at pointer: String, hint: String) {
        diagnostics.append(sourceMap.diagnostic(.warning, message, at: pointer, hint: hint))
    }

    // MARK: Declarations

    /// The declaration for a named schema. Every schema gets one: objects and enums become
    /// structs and enums, anything else a typealias.
    mutating func declaration(
        named name: String, qualifiedName: String? = nil, for schema: JSONSchema, at pointer: String, extraDoc: String? = nil
    ) -> TypeDeclaration {
        let doc = SwiftNaming.docLines(schema.description ?? schema.title ?? extraDoc)
        let qualified = qualifiedName ?? name
        var declaration = TypeDeclaration(name: name, qualifiedName: qualified, doc: doc, kind: .structure)
        switch schema.value {
        case .object(_, let object) where !object.properties.isEmpty:
            var rules = ObjectConstraints()
            // OpenAPIKit reports at least the number of required properties; only more says something.
            if object.minProperties > object.requiredProperties.count { rules.minProperties = object.minProperties }
            rules.maxProperties = object.maxProperties
            fillStruct(
                &declaration, properties: object.properties.map { ($0.key, $0.value) }, required: Set(object.requiredProperties),
                additional: object.additionalProperties, rules: rules, at: pointer)
        case .string(let core, _) where core.allowedValues != nil:
            fillEnum(&declaration, values: core.allowedValues!, integer: false, schema: schema, at: pointer)
        case .integer(let core, _) where core.allowedValues != nil:
            fillEnum(&declaration, values: core.allowedValues!, integer: true, schema: schema, at: pointer)
        case .all(of: let members, _) where members.count > 1:
            if let merged = mergedObject(members) {
                fillStruct(
                    &declaration, properties: merged.properties, required: merged.required, additional: nil, rules: ObjectConstraints(), at: pointer)
            } else {
                fillComposed(&declaration, members: members, combinator: "allOf", optional: false, at: pointer)
            }
        case .one(of: let members, let core):
            let alternatives = members.filter { !$0.isNull }
            if alternatives.count > 1 {
                fillOneOf(
                    &declaration, members: alternatives, discriminator: core.discriminator,
                    nullable: alternatives.count != members.count || core.nullable, at: pointer)
            } else {
                fillAlias(&declaration, schema: schema, at: pointer)
            }
        case .any(of: let members, let core):
            let alternatives = members.filter { !$0.isNull }
            if alternatives.count > 1 {
                fillComposed(&declaration, members: alternatives, combinator: "anyOf", optional: true, at: pointer)
                if alternatives.count != members.count || core.nullable { declaration.schema = .nullable(declaration.schema) }
            } else {
                fillAlias(&declaration, schema: schema, at: pointer)
            }
        default:
            fillAlias(&declaration, schema: schema, at: pointer)
        }
        return declaration
    }

    private mutating func fillAlias(_ declaration: inout TypeDeclaration, schema: JSONSchema, at pointer: String) {
        // A typealias cannot hold nested types: inline types it needs become top-level ones.
        var nested: [TypeDeclaration] = []
        let usage = self.usage(of: schema, hint: declaration.name + "Value", parent: "", at: pointer, nested: &nested)
        hoistedTypes += nested
        declaration.kind = .typeAlias(of: usage.nullableType)
        declaration.schema = usage.nullableSchema
    }

    private mutating func fillStruct(
        _ declaration: inout TypeDeclaration, properties: [(String, JSONSchema)], required: Set<String>,
        additional: Either<Bool, JSONSchema>?, rules: ObjectConstraints, at pointer: String
    ) {
        declaration.kind = .structure
        var rules = rules
        let swiftNames = SwiftNaming.uniqued(properties.map { naming.memberName($0.0) })
        var nestedNames: Set<String> = []
        for ((key, schema), swiftName) in zip(properties, swiftNames) {
            var hint = naming.typeName(key)
            if topLevelNames.contains(hint) || nestedNames.contains(hint) || hint == declaration.name { hint += "Payload" }
            nestedNames.insert(hint)
            let propertyPointer = pointer + "/properties/" + SourceMap.escape(key)
            let usage = self.usage(of: schema, hint: hint, parent: declaration.qualifiedName, at: propertyPointer, nested: &declaration.nested)
            let isRequired = required.contains(key)
            let defaultValue = schema.defaultValue.flatMap { self.defaultValue(of: $0, for: usage.type, at: propertyPointer) }
            let isOptional = usage.nullable || (!isRequired && defaultValue == nil)
            var doc = SwiftNaming.docLines(schema.description ?? referencedDescription(schema))
            if schema.deprecated { doc.append("- Note: deprecated.") }
            declaration.properties.append(
                PropertyModel(
                    jsonName: key, swiftName: swiftName, type: usage.type, isOptional: isOptional,
                    isRequiredNullable: isRequired && usage.nullable, defaultValue: defaultValue, doc: doc))
            rules.properties.append(ObjectConstraints.Property(name: key, schema: usage.nullableSchema, required: isRequired))
        }
        if !declaration.properties.isEmpty { declaration.properties[declaration.properties.count - 1].isLast = true }

        switch additional {
        case .a(false)?: rules.additional = .forbidden
        case .b(let schema)?:
            let usage = self.usage(
                of: schema, hint: "AdditionalProperty", parent: declaration.qualifiedName, at: pointer + "/additionalProperties",
                nested: &declaration.nested)
            if usage.schema != .any { rules.additional = .matching(usage.nullableSchema) }
        default: break
        }
        declaration.schema = .object(rules)
    }

    private mutating func fillEnum(_ declaration: inout TypeDeclaration, values: [AnyCodable], integer: Bool, schema: JSONSchema, at pointer: String)
    {
        let raw = values.compactMap { value -> String? in
            if integer { return (value.value as? Int).map(String.init) ?? (value.value as? Double).map { String(Int($0)) } }
            return value.value as? String
        }
        let names = SwiftNaming.uniqued(raw.map { integer ? "value\($0.replacingOccurrences(of: "-", with: "Minus"))" : naming.memberName($0) })
        declaration.kind = integer ? .integerEnum : .stringEnum
        declaration.cases = zip(names, raw).map { name, raw in
            EnumCase(name: name, value: integer ? .integer(Int(raw)!) : .string(raw))
        }
        enumCases[declaration.name] = Dictionary(zip(raw, names), uniquingKeysWith: { a, _ in a })
        declaration.schema =
            integer
            ? .integer(NumberConstraints(allowed: raw.compactMap(Double.init)))
            : .string(StringConstraints(allowed: raw))
        if schema.nullable { declaration.schema = .nullable(declaration.schema) }
    }

    private mutating func fillOneOf(
        _ declaration: inout TypeDeclaration, members: [JSONSchema], discriminator: OpenAPI.Discriminator?, nullable: Bool, at pointer: String
    ) {
        declaration.kind = .oneOf
        var usages: [Usage] = []
        var rawNames: [String] = []
        for (index, member) in members.enumerated() {
            let name = caseName(for: member, index: index)
            let usage = self.usage(
                of: member, hint: naming.typeName(name), parent: declaration.qualifiedName, at: pointer + "/oneOf/\(index)",
                nested: &declaration.nested)
            usages.append(usage)
            rawNames.append(name)
        }
        let names = SwiftNaming.uniqued(rawNames)
        declaration.cases = zip(names, usages).enumerated().map { index, pair in
            var enumCase = EnumCase(name: pair.0, value: .payload(pair.1.nullableType))
            if let discriminator, let refName = members[index].reference?.name {
                let mapped = discriminator.mapping?.filter { $0.value.hasSuffix("/" + refName) || $0.value == refName }.map(\.key) ?? []
                enumCase.discriminatorValues = mapped.isEmpty ? [refName] : mapped.sorted()
            }
            return enumCase
        }
        if let discriminator, declaration.cases.allSatisfy({ !$0.discriminatorValues.isEmpty }) {
            declaration.discriminatorProperty = discriminator.propertyName
        }
        declaration.schema = .oneOf(usages.map(\.nullableSchema))
        if nullable { declaration.schema = .nullable(declaration.schema) }
    }

    private func caseName(for member: JSONSchema, index: Int) -> String {
        if let name = member.reference?.name { return naming.memberName(name) }
        if let title = member.title { return naming.memberName(title) }
        switch member.value {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .array(_, let array):
            if let name = array.items?.reference?.name { return naming.memberName(name) + "List" }
            return "array"
        default: return "case\(index + 1)"
        }
    }

    private mutating func fillComposed(
        _ declaration: inout TypeDeclaration, members: [JSONSchema], combinator: String, optional: Bool, at pointer: String
    ) {
        declaration.kind = .structure
        var schemas: [ValidatorSchema] = []
        for (index, member) in members.enumerated() {
            let usage = self.usage(
                of: member, hint: "Value\(index + 1)Payload", parent: declaration.qualifiedName, at: pointer + "/\(combinator)/\(index)",
                nested: &declaration.nested)
            let isOptional = optional || usage.nullable
            let name = "value\(index + 1)"
            // Every member reads the whole value; anyOf keeps the members that fit.
            declaration.composedValues.append(
                PropertyModel(jsonName: name, swiftName: name, type: usage.type, isOptional: isOptional, source: .wholeValue))
            schemas.append(usage.nullableSchema)
        }
        if !declaration.composedValues.isEmpty { declaration.composedValues[declaration.composedValues.count - 1].isLast = true }
        declaration.schema = combinator == "allOf" ? .allOf(schemas) : .anyOf(schemas)
    }

    /// allOf whose members are all objects (inline, referenced, or just a `required` list)
    /// merges into one struct; nil when a member is anything else.
    private func mergedObject(_ members: [JSONSchema], depth: Int = 0) -> (properties: [(String, JSONSchema)], required: Set<String>)? {
        guard depth < 16 else { return nil }
        var properties: [(String, JSONSchema)] = []
        var seen: Set<String> = []
        var required: Set<String> = []
        for member in members {
            let dereferenced: JSONSchema
            if let reference = member.reference {
                guard let name = reference.name, let target = document.components.schemas[OpenAPI.ComponentKey(stringLiteral: name)] else {
                    return nil
                }
                dereferenced = target
            } else {
                dereferenced = member
            }
            switch dereferenced.value {
            case .object(_, let object):
                guard object.additionalProperties == nil || object.additionalProperties?.a == true else { return nil }
                for (key, value) in object.properties where !seen.contains(key) {
                    seen.insert(key)
                    properties.append((key, value))
                }
                required.formUnion(object.requiredProperties)
            case .fragment:
                break
            case .all(of: let nested, _):
                guard let merged = mergedObject(nested, depth: depth + 1) else { return nil }
                for (key, value) in merged.properties where !seen.contains(key) {
                    seen.insert(key)
                    properties.append((key, value))
                }
                required.formUnion(merged.required)
            default:
                return nil
            }
        }
        return properties.isEmpty ? nil : (properties, required)
    }

    private func referencedDescription(_ schema: JSONSchema) -> String? {
        guard let name = schema.reference?.name else { return nil }
        return document.components.schemas[OpenAPI.ComponentKey(stringLiteral: name)]?.description
    }

    // MARK: Usages

    /// The Swift type and validator of a schema where it is used. Inline objects, enums and
    /// combinations become nested types appended to `nested`.
    mutating func usage(of schema: JSONSchema, hint: String, parent: String, at pointer: String, nested: inout [TypeDeclaration]) -> Usage {
        let nullable = schema.nullable
        switch schema.value {
        case .reference(let reference, _):
            if let name = reference.name, reference.isComponent, let typeName = componentTypeNames[name] {
                return Usage(type: .named(typeName), nullable: nullable, schema: .reference(typeName))
            }
            warn(
                "reference '\(reference.absoluteString)' is not to a schema in components; it is typed as JSONValue", at: pointer,
                hint: "reference #/components/schemas/<name>")
            return Usage(type: .jsonValue, nullable: nullable, schema: .any)
        case .null:
            return Usage(type: .jsonValue, nullable: true, schema: .null)
        case .boolean:
            return Usage(type: scalarType(schema), nullable: nullable, schema: .boolean)
        case .integer(let core, let integer):
            if core.allowedValues != nil { return nestedUsage(schema, hint: hint, parent: parent, at: pointer, nested: &nested) }
            return Usage(type: scalarType(schema), nullable: nullable, schema: .integer(numberRules(integer.numericContext)))
        case .number(let core, let number):
            if core.allowedValues != nil {
                warn("enum of numbers is validated but typed as Double", at: pointer, hint: "use an integer or string enum for a Swift enum")
            }
            var rules = numberRules(number)
            rules.allowed = core.allowedValues?.compactMap { ($0.value as? Double) ?? ($0.value as? Int).map(Double.init) }
            return Usage(type: scalarType(schema), nullable: nullable, schema: .number(rules))
        case .string(let core, let string):
            if core.allowedValues != nil { return nestedUsage(schema, hint: hint, parent: parent, at: pointer, nested: &nested) }
            return Usage(
                type: scalarType(schema), nullable: nullable, schema: .string(stringRules(string, format: core.format.rawValue, at: pointer)))
        case .array(_, let array):
            let rules = Self.arrayRules(array)
            guard let items = array.items else {
                return Usage(type: .array(.jsonValue), nullable: nullable, schema: .array(.any, rules))
            }
            let element = usage(of: items, hint: hint + "Item", parent: parent, at: pointer + "/items", nested: &nested)
            return Usage(type: .array(element.nullableType), nullable: nullable, schema: .array(element.nullableSchema, rules))
        case .object(_, let object):
            if !object.properties.isEmpty { return nestedUsage(schema, hint: hint, parent: parent, at: pointer, nested: &nested) }
            return dictionaryUsage(object, nullable: nullable, hint: hint, parent: parent, at: pointer, nested: &nested)
        case .all(of: let members, _):
            if members.count == 1 {
                return usage(of: members[0], hint: hint, parent: parent, at: pointer + "/allOf/0", nested: &nested).withNullable(nullable)
            }
            return nestedUsage(schema, hint: hint, parent: parent, at: pointer, nested: &nested)
        case .one(of: let members, _), .any(of: let members, _):
            return alternativesUsage(schema, members: members, hint: hint, parent: parent, at: pointer, nested: &nested)
        case .not:
            warn(
                "`not` is not supported; the value is typed as JSONValue and not checked against it", at: pointer,
                hint: "describe the allowed values positively (enum, oneOf)")
            return Usage(type: .jsonValue, nullable: nullable, schema: .any)
        case .fragment:
            warn(
                "the schema has no type; the value is typed as JSONValue and any JSON passes", at: pointer,
                hint: "give it a type (string, integer, number, boolean, array, object) or a $ref")
            return Usage(type: .jsonValue, nullable: nullable, schema: .any)
        }
    }

    /// The builtin of a schema the caller knows is a scalar.
    private func scalarType(_ schema: JSONSchema) -> SwiftType {
        TypeMatcher.scalar(schema).map(SwiftType.builtin) ?? .jsonValue
    }

    /// An object without properties: a dictionary of its additional properties' type.
    private mutating func dictionaryUsage(
        _ object: JSONSchema.ObjectContext, nullable: Bool, hint: String, parent: String, at pointer: String, nested: inout [TypeDeclaration]
    ) -> Usage {
        switch object.additionalProperties {
        case .b(let valueSchema)?:
            let value = usage(of: valueSchema, hint: hint + "Value", parent: parent, at: pointer + "/additionalProperties", nested: &nested)
            return Usage(
                type: .dictionary(value.nullableType), nullable: nullable,
                schema: .object(ObjectConstraints(additional: .matching(value.nullableSchema))))
        case .a(false)?:
            return Usage(type: .dictionary(.jsonValue), nullable: nullable, schema: .object(ObjectConstraints(additional: .forbidden)))
        default:
            return Usage(type: .dictionary(.jsonValue), nullable: nullable, schema: .object(ObjectConstraints()))
        }
    }

    /// oneOf or anyOf: the one alternative besides null as itself (nullable), or a nested type.
    private mutating func alternativesUsage(
        _ schema: JSONSchema, members: [JSONSchema], hint: String, parent: String, at pointer: String, nested: inout [TypeDeclaration]
    ) -> Usage {
        let alternatives = members.filter { !$0.isNull }
        let combinator = if case .one = schema.value { "oneOf" } else { "anyOf" }
        if alternatives.count == 1, let index = members.firstIndex(where: { !$0.isNull }) {
            return usage(of: alternatives[0], hint: hint, parent: parent, at: pointer + "/\(combinator)/\(index)", nested: &nested)
                .withNullable(schema.nullable || alternatives.count != members.count)
        }
        if alternatives.isEmpty { return Usage(type: .jsonValue, nullable: true, schema: .null) }
        return nestedUsage(schema, hint: hint, parent: parent, at: pointer, nested: &nested)
    }

    /// Declares an inline schema as a type nested in `parent`.
    private mutating func nestedUsage(
        _ schema: JSONSchema, hint: String, parent: String, at pointer: String, nested: inout [TypeDeclaration]
    ) -> Usage {
        var name = hint
        if parent.isEmpty {
            name = reserveTopLevelName(hint)
        } else {
            var counter = 2
            while nested.contains(where: { $0.name == name }) || parent.hasSuffix(name) {
                name = "\(hint)\(counter)"
                counter += 1
            }
        }
        let qualified = parent.isEmpty ? name : "\(parent).\(name)"
        let declaration = declaration(named: name, qualifiedName: qualified, for: schema, at: pointer)
        let nullable = schema.nullable || (declaration.kind == .oneOf && declaration.schema.isNullable)
        nested.append(declaration)
        return Usage(type: .named(qualified), nullable: nullable, schema: .reference(declaration.schemaName))
    }

    private func numberRules(_ context: JSONSchema.NumericContext) -> NumberConstraints {
        NumberConstraints(
            minimum: context.minimum?.value, exclusiveMinimum: context.minimum?.exclusive ?? false,
            maximum: context.maximum?.value, exclusiveMaximum: context.maximum?.exclusive ?? false,
            multipleOf: context.multipleOf)
    }

    static func arrayRules(_ array: JSONSchema.ArrayContext) -> ArrayConstraints {
        ArrayConstraints(minItems: array.minItems > 0 ? array.minItems : nil, maxItems: array.maxItems, uniqueItems: array.uniqueItems)
    }

    private mutating func stringRules(_ context: JSONSchema.StringContext, format: String, at pointer: String) -> StringConstraints {
        var rules = StringConstraints(minLength: context.minLength > 0 ? context.minLength : nil, maxLength: context.maxLength)
        if let pattern = context.pattern {
            let ecma = ECMAPattern(pattern)
            if ecma.regex == nil {
                warn(
                    "pattern '\(pattern)' is not a regular expression this generator can compile; it is not checked", at: pointer + "/pattern",
                    hint: "write an ECMA-262 pattern")
            } else {
                if !ecma.unsupported.isEmpty {
                    warn(
                        "pattern '\(pattern)' uses \(ecma.unsupported.joined(separator: ", ")), which the validator reads with Unicode semantics, not ECMA-262's ASCII ones",
                        at: pointer + "/pattern", hint: "spell the characters out, e.g. [A-Za-z0-9_] for \\w")
                }
                rules.pattern = pattern
            }
        }
        let formats: [String: StringConstraints.Format] = ["email": .email, "uuid": .uuid, "date": .date, "date-time": .dateTime]
        rules.format = formats[format]
        return rules
    }

    /// The default of a member of `type`, or nil (with a warning) when it cannot be one.
    private mutating func defaultValue(of value: AnyCodable, for type: SwiftType, at pointer: String) -> DefaultValue? {
        switch (type, value.value) {
        case (.builtin(.bool), let bool as Bool): return .bool(bool)
        case (.builtin(.int), let int as Int), (.builtin(.int32), let int as Int), (.builtin(.int64), let int as Int): return .integer(int)
        case (.builtin(.double), let number as Double), (.builtin(.float), let number as Double): return .number(number)
        case (.builtin(.double), let int as Int), (.builtin(.float), let int as Int): return .integer(int)
        case (.builtin(.string), let string as String): return .string(string)
        default:
            let name = type.namedType ?? ""
            let key = name.split(separator: ".").last.map(String.init) ?? name
            let cases = enumCases[name] ?? enumCases[key]
            if case .named = type, let raw = (value.value as? String) ?? (value.value as? Int).map(String.init), let caseName = cases?[raw] {
                return .enumCase(caseName)
            }
            warn(
                "default value is ignored: it is not a literal of type \(SwiftSnippets.spelling(type))", at: pointer + "/default",
                hint: "give a default of the property's own type")
            return nil
        }
    }
}

extension SchemaTranslator.Usage {
    func withNullable(_ nullable: Bool) -> Self {
        var copy = self
        copy.nullable = copy.nullable || nullable
        return copy
    }
}

extension JSONSchema {
    var isNull: Bool {
        if case .null = value { return true }
        return false
    }
}

extension JSONReference {
    var isComponent: Bool {
        if case .internal(.component) = self { return true }
        return false
    }
}
