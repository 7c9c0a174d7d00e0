import OpenAPIKit

/// The client and server side of an operation: parameter, body and response types.
extension ModelBuilder {
    func swiftOperation(
        _ operation: SelectedOperation, typeName: String, memberName: String, summary: String, bodyType: String?,
        batch: JSONSchema.ArrayContext?, responses: [ResponseModel], translator: inout SchemaTranslator,
        componentTypeNames: [String: String], enums: Set<String>
    ) -> SwiftOperation {
        func parameters(_ location: OpenAPI.Parameter.Context.Location, _ translator: inout SchemaTranslator) -> [SwiftParameter] {
            // Cookie parameters are left to middlewares.
            let matching = operation.parameters.filter { $0.location == location }
            let names = SwiftNaming.uniqued(matching.map { naming.memberName($0.name) })
            var result = zip(matching, names).map { parameter, name in
                SwiftParameter(
                    name: parameter.name, swiftName: name,
                    type: parameterType(parameter.schemaOrContent.schemaContextValue?.schema, componentTypeNames, enums),
                    required: parameter.required, doc: SwiftNaming.docLines(parameter.description), location: ParameterLocation(location))
            }
            for index in result.indices {
                let parameter = result[index]
                let own = operation.operation.parameters.firstIndex {
                    document.components[$0].map { $0.name == parameter.name && $0.location == location } ?? false
                }
                let pointer = own.map { operation.pointer + "/parameters/\($0)" } ?? "/paths/" + SourceMap.escape(operation.path) + "/parameters"
                result[index].schema =
                    matching[index].schemaOrContent.schemaContextValue.map {
                        parameterSchema(
                            $0.schema.b ?? $0.schema.a?.name.map { .reference(.component(named: $0)) } ?? .string, at: pointer,
                            translator: &translator)
                    } ?? .string(StringConstraints())
            }
            if !result.isEmpty { result[result.count - 1].isLast = true }
            return result
        }

        // A batch operation needs component items and a matching oneOf result; otherwise it is an ordinary one.
        let batchResult = batch.flatMap { batchResultType(operation, batch: $0, componentTypeNames: componentTypeNames) }
        return SwiftOperation(
            memberName: memberName, typeName: typeName, operationId: operation.id, path: operation.path,
            method: operation.method, summary: summary, description: SwiftNaming.docLines(operation.operation.description),
            deprecated: operation.operation.deprecated,
            pathParameters: parameters(.path, &translator), queryParameters: parameters(.query, &translator),
            headerParameters: parameters(.header, &translator),
            body: swiftBody(operation, bodyType: bodyType, batch: batchResult == nil ? nil : batch, componentTypeNames: componentTypeNames),
            outputs: swiftOutputs(operation, responses: responses, batchResult: batchResult, componentTypeNames: componentTypeNames, enums: enums),
            batchResultType: batchResult)
    }

    private func swiftBody(
        _ operation: SelectedOperation, bodyType: String?, batch: JSONSchema.ArrayContext?, componentTypeNames: [String: String]
    ) -> SwiftBody? {
        guard let body = operation.operation.requestBody.flatMap({ document.components[$0] }), let first = body.content.first else { return nil }
        guard let bodyType else {
            return SwiftBody(type: .data, isJSON: false, contentType: first.key.rawValue, required: body.required)
        }
        var type = bodyType
        var batchMaxItems: Int?
        if let array = batch, let itemName = array.items?.reference?.name, let itemType = componentTypeNames[itemName] {
            type = itemType
            batchMaxItems = array.maxItems ?? 100
        }
        let contentType = jsonContent(body.content)?.contentType ?? "application/json"
        return SwiftBody(
            type: .named(type), isJSON: true, contentType: contentType, required: body.required,
            // Bodies are top-level declarations, whose schema is named after them.
            schemaName: type, batchMaxItems: batchMaxItems)
    }

    /// The non-array member of a `oneOf [Result, [Result]]` 200 body, when the request body is a
    /// batch of component items; nil otherwise.
    private func batchResultType(_ operation: SelectedOperation, batch: JSONSchema.ArrayContext, componentTypeNames: [String: String]) -> String? {
        guard batch.items?.reference?.name != nil,
            let either = operation.operation.responses.first(where: { $0.key.rawValue == "200" })?.value,
            let response = document.components[either], let schema = jsonContent(response.content)?.content.schema,
            case .one(of: let members, _) = dereferenced(schema).value
        else { return nil }
        guard let single = members.first(where: { !dereferenced($0).isArray }), let name = single.reference?.name,
            members.contains(where: { member in
                if case .array(_, let array) = dereferenced(member).value, let items = array.items {
                    return dereferenced(items) == dereferenced(single)
                }
                return false
            })
        else { return nil }
        return componentTypeNames[name]
    }

