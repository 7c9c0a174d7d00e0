import OpenAPIKit

/// Bodies and responses: their JSON content, the types they get, and the items of a batch.
extension ModelBuilder {
    func jsonContent(_ map: OpenAPI.Content.Map) -> (contentType: String, content: OpenAPI.Content)? {
        guard let entry = map.first(where: { $0.key == .json }) ?? map.first(where: { $0.key.rawValue.hasSuffix("json") }),
            let content = document.components[entry.value]
        else { return nil }
        return (entry.key.rawValue, content)
    }

    func requestBodyType(
        _ operation: SelectedOperation, swiftName: String, translator: inout SchemaTranslator, types: inout [TypeDeclaration]
    ) -> String? {
        guard let body = operation.operation.requestBody.flatMap({ document.components[$0] }),
            let (contentType, content) = jsonContent(body.content), let schema = content.schema
        else { return nil }
        let pointer = operation.pointer + "/requestBody/content/" + SourceMap.escape(contentType) + "/schema"
        return namedType(for: schema, name: swiftName + "Body", at: pointer, translator: &translator, types: &types)
    }

    func responseModels(
        _ operation: SelectedOperation, swiftName: String, translator: inout SchemaTranslator, types: inout [TypeDeclaration],
        cache: inout [String: String]
    ) -> [ResponseModel] {
        operation.operation.responses.map { status, either in
            let response = document.components[either]
            var bodyType: String?
            var example: String?
            if let response, let (contentType, content) = jsonContent(response.content), let schema = content.schema {
                let base =
                    either.a?.name.map { "/components/responses/" + SourceMap.escape($0) } ?? operation.pointer + "/responses/" + status.rawValue
                let pointer = base + "/content/" + SourceMap.escape(contentType)
                if let componentName = either.a?.name {
                    if let cached = cache[componentName] {
                        bodyType = cached
                    } else {
                        bodyType = namedType(
                            for: schema, name: componentName + "Response", at: pointer + "/schema", translator: &translator, types: &types)
                        cache[componentName] = bodyType
                    }
                } else {
                    bodyType = namedType(
                        for: schema, name: "\(swiftName)Response\(status.rawValue.capitalized)", at: pointer + "/schema", translator: &translator,
                        types: &types)
                }
                if pageFacts { example = rawNode(at: pointer + "/example")?.prettyJSON() }
            }
            return ResponseModel(
                status: status.rawValue, description: markdownCell(response?.description ?? ""), bodyType: bodyType,
                example: example, headers: (response?.headers ?? [:]).keys.sorted())
        }
    }

    /// A referenced schema keeps its name; an inline one is declared under `name`.
    func namedType(
        for schema: JSONSchema, name: String, at pointer: String, translator: inout SchemaTranslator, types: inout [TypeDeclaration]
    ) -> String {
        if let reference = schema.reference, reference.isComponent, let key = reference.name, let typeName = translator.componentTypeNames[key] {
            return typeName
        }
        let reserved = translator.reserveTopLevelName(name)
        types.append(translator.declaration(named: reserved, for: schema, at: pointer))
        return reserved
    }

    func requestSchema(_ operation: SelectedOperation) -> JSONSchema? {
        guard let body = operation.operation.requestBody.flatMap({ document.components[$0] }) else { return nil }
        return jsonContent(body.content)?.content.schema
    }

    func dereferenced(_ schema: JSONSchema) -> JSONSchema {
        var current = schema
        for _ in 0..<16 {
            guard let name = current.reference?.name, let target = document.components.schemas[OpenAPI.ComponentKey(stringLiteral: name)] else {
                break
            }
            current = target
        }
        return current
    }

    /// A body that is one item or an array of such items supports batches; this is the array.
    func batchItemSchema(_ operation: SelectedOperation) -> JSONSchema.ArrayContext? {
        guard let schema = requestSchema(operation).map(dereferenced), case .one(of: let members, _) = schema.value else { return nil }
        let single = members.map(dereferenced).filter { !$0.isArray }
        for member in members.map(dereferenced) {
            if case .array(_, let array) = member.value, let items = array.items,
                single.contains(where: { $0 == dereferenced(items) })
            {
                return array
            }
        }
        return nil
    }

    /// The object one request item is: the body itself, or the non-array member of a batch body.
    func itemObject(_ operation: SelectedOperation) -> (properties: [(String, JSONSchema)], required: Set<String>)? {
        guard var schema = requestSchema(operation).map(dereferenced) else { return nil }
        if case .one(of: let members, _) = schema.value, let single = members.map(dereferenced).first(where: { !$0.isArray }) {
            schema = single
        }
        return objectShape(schema)
    }

    private func objectShape(_ schema: JSONSchema) -> (properties: [(String, JSONSchema)], required: Set<String>)? {
        switch dereferenced(schema).value {
        case .object(_, let object):
            return (object.properties.map { ($0.key, $0.value) }, Set(object.requiredProperties))
        case .all(of: let members, _):
            var properties: [(String, JSONSchema)] = []
            var required: Set<String> = []
            for member in members {
                guard let shape = objectShape(member) else { continue }
                for property in shape.properties where !properties.contains(where: { $0.0 == property.0 }) { properties.append(property) }
                required.formUnion(shape.required)
            }
            return (properties, required)
        default:
            return nil
        }
    }
}
