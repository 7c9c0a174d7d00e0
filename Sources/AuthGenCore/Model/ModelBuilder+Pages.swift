import OpenAPIKit
import Yams

/// What only reference pages print: request URLs, example bodies, parameter and resource
/// tables, error codes from response examples; and the path-parameter check.
extension ModelBuilder {
    func rawNode(at pointer: String) -> Node? {
        var node: Node? = spec.root
        for token in pointer.split(separator: "/").map(SourceMap.unescape) {
            guard case .mapping(let mapping)? = node else { return nil }
            node = mapping.value(forKey: token)
        }
        return node
    }

    func bodyExample(_ operation: SelectedOperation) -> String? {
        var base = operation.pointer + "/requestBody"
        if let name = operation.operation.requestBody?.a?.name { base = "/components/requestBodies/" + SourceMap.escape(name) }
        guard let body = operation.operation.requestBody.flatMap({ document.components[$0] }), let (contentType, _) = jsonContent(body.content) else {
            return nil
        }
        return rawNode(at: base + "/content/" + SourceMap.escape(contentType) + "/example")?.prettyJSON()
    }

    func requestURLs(_ operation: SelectedOperation, twin: SelectedOperation?) -> [RequestURL] {
        let server = (document.servers.first?.urlTemplate.rawValue ?? "").trimmingSuffix("/")
        guard let twin, let labels = conventions.twins else { return [RequestURL(label: nil, url: server + operation.path)] }
        return [
            RequestURL(label: labels.primary.requestURL, url: server + operation.path),
            RequestURL(label: labels.twin.requestURL, url: server + twin.path),
        ]
    }

    func resourceRows(_ operation: OperationModel) -> [ResourceRow] {
        var rows: [ResourceRow] = []
        if let twin = operation.webTwin, let labels = conventions.twins {
            rows.append(ResourceRow(label: labels.primary.uriRow, value: "`\(operation.path)`"))
            rows.append(ResourceRow(label: labels.twin.uriRow, value: "`\(twin.path)`"))
        } else {
            rows.append(ResourceRow(label: "URI", value: "`\(operation.path)`"))
        }
        rows.append(ResourceRow(label: "Rate Limited", value: operation.rateLimited ? "Yes" : "No"))
        rows.append(ResourceRow(label: "Authentication", value: operation.authentication))
        rows.append(ResourceRow(label: "HTTP Method", value: operation.method))
        let batch = operation.maxBatch.map { "Yes (up to \($0) items)" } ?? "Yes"
        rows.append(ResourceRow(label: "Batch Support", value: operation.batchSupport ? batch : "No"))
        return rows
    }

    func authentication(_ operation: OpenAPI.Operation) -> String {
        let requirements = operation.security ?? document.security
        let names = requirements.flatMap { $0.keys.compactMap { $0.name } }
        return names.isEmpty ? "No" : names.sorted().joined(separator: ", ")
    }

    func bodyParameters(_ operation: SelectedOperation, twin: SelectedOperation?) -> [BodyParameterModel] {
        guard let shape = itemObject(operation) else { return [] }
        let twinRequired = twin.flatMap(itemObject)?.required
        return shape.properties.map { name, schema in
            let required = shape.required.contains(name)
            let requirement: Requirement
            if let twinRequired, required, !twinRequired.contains(name) {
                requirement = .requiredOnPrimaryOnly
            } else {
                requirement = required ? .required : .optional
            }
            return BodyParameterModel(name: name, requirement: requirement, datatype: datatype(schema), description: describe(schema))
        }
    }

    func parameterModels(_ operation: SelectedOperation) -> [ParameterModel] {
        operation.parameters.map { parameter in
            let schema = parameter.schemaOrContent.schemaContextValue?.schema
            let resolvedSchema = schema?.b ?? schema?.a?.name.flatMap { document.components.schemas[OpenAPI.ComponentKey(stringLiteral: $0)] }
            let text = [parameter.description, resolvedSchema.map(describe)].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return ParameterModel(
                name: parameter.name, location: ParameterLocation(parameter.location), required: parameter.required,
                datatype: resolvedSchema.map(datatype) ?? "string",
                description: markdownCell(text))
        }
    }

    func datatype(_ schema: JSONSchema) -> String {
        let target = dereferenced(schema)
        if target.allowedValues != nil { return "enum" }
        switch target.value {
        case .string: return "string"
        case .integer: return "integer"
        case .number: return "number"
        case .boolean: return "boolean"
        case .array(_, let array): return "array of " + (array.items.map(datatype) ?? "any")
        case .object: return "object"
        default: return "any"
        }
    }

    func describe(_ schema: JSONSchema) -> String {
        let target = dereferenced(schema)
        var text = schema.description ?? target.description ?? ""
        if let values = target.allowedValues?.map({ "\($0.value)" }), !values.isEmpty, !text.contains(values.joined(separator: ", ")) {
            text += (text.isEmpty ? "" : " ") + "Values: \(values.joined(separator: ", "))."
        }
        return markdownCell(text)
    }

    func errorModels(_ operation: SelectedOperation) -> [ErrorModel] {
        var errors: [ErrorModel] = []
        for (status, either) in operation.operation.responses {
            guard let response = document.components[either], let (_, content) = jsonContent(response.content) else { continue }
            for (key, exampleEither) in content.examples ?? [:] {
                guard let example = document.components[exampleEither] else { continue }
                guard let code = Int(key).map(String.init) ?? conventions.errorCodePointer.flatMap({ codeValue(in: example, at: $0) }) else {
                    continue
                }
                errors.append(
                    ErrorModel(
                        code: code, httpStatus: status.rawValue, summary: markdownCell(example.summary ?? ""),
                        solution: markdownCell(example.description ?? "")))
            }
        }
        return errors.sorted { ($0.code, $0.httpStatus) < ($1.code, $1.httpStatus) }
    }

    /// The integer at `pointer` in an example's value, as text.
    func codeValue(in example: OpenAPI.Example, at pointer: String) -> String? {
        var value: Any? = example.dataOrLegacyValue?.value
        for token in pointer.split(separator: "/").map(SourceMap.unescape) {
            if let object = value as? [String: Any] {
                value = object[token]
            } else if let array = value as? [Any], let index = Int(token), array.indices.contains(index) {
                value = array[index]
            } else {
                return nil
            }
        }
        return (value as? Int).map(String.init)
    }

    func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// Every `{name}` in the path must be a declared path parameter, and every declared one used:
    /// otherwise the client sends the braces and the server never fills the parameter.
    func pathParameterWarnings(_ operation: SelectedOperation) -> [Diagnostic] {
        var templated: [String] = []
        var rest = Substring(operation.path)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            templated.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        let declared = operation.parameters.filter { $0.location == .path }.map(\.name)
        var warnings: [Diagnostic] = []
        for name in templated where !declared.contains(name) {
            warnings.append(
                spec.sourceMap.diagnostic(
                    .warning, "path parameter '\(name)' of \(operation.path) is not declared", at: operation.pointer,
                    hint: "add - {name: \(name), in: path, required: true, schema: {type: string}} to its parameters"))
        }
        for name in declared where !templated.contains(name) {
            warnings.append(
                spec.sourceMap.diagnostic(
                    .warning, "path parameter '\(name)' does not appear in \(operation.path)", at: operation.pointer + "/parameters",
                    hint: "add {\(name)} to the path or remove the parameter"))
        }
        return warnings
    }
}