    private func swiftOutputs(
        _ operation: SelectedOperation, responses: [ResponseModel], batchResult: String?, componentTypeNames: [String: String],
        enums: Set<String>
    ) -> [SwiftOutput] {
        var outputs: [SwiftOutput] = []
        var usedNames: Set<String> = []
        for (status, either) in operation.operation.responses {
            let response = document.components[either]
            let raw = status.rawValue
            var name = Self.caseName(forStatus: raw)
            while usedNames.contains(name) { name += "_" }
            usedNames.insert(name)

            var bodyType = responses.first { $0.status == raw }?.bodyType.map(SwiftType.named)
            let isJSON = bodyType != nil
            if raw == "200", let batchResult { bodyType = .named(batchResult) }
            var contentType = "application/json"
            if bodyType == nil, let first = response?.content.first {
                bodyType = .data
                contentType = first.key.rawValue
            } else if let response, let json = jsonContent(response.content) {
                contentType = json.contentType
            }

            let headerEntries = (response?.headers ?? [:]).sorted { $0.key < $1.key }.filter { $0.key.lowercased() != "content-type" }
            let headerNames = SwiftNaming.uniqued(headerEntries.map { naming.memberName($0.key) })
            let headers = zip(headerEntries, headerNames).map { entry, swiftName in
                let header = document.components[entry.value]
                return SwiftParameter(
                    name: entry.key, swiftName: swiftName,
                    type: parameterType(header?.schemaOrContent.a?.schema, componentTypeNames, enums),
                    required: header?.required ?? false, doc: SwiftNaming.docLines(header?.description), location: .header)
            }

            let statusPattern: SwiftOutput.Status
            if let code = Int(raw) {
                statusPattern = .code(code)
            } else if raw.count == 3, let digit = raw.first?.wholeNumberValue, raw.uppercased().hasSuffix("XX") {
                statusPattern = .range(lowerBound: digit * 100)
            } else {
                statusPattern = .default
            }
            outputs.append(
                SwiftOutput(
                    caseName: name, status: statusPattern, description: SwiftNaming.docLines(response?.description),
                    bodyType: bodyType, bodyIsJSON: isJSON, contentType: contentType, headers: headers))
        }
        // Fixed statuses first, then ranges, then default, so a switch matches the most specific.
        return outputs.sorted { rank($0) < rank($1) }
    }

    private func rank(_ output: SwiftOutput) -> Int {
        switch output.status {
        case .code(let code): code
        case .range: 1000
        case .default: 2000
        }
    }

    static func caseName(forStatus status: String) -> String {
        let known: [String: String] = [
            "200": "ok", "201": "created", "202": "accepted", "203": "nonAuthoritativeInformation", "204": "noContent",
            "205": "resetContent", "206": "partialContent", "301": "movedPermanently", "302": "found", "303": "seeOther",
            "304": "notModified", "307": "temporaryRedirect", "308": "permanentRedirect", "400": "badRequest",
            "401": "unauthorized", "402": "paymentRequired", "403": "forbidden", "404": "notFound", "405": "methodNotAllowed",
            "406": "notAcceptable", "408": "requestTimeout", "409": "conflict", "410": "gone", "411": "lengthRequired",
            "412": "preconditionFailed", "413": "contentTooLarge", "414": "uriTooLong", "415": "unsupportedMediaType",
            "416": "rangeNotSatisfiable", "417": "expectationFailed", "421": "misdirectedRequest", "422": "unprocessableContent",
            "423": "locked", "424": "failedDependency", "425": "tooEarly", "426": "upgradeRequired", "428": "preconditionRequired",
            "429": "tooManyRequests", "431": "requestHeaderFieldsTooLarge", "451": "unavailableForLegalReasons",
            "500": "internalServerError", "501": "notImplemented", "502": "badGateway", "503": "serviceUnavailable",
            "504": "gatewayTimeout", "505": "httpVersionNotSupported", "default": "default",
        ]
        return known[status] ?? "code\(status.uppercased())"
    }

    /// The `Schema` a parameter is checked against. Inline enums become allowed values here, as
    /// parameters get no nested types; everything else is what a property of that schema gets.
    private func parameterSchema(_ schema: JSONSchema, at pointer: String, translator: inout SchemaTranslator) -> ValidatorSchema {
        var unused: [TypeDeclaration] = []
        switch schema.value {
        case .string(let core, _) where core.allowedValues != nil:
            return .string(StringConstraints(allowed: core.allowedValues!.compactMap { $0.value as? String }))
        case .integer(let core, _) where core.allowedValues != nil:
            return .integer(NumberConstraints(allowed: core.allowedValues!.compactMap { ($0.value as? Int).map(Double.init) }))
        case .array(_, let array):
            let items = array.items.map { parameterSchema($0, at: pointer + "/items", translator: &translator) } ?? .any
            return .array(items, SchemaTranslator.arrayRules(array))
        case .reference, .string, .integer, .number, .boolean:
            return translator.usage(of: schema, hint: "Parameter", parent: "", at: pointer, nested: &unused).nullableSchema
        default:
            // Objects and compositions (deepObject and the like) travel as text, unchecked.
            return .any
        }
    }

    /// The Swift type of a parameter or header: a scalar (as `TypeMatcher` maps it for a
    /// property), a generated enum, or an array of those; anything else travels as its text.
    private func parameterType(
        _ schema: Either<OpenAPI.Reference<JSONSchema>, JSONSchema>?, _ componentTypeNames: [String: String],
        _ enums: Set<String>
    ) -> SwiftType {
        guard let schema else { return .string }
        let direct: JSONSchema = schema.b ?? schema.a?.name.map { .reference(.component(named: $0)) } ?? .string
        return parameterType(direct, componentTypeNames, enums, depth: 0)
    }

    private func parameterType(
        _ schema: JSONSchema, _ componentTypeNames: [String: String], _ enums: Set<String>, depth: Int
    ) -> SwiftType {
        if let name = schema.reference?.name, let typeName = componentTypeNames[name], enums.contains(typeName) {
            return .named(typeName)
        }
        let schema = dereferenced(schema)
        if let scalar = TypeMatcher.scalar(schema) { return .builtin(scalar) }
        if case .array(_, let array) = schema.value, depth == 0 {
            return .array(parameterType(array.items ?? .string, componentTypeNames, enums, depth: 1))
        }
        return .string
    }
}
