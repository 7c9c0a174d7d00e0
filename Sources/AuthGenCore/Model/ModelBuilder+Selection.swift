import OpenAPIKit

/// The select stage's work: the spec's operations, the selection checked against them, and the
/// component schemas the selected ones reach.
extension ModelBuilder {
    func allOperations() -> [SelectedOperation] {
        var result: [SelectedOperation] = []
        for (path, item) in document.paths {
            guard let pathItem = document.components[item] else { continue }
            for endpoint in pathItem.endpoints {
                let method = endpoint.method.rawValue.lowercased()
                let id = endpoint.operation.operationId ?? SwiftNaming.memberName("\(method) \(path.rawValue)")
                let own = endpoint.operation.parameters.compactMap { document.components[$0] }
                let inherited = pathItem.parameters.compactMap { document.components[$0] }
                    .filter { shared in !own.contains { $0.name == shared.name && $0.location == shared.location } }
                result.append(
                    SelectedOperation(
                        path: path.rawValue, method: method.uppercased(), operation: endpoint.operation,
                        pointer: "/paths/\(SourceMap.escape(path.rawValue))/\(method)", id: id, parameters: inherited + own))
            }
        }
        return result
    }

    func checkSelection(_ all: [SelectedOperation]) throws(GenerationFailure) {
        let ids = Set(all.map(\.id))
        let tags = Set(all.flatMap { $0.operation.tags ?? [] })
        let paths = Set(all.map(\.path))
        var problems: [Diagnostic] = []
        for id in selection.operationIds where !ids.contains(id) {
            problems.append(
                Diagnostic(
                    .error, "no operation has operationId '\(id)'", file: spec.path, hint: "choose one of: \(ids.sorted().joined(separator: ", "))"))
        }
        for tag in selection.tags where !tags.contains(tag) {
            problems.append(
                Diagnostic(.error, "no operation has tag '\(tag)'", file: spec.path, hint: "choose one of: \(tags.sorted().joined(separator: ", "))"))
        }
        for path in selection.paths where !paths.contains(path) {
            problems.append(
                Diagnostic(
                    .error, "no path '\(path)' in the spec", file: spec.path,
                    hint: "paths are written as in the spec, e.g. \(paths.sorted().first ?? "/items")"))
        }
        if !problems.isEmpty { throw GenerationFailure(problems) }
    }

    /// Component schema keys reachable from the operations, in document order.
    func referencedComponents(of operations: [SelectedOperation]) -> [String] {
        var pending: [JSONSchema] = []
        for selected in operations {
            let operation = selected.operation
            for parameter in selected.parameters {
                if let schema = parameter.schemaOrContent.schemaContextValue?.schema {
                    if let direct = schema.b {
                        pending.append(direct)
                    } else if let ref = schema.a, let name = ref.name {
                        pending.append(.reference(.component(named: name)))
                    }
                }
            }
            if let body = operation.requestBody.flatMap({ document.components[$0] }) {
                pending += body.content.values.compactMap { document.components[$0]?.schema }
            }
            for response in operation.responses.values {
                guard let response = document.components[response] else { continue }
                pending += response.content.values.compactMap { document.components[$0]?.schema }
                for header in (response.headers ?? [:]).values {
                    if let schema = document.components[header]?.schemaOrContent.a?.schema.b { pending.append(schema) }
                }
            }
        }
        var found: Set<String> = []
        while let schema = pending.popLast() {
            if let reference = schema.reference, reference.isComponent, let name = reference.name {
                if found.insert(name).inserted, let target = document.components.schemas[OpenAPI.ComponentKey(stringLiteral: name)] {
                    pending.append(target)
                }
            }
            pending += schema.subschemas
            if case .object(_, let object) = schema.value {
                pending += object.properties.values
                if let extra = object.additionalProperties?.b { pending.append(extra) }
            }
            if case .array(_, let array) = schema.value, let items = array.items { pending.append(items) }
        }
        return document.components.schemas.keys.map(\.rawValue).filter(found.contains)
    }
}
