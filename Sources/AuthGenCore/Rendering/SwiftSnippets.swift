/// Every spelling of generated Swift that is not in a template: types, literals, validator
/// expressions and the small expressions templates print. The model decides what; this decides
/// how it reads.
enum SwiftSnippets {
    // MARK: Types and literals

    static func spelling(_ type: SwiftType) -> String {
        switch type {
        case .builtin(let builtin): builtin.rawValue
        case .named(let name): name
        case .array(let element): "[\(spelling(element))]"
        case .dictionary(let value): "[String: \(spelling(value))]"
        case .optional(let wrapped): spelling(wrapped) + "?"
        }
    }

    /// A Swift string literal with everything escaped.
    static func stringLiteral(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A number literal that reads well: 3 rather than 3.0.
    static func numberLiteral(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    static func literal(_ value: DefaultValue) -> String {
        switch value {
        case .bool(let bool): bool ? "true" : "false"
        case .integer(let int): String(int)
        case .number(let number): numberLiteral(number)
        case .string(let string): stringLiteral(string)
        case .enumCase(let name): ".\(escaped(name))"
        }
    }

    static func rawValue(_ value: EnumCase.Value) -> String {
        switch value {
        case .string(let string): stringLiteral(string)
        case .integer(let int): String(int)
        case .payload(let type): spelling(type)
        }
    }

    // MARK: Validators

    /// The `Schema` expression of `schema`.
    static func schema(_ schema: ValidatorSchema) -> String {
        switch schema {
        case .any: ".any"
        case .null: ".null"
        case .boolean: ".boolean"
        case .integer(let rules): ".integer(\(numberRules(rules)))"
        case .number(let rules): ".number(\(numberRules(rules)))"
        case .string(let rules): ".string(\(stringRules(rules)))"
        case .array(let items, let rules): ".array(\(self.schema(items))\(arrayRules(rules)))"
        case .object(let rules): ".object(\(objectRules(rules)))"
        case .nullable(let wrapped): ".nullable(\(self.schema(wrapped)))"
        case .oneOf(let members): ".oneOf([\(members.map(self.schema).joined(separator: ", "))])"
        case .allOf(let members): ".allOf([\(members.map(self.schema).joined(separator: ", "))])"
        case .anyOf(let members): ".anyOf([\(members.map(self.schema).joined(separator: ", "))])"
        case .reference(let name): ".ref { Schemas.\(name) }"
        }
    }

    private static func numberRules(_ rules: NumberConstraints) -> String {
        var arguments: [String] = []
        if let minimum = rules.minimum {
            arguments.append("minimum: \(numberLiteral(minimum))")
            if rules.exclusiveMinimum { arguments.append("exclusiveMinimum: true") }
        }
        if let maximum = rules.maximum {
            arguments.append("maximum: \(numberLiteral(maximum))")
            if rules.exclusiveMaximum { arguments.append("exclusiveMaximum: true") }
        }
        if let multipleOf = rules.multipleOf { arguments.append("multipleOf: \(numberLiteral(multipleOf))") }
        if let allowed = rules.allowed { arguments.append("allowed: [\(allowed.map(numberLiteral).joined(separator: ", "))]") }
        return "NumberRules(\(arguments.joined(separator: ", ")))"
    }

    private static func stringRules(_ rules: StringConstraints) -> String {
        var arguments: [String] = []
        if let minLength = rules.minLength { arguments.append("minLength: \(minLength)") }
        if let maxLength = rules.maxLength { arguments.append("maxLength: \(maxLength)") }
        if let pattern = rules.pattern { arguments.append("pattern: \(stringLiteral(pattern))") }
        if let format = rules.format { arguments.append("format: .\(format.rawValue)") }
        if let allowed = rules.allowed { arguments.append("allowed: [\(allowed.map(stringLiteral).joined(separator: ", "))]") }
        return "StringRules(\(arguments.joined(separator: ", ")))"
    }

    /// `, ArrayRules(...)`, or nothing when every rule is the default.
    private static func arrayRules(_ rules: ArrayConstraints) -> String {
        var arguments: [String] = []
        if let minItems = rules.minItems { arguments.append("minItems: \(minItems)") }
        if let maxItems = rules.maxItems { arguments.append("maxItems: \(maxItems)") }
        if rules.uniqueItems { arguments.append("uniqueItems: true") }
        return arguments.isEmpty ? "" : ", ArrayRules(\(arguments.joined(separator: ", ")))"
    }

    /// Properties one per line: a declared type's schema is read like its declaration.
    private static func objectRules(_ rules: ObjectConstraints) -> String {
        var arguments: [String] = []
        if !rules.properties.isEmpty {
            let lines = rules.properties.map { property in
                "        Property(\(stringLiteral(property.name)), \(schema(property.schema))\(property.required ? ", required: true" : "")),"
            }
            arguments.append("properties: [\n" + lines.joined(separator: "\n") + "\n    ]")
        }
        switch rules.additional {
        case .forbidden?: arguments.append("additionalProperties: .forbidden")
        case .matching(let value)?: arguments.append("additionalProperties: .matching(\(schema(value)))")
        case nil: break
        }
        if let minimum = rules.minProperties { arguments.append("minProperties: \(minimum)") }
        if let maximum = rules.maxProperties { arguments.append("maxProperties: \(maximum)") }
        return "ObjectRules(\(arguments.joined(separator: ", ")))"
    }

    // MARK: Members

    /// How the hand-written decoder reads a member.
    static func decodeExpression(_ property: PropertyModel) -> String {
        let type = spelling(property.type)
        switch property.source {
        case .wholeValue:
            return property.isOptional
                ? "try? decoder.singleValueContainer().decode(\(type).self)"
                : "try decoder.singleValueContainer().decode(\(type).self)"
        case .key:
            let key = ".\(escaped(property.swiftName))"
            if let defaultValue = property.defaultValue {
                return "try container.decodeIfPresent(\(type).self, forKey: \(key)) ?? \(literal(defaultValue))"
            }
            return property.isOptional
                ? "try container.decodeIfPresent(\(type).self, forKey: \(key))"
                : "try container.decode(\(type).self, forKey: \(key))"
        }
    }

    /// How the hand-written encoder writes a member; a required nullable one as null rather
    /// than left out.
    static func encodeStatement(_ property: PropertyModel) -> String {
        switch property.source {
        case .wholeValue:
            return property.isOptional
                ? "try \(escaped(property.swiftName))?.encode(to: encoder)" : "try \(escaped(property.swiftName)).encode(to: encoder)"
        case .key:
            return property.isOptional && !property.isRequiredNullable
                ? "try container.encodeIfPresent(\(escaped(property.swiftName)), forKey: .\(escaped(property.swiftName)))"
                : "try container.encode(\(escaped(property.swiftName)), forKey: .\(escaped(property.swiftName)))"
        }
    }

    /// How `init(json:)` reads a member, as `decodeExpression` decodes it: a default when it is
    /// absent or null, nil for an absent or null optional, an error for an absent required one.
    static func readExpression(_ property: PropertyModel) -> String {
        let read = "members.\(property.isOptional || property.defaultValue != nil ? "valueIfPresent" : "value")"
        let expression = "try \(read)(\(stringLiteral(property.jsonName)), as: \(spelling(property.type)).self)"
        return property.defaultValue.map { "\(expression) ?? \(literal($0))" } ?? expression
    }

    /// How `writeJSON(to:)` writes a member, as `encodeStatement` encodes it: an absent optional
    /// left out, a required nullable one as null. Values are read through `self`, so a member
    /// named `writer` is still the member.
    static func writeStatement(_ property: PropertyModel) -> String {
        let key = stringLiteral(property.jsonName)
        let value = "self.\(escaped(property.swiftName))"
        guard property.isOptional else { return "try writer.member(\(key), \(value))" }
        return property.isRequiredNullable ? "try writer.nullableMember(\(key), \(value))" : "try writer.memberIfPresent(\(key), \(value))"
    }

    /// The memberwise-init default: ` = nil`, ` = <default>` or empty.
    static func initDefault(_ property: PropertyModel) -> String {
        if let defaultValue = property.defaultValue { return " = \(literal(defaultValue))" }
        return property.isOptional ? " = nil" : ""
    }

    /// ` = "json_name"` where the JSON key differs from the coding key.
    static func codingKeyRawValue(_ property: PropertyModel) -> String? {
        property.swiftName == property.jsonName ? nil : stringLiteral(property.jsonName)
    }

    /// A name as Swift source writes it: in backticks where it is a keyword. The model keeps
    /// names bare; only this layer escapes them.
    static func escaped(_ name: String) -> String { SwiftNaming.escaped(name) }

    // MARK: Parameters

    /// How the server reads a parameter from `request`: `try request.query("name", as: Channel.self)`.
    static func serverRead(_ parameter: SwiftParameter) -> String {
        let method =
            switch parameter.location {
            case .path: "path"
            case .query: parameter.required ? "requiredQuery" : "query"
            case .header, .cookie: parameter.required ? "requiredHeader" : "header"
            }
        return "try request.\(method)(\(stringLiteral(parameter.name)), as: \(spelling(parameter.type)).self)"
    }

    /// The name as the label of an argument in a call, where every keyword but `inout`, `var`
    /// and `let` stands bare (the compiler warns about needless backticks there).
    static func argumentLabel(_ name: String) -> String {
        ["inout", "var", "let"].contains(name) ? escaped(name) : name
    }

    // MARK: Operations

    static func namespace(_ operation: SwiftOperation) -> String { "Operations.\(operation.typeName)" }

    /// `Path`, `Query` or `Headers`, and the `Input` member holding it.
    static func groupType(_ location: ParameterLocation) -> String {
        switch location {
        case .path: "Path"
        case .query: "Query"
        case .header, .cookie: "Headers"
        }
    }

    static func groupLabel(_ location: ParameterLocation) -> String {
        location == .header ? "headers" : location.rawValue
    }

    /// `Input.init`'s parameters: `query: Query = .init(), body: Body`.
    static func inputDeclaration(_ operation: SwiftOperation) -> String {
        var parts = operation.parameterGroups.map { group in
            "\(groupLabel(group.location)): \(groupType(group.location))\(group.defaultable ? " = .init()" : "")"
        }
        if let body = operation.body { parts.append(body.required ? "body: Body" : "body: Body? = nil") }
        return parts.joined(separator: ", ")
    }

    /// The client's batch method parameters: the bodies, then the parameter groups.
    static func batchDeclaration(_ operation: SwiftOperation) -> String {
        let namespace = namespace(operation)
        let groups = operation.parameterGroups.map { group in
            "\(groupLabel(group.location)): \(namespace).Input.\(groupType(group.location))\(group.defaultable ? " = .init()" : "")"
        }
        return (["batch bodies: [\(namespace).Input.Body]"] + groups).joined(separator: ", ")
    }

    /// The server's `Input(...)` call from local `path`, `query`, `headers` and `body`.
    static func inputCall(_ operation: SwiftOperation) -> String {
        let groups = operation.parameterGroups.map { "\(groupLabel($0.location)): \(groupLabel($0.location))" }
        return (groups + (operation.body == nil ? [] : ["body: body"])).joined(separator: ", ")
    }

    // MARK: Responses

    /// The `switch response.statusCode` pattern: `case 200:`, `case 200..<300:` or `default:`.
    static func statusPattern(_ status: SwiftOutput.Status) -> String {
        switch status {
        case .code(let code): "case \(code):"
        case .range(let lower): "case \(lower)..<\(lower + 100):"
        case .default: "default:"
        }
    }

    /// The status a response is sent with: its code, or the one its case carries.
    static func statusExpression(_ output: SwiftOutput) -> String {
        output.statusCode.map(String.init) ?? "statusCode"
    }

    private static func headerLabel(_ header: SwiftParameter) -> String { header.swiftName }

    /// The associated values as a declaration: `(StatusResponse, retryAfter: Int? = nil)`.
    static func payloadDeclaration(_ output: SwiftOutput) -> String {
        var parts: [String] = []
        if output.statusCode == nil { parts.append("statusCode: Int") }
        if let body = output.bodyType { parts.append(spelling(body)) }
        for header in output.headers {
            parts.append("\(headerLabel(header)): \(spelling(header.declaredType))\(header.required ? "" : " = nil")")
        }
        return parts.isEmpty ? "" : "(" + parts.joined(separator: ", ") + ")"
    }

    /// The same as a binding pattern: `(let body, let retryAfter)`.
    static func payloadPattern(_ output: SwiftOutput) -> String {
        var parts: [String] = []
        if output.statusCode == nil { parts.append("let statusCode") }
        if output.bodyType != nil { parts.append("let body") }
        for header in output.headers { parts.append("let \(escaped(header.swiftName))") }
        return parts.isEmpty ? "" : "(" + parts.joined(separator: ", ") + ")"
    }

    /// The value built from a received `response`: `(body, retryAfter: response.header(...))`.
    static func payloadExpression(_ output: SwiftOutput) -> String {
        var parts: [String] = []
        if output.statusCode == nil { parts.append("statusCode: response.statusCode") }
        if output.bodyType != nil { parts.append("body") }
        for header in output.headers {
            let read = header.required ? "try response.requiredHeader" : "response.header"
            parts.append("\(headerLabel(header)): \(read)(\(stringLiteral(header.name)), as: \(spelling(header.type)).self)")
        }
        return parts.isEmpty ? "" : "(" + parts.joined(separator: ", ") + ")"
    }

    /// `, retryAfter: Int? = nil` for an initializer's headers.
    static func headerArguments(_ initializer: SwiftResponseInitializer) -> String {
        initializer.headers.map { ", \(escaped($0.swiftName)): \(spelling($0.type))? = nil" }.joined()
    }

    /// `guard let name else { return nil }; ` for each header the case requires.
    static func requiredHeaderGuards(_ output: SwiftOutput) -> String {
        output.headers.filter(\.required).map { "guard let \(escaped($0.swiftName)) else { return nil }; " }.joined()
    }

    /// `(body, retryAfter: retryAfter)`.
    static func initializerPayload(_ output: SwiftOutput) -> String {
        "(body" + output.headers.map { ", \(escaped($0.swiftName)): \(escaped($0.swiftName))" }.joined() + ")"
    }
}
