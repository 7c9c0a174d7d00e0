import Foundation
import OpenAPIKit
import Yams

/// Names and types the user chose over the generator's (`nameOverrides`, `typeOverrides` in
/// authgen.yaml, as swift-openapi-generator has them).
package struct Overrides: Sendable, Equatable {
    /// OpenAPI name (schema, property, parameter, header, enum value, operationId) → the Swift
    /// identifier to use instead of the naming rules'.
    package var names: [String: String]
    /// Component schema name → an existing Swift type it is generated as a typealias of.
    package var types: [String: String]

    package init(names: [String: String] = [:], types: [String: String] = [:]) {
        self.names = names
        self.types = types
    }
}

/// Builds the render model of a loaded spec: selects operations, keeps every schema they
/// reference, and resolves names, types and page facts.
package struct ModelBuilder {
    let spec: LoadedSpec
    let selection: Selection
    let access: AccessLevel
    /// Whether to gather what only reference pages print (examples, tables, error codes).
    let pageFacts: Bool
    let conventions: PageConventions
    let overrides: Overrides
    var naming: Naming { Naming(overrides: overrides.names) }
    var document: OpenAPI.Document { spec.document }

    package init(
        spec: LoadedSpec, selection: Selection = Selection(), access: AccessLevel = .public, pageFacts: Bool = true,
        conventions: PageConventions = PageConventions(), overrides: Overrides = Overrides()
    ) {
        self.spec = spec
        self.selection = selection
        self.access = access
        self.pageFacts = pageFacts
        self.conventions = conventions
        self.overrides = overrides
    }

    /// An operation the selection keeps, with what the later stages read of it.
    package struct SelectedOperation: Equatable {
        var path: String
        var method: String
        var operation: OpenAPI.Operation
        var pointer: String
        var id: String
        /// The path item's parameters with the operation's own, which replace same-named ones.
        var parameters: [OpenAPI.Parameter]
    }

    /// Both stages, select and resolve.
    package func build(reporting diagnostics: inout DiagnosticCollector) throws(GenerationFailure) -> RenderModel {
        resolve(try select(), reporting: &diagnostics)
    }

    /// Both stages, for callers that do not want the warnings.
    package func build() throws(GenerationFailure) -> RenderModel {
        var ignored = DiagnosticCollector()
        return try build(reporting: &ignored)
    }

    /// The select stage: every operation of the spec the selection keeps, in spec order; an
    /// operationId, tag or path the selection names and the spec lacks is an error.
    package func select() throws(GenerationFailure) -> [SelectedOperation] {
        let all = allOperations()
        try checkSelection(all)
        return all.filter { selection.includes(operationId: $0.operation.operationId, tags: $0.operation.tags ?? [], path: $0.path) }
    }

    /// The resolve stage: the render model of the selected operations and every schema they
    /// reference; constructs that fell back to something simpler are reported as warnings.
    package func resolve(_ selected: [SelectedOperation], reporting diagnostics: inout DiagnosticCollector) -> RenderModel {
        let all = allOperations()

        let componentKeys =
            selection.isEmpty
            ? document.components.schemas.keys.map(\.rawValue)
            : referencedComponents(of: selected)
        var resolver = TypeResolver(document: document, sourceMap: spec.sourceMap, componentKeys: componentKeys, naming: naming)

        var types: [TypeDeclaration] = []
        for key in componentKeys {
            guard let schema = document.components.schemas[OpenAPI.ComponentKey(stringLiteral: key)] else { continue }
            let pointer = "/components/schemas/\(SourceMap.escape(key))"
            var declaration = resolver.declaration(named: resolver.componentTypeNames[key]!, for: schema, at: pointer)
            if let target = overrides.types[key] {
                // The user's type stands in for the generated one; the validator still checks the
                // schema's constraints, unless they name types that are no longer generated.
                let schema = declaration.nested.isEmpty ? declaration.schema : .any
                if !declaration.nested.isEmpty {
                    diagnostics.report([
                        spec.sourceMap.diagnostic(
                            .warning, "'\(key)' is generated as \(target), and its inline types are not: its values are not validated", at: pointer,
                            hint: "move the inline schemas to components to keep them checked")
                    ])
                }
                declaration = TypeDeclaration(
                    name: declaration.name, qualifiedName: declaration.qualifiedName, doc: declaration.doc, kind: .typeAlias(of: .named(target)),
                    schema: schema)
                // `Foundation.UUID` needs Foundation imported where it is named.
                if let module = target.split(separator: ".").dropLast().first { declaration.imports = [String(module)] }
            }
            types.append(declaration)
        }
        for key in overrides.types.keys.sorted() where document.components.schemas[OpenAPI.ComponentKey(stringLiteral: key)] == nil {
            diagnostics.report([
                Diagnostic(
                    .warning, "typeOverrides names schema '\(key)', which is not in components/schemas", file: spec.path,
                    hint: "name one of the spec's schemas, spelt as in the spec")
            ])
        }

        // Component enums travel in parameters and headers as their raw values.
        let enums = Set(types.filter { $0.kind == .stringEnum || $0.kind == .integerEnum }.map(\.name))
        var operations: [OperationModel] = []
        var responseTypes: [String: String] = [:]
        let byId = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let twins = Set(all.compactMap(twinId))
        // operationIds that differ only in punctuation or case (get-pet, getPet) are numbered apart.
        let typeNames = SwiftNaming.uniqued(selected.map { naming.typeName($0.id) })
        let memberNames = SwiftNaming.uniqued(selected.map { naming.memberName($0.id) })
        for (index, operation) in selected.enumerated() {
            let swiftName = typeNames[index]
            let bodyType = requestBodyType(operation, swiftName: swiftName, resolver: &resolver, types: &types)
            var responses = responseModels(operation, swiftName: swiftName, resolver: &resolver, types: &types, cache: &responseTypes)
            responses.sort { $0.status < $1.status }
            let twin = twinId(of: operation).flatMap { byId[$0] }
            let batch = batchItemSchema(operation)
            // One line: it heads doc comments and pages.
            let summary = (operation.operation.summary ?? operation.id).split(whereSeparator: \.isNewline).joined(separator: " ")
            let swift = swiftOperation(
                operation, typeName: swiftName, memberName: memberNames[index], summary: summary, bodyType: bodyType, batch: batch,
                responses: responses, resolver: &resolver, componentTypeNames: resolver.componentTypeNames, enums: enums)
            operations.append(
                OperationModel(
                    operationId: operation.id, swiftName: swiftName, method: operation.method, path: operation.path,
                    summary: summary,
                    description: SwiftNaming.docLines(operation.operation.description),
                    tags: operation.operation.tags ?? [], deprecated: operation.operation.deprecated,
                    webTwin: twin.map { TwinModel(operationId: $0.id, path: $0.path) },
                    isWebTwin: twins.contains(operation.id),
                    primaryAudience: twin == nil ? nil : conventions.twins?.primaryAudience,
                    requestURLs: pageFacts ? requestURLs(operation, twin: twin) : [],
                    rateLimited: operation.operation.responses.keys.contains { $0.rawValue == "429" },
                    authentication: authentication(operation.operation),
                    batchSupport: batch != nil,
                    maxBatch: batch?.maxItems,
                    parameters: pageFacts ? parameterModels(operation) : [],
                    bodyType: bodyType,
                    bodyExample: pageFacts ? bodyExample(operation) : nil,
                    bodyParameters: pageFacts ? bodyParameters(operation, twin: twin) : [],
                    responses: responses,
                    errors: pageFacts ? errorModels(operation) : [],
                    swift: swift))
            if pageFacts { operations[operations.count - 1].resourceRows = resourceRows(operations[operations.count - 1]) }
        }
        let pageNames = SwiftNaming.uniqued(operations.map { Self.pageName($0.operationId) })
        for index in operations.indices { operations[index].pageName = pageNames[index] }
        types += resolver.hoistedTypes
        Recursion.boxCycles(in: &types)
        diagnostics.report(resolver.diagnostics)
        for operation in selected { diagnostics.report(pathParameterWarnings(operation)) }
        return RenderModel(
            spec: URL(fileURLWithPath: spec.path).lastPathComponent, title: document.info.title,
            version: document.info.version, access: access, types: types, operations: operations)
    }

    /// A file name made of the operationId: letters, digits, `.`, `_` and `-` kept, anything else
    /// (a `/` above all) replaced, a leading dot escaped, the index and catalogue names avoided.
    static func pageName(_ operationId: String) -> String {
        var name = String(
            operationId.unicodeScalars.map { scalar -> Character in
                scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "._-".unicodeScalars.contains(scalar))
                    ? Character(scalar) : "_"
            })
        if name.isEmpty || name.hasPrefix(".") { name = "_" + name }
        if ["index", "errors"].contains(name.lowercased()) { name += "-operation" }
        return name
    }

    /// The operationId of the twin `operation` names, when the API has twins.
    private func twinId(of operation: SelectedOperation) -> String? {
        conventions.twins.flatMap { operation.operation.vendorExtensions[$0.extension]?.value as? String }
    }

    /// Every `{name}` in the path must be a declared path parameter, and every declared one used:
    /// otherwise the client sends the braces and the server never fills the parameter.
    private func pathParameterWarnings(_ operation: SelectedOperation) -> [Diagnostic] {
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

    // MARK: Selection

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

    private func checkSelection(_ all: [SelectedOperation]) throws(GenerationFailure) {
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
    private func referencedComponents(of operations: [SelectedOperation]) -> [String] {
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

    // MARK: Types of bodies and responses

    func jsonContent(_ map: OpenAPI.Content.Map) -> (contentType: String, content: OpenAPI.Content)? {
        guard let entry = map.first(where: { $0.key == .json }) ?? map.first(where: { $0.key.rawValue.hasSuffix("json") }),
            let content = document.components[entry.value]
        else { return nil }
        return (entry.key.rawValue, content)
    }

    private func requestBodyType(
        _ operation: SelectedOperation, swiftName: String, resolver: inout TypeResolver, types: inout [TypeDeclaration]
    ) -> String? {
        guard let body = operation.operation.requestBody.flatMap({ document.components[$0] }),
            let (contentType, content) = jsonContent(body.content), let schema = content.schema
        else { return nil }
        let pointer = operation.pointer + "/requestBody/content/" + SourceMap.escape(contentType) + "/schema"
        return namedType(for: schema, name: swiftName + "Body", at: pointer, resolver: &resolver, types: &types)
    }

    private func responseModels(
        _ operation: SelectedOperation, swiftName: String, resolver: inout TypeResolver, types: inout [TypeDeclaration],
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
                            for: schema, name: componentName + "Response", at: pointer + "/schema", resolver: &resolver, types: &types)
                        cache[componentName] = bodyType
                    }
                } else {
                    bodyType = namedType(
                        for: schema, name: "\(swiftName)Response\(status.rawValue.capitalized)", at: pointer + "/schema", resolver: &resolver,
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
    private func namedType(
        for schema: JSONSchema, name: String, at pointer: String, resolver: inout TypeResolver, types: inout [TypeDeclaration]
    ) -> String {
        if let reference = schema.reference, reference.isComponent, let key = reference.name, let typeName = resolver.componentTypeNames[key] {
            return typeName
        }
        let reserved = resolver.reserveTopLevelName(name)
        types.append(resolver.declaration(named: reserved, for: schema, at: pointer))
        return reserved
    }

    // MARK: Page facts

    private func rawNode(at pointer: String) -> Node? {
        var node: Node? = spec.root
        for token in pointer.split(separator: "/").map(SourceMap.unescape) {
            guard case .mapping(let mapping)? = node else { return nil }
            node = mapping.value(forKey: token)
        }
        return node
    }

    private func bodyExample(_ operation: SelectedOperation) -> String? {
        var base = operation.pointer + "/requestBody"
        if let name = operation.operation.requestBody?.a?.name { base = "/components/requestBodies/" + SourceMap.escape(name) }
        guard let body = operation.operation.requestBody.flatMap({ document.components[$0] }), let (contentType, _) = jsonContent(body.content) else {
            return nil
        }
        return rawNode(at: base + "/content/" + SourceMap.escape(contentType) + "/example")?.prettyJSON()
    }

    private func requestURLs(_ operation: SelectedOperation, twin: SelectedOperation?) -> [RequestURL] {
        let server = (document.servers.first?.urlTemplate.rawValue ?? "").trimmingSuffix("/")
        guard let twin, let labels = conventions.twins else { return [RequestURL(label: nil, url: server + operation.path)] }
        return [
            RequestURL(label: labels.primary.requestURL, url: server + operation.path),
            RequestURL(label: labels.twin.requestURL, url: server + twin.path),
        ]
    }

    private func resourceRows(_ operation: OperationModel) -> [ResourceRow] {
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

    private func authentication(_ operation: OpenAPI.Operation) -> String {
        let requirements = operation.security ?? document.security
        let names = requirements.flatMap { $0.keys.compactMap { $0.name } }
        return names.isEmpty ? "No" : names.sorted().joined(separator: ", ")
    }

    func requestSchema(_ operation: SelectedOperation) -> JSONSchema? {
        guard let body = operation.operation.requestBody.flatMap({ document.components[$0] }) else { return nil }
        return jsonContent(body.content)?.content.schema
    }

    func resolved(_ schema: JSONSchema) -> JSONSchema {
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
        guard let schema = requestSchema(operation).map(resolved), case .one(of: let members, _) = schema.value else { return nil }
        let single = members.map(resolved).filter { !$0.isArray }
        for member in members.map(resolved) {
            if case .array(_, let array) = member.value, let items = array.items,
                single.contains(where: { $0 == resolved(items) })
            {
                return array
            }
        }
        return nil
    }

    /// The object one request item is: the body itself, or the non-array member of a batch body.
    private func itemObject(_ operation: SelectedOperation) -> (properties: [(String, JSONSchema)], required: Set<String>)? {
        guard var schema = requestSchema(operation).map(resolved) else { return nil }
        if case .one(of: let members, _) = schema.value, let single = members.map(resolved).first(where: { !$0.isArray }) {
            schema = single
        }
        return objectShape(schema)
    }

    private func objectShape(_ schema: JSONSchema) -> (properties: [(String, JSONSchema)], required: Set<String>)? {
        switch resolved(schema).value {
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

    private func bodyParameters(_ operation: SelectedOperation, twin: SelectedOperation?) -> [BodyParameterModel] {
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

    private func parameterModels(_ operation: SelectedOperation) -> [ParameterModel] {
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

    private func datatype(_ schema: JSONSchema) -> String {
        let target = resolved(schema)
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

    private func describe(_ schema: JSONSchema) -> String {
        let target = resolved(schema)
        var text = schema.description ?? target.description ?? ""
        if let values = target.allowedValues?.map({ "\($0.value)" }), !values.isEmpty, !text.contains(values.joined(separator: ", ")) {
            text += (text.isEmpty ? "" : " ") + "Values: \(values.joined(separator: ", "))."
        }
        return markdownCell(text)
    }

    private func errorModels(_ operation: SelectedOperation) -> [ErrorModel] {
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
    private func codeValue(in example: OpenAPI.Example, at pointer: String) -> String? {
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

    private func markdownCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension ParameterLocation {
    /// Other locations (`querystring`) are read as query parameters.
    init(_ location: OpenAPI.Parameter.Context.Location) {
        self = ParameterLocation(rawValue: location.rawValue) ?? .query
    }
}

extension String {
    func trimmingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
