import Foundation
import OpenAPIKit
import Yams

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
        let componentKeys = selection.isEmpty ? document.components.schemas.keys.map(\.rawValue) : referencedComponents(of: selected)
        var translator = SchemaTranslator(document: document, sourceMap: spec.sourceMap, componentKeys: componentKeys, naming: naming)
        var types = componentTypes(componentKeys, translator: &translator, reporting: &diagnostics)
        // Component enums travel in parameters and headers as their raw values.
        let enums = Set(types.filter { $0.kind == .stringEnum || $0.kind == .integerEnum }.map(\.name))
        let context = OperationContext(
            byId: Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }), twins: Set(all.compactMap(twinId)), enums: enums)
        // operationIds that differ only in punctuation or case (get-pet, getPet) are numbered apart.
        let typeNames = SwiftNaming.uniqued(selected.map { naming.typeName($0.id) })
        let memberNames = SwiftNaming.uniqued(selected.map { naming.memberName($0.id) })
        var responseTypes: [String: String] = [:]
        var operations = selected.indices.map { index in
            operationModel(
                selected[index], typeName: typeNames[index], memberName: memberNames[index], context: context, translator: &translator,
                types: &types, responseTypes: &responseTypes)
        }
        let pageNames = SwiftNaming.uniqued(operations.map { Self.pageName($0.operationId) })
        for index in operations.indices { operations[index].pageName = pageNames[index] }
        types += translator.hoistedTypes
        Recursion.boxCycles(in: &types)
        diagnostics.report(translator.diagnostics)
        for operation in selected { diagnostics.report(pathParameterWarnings(operation)) }
        return RenderModel(
            spec: URL(fileURLWithPath: spec.path).lastPathComponent, title: document.info.title,
            version: document.info.version, access: access, types: types, operations: operations)
    }

    /// What every operation's model reads of the others: operations by id, the ids that are
    /// some operation's twin, and the component enums.
    struct OperationContext {
        var byId: [String: SelectedOperation]
        var twins: Set<String>
        var enums: Set<String>
    }

    /// One operation's model: its Swift side, its body and response types, and its page facts
    /// when pages are made.
    private func operationModel(
        _ operation: SelectedOperation, typeName: String, memberName: String, context: OperationContext, translator: inout SchemaTranslator,
        types: inout [TypeDeclaration], responseTypes: inout [String: String]
    ) -> OperationModel {
        let bodyType = requestBodyType(operation, swiftName: typeName, translator: &translator, types: &types)
        var responses = responseModels(operation, swiftName: typeName, translator: &translator, types: &types, cache: &responseTypes)
        responses.sort { $0.status < $1.status }
        let twin = twinId(of: operation).flatMap { context.byId[$0] }
        let batch = batchItemSchema(operation)
        // One line: it heads doc comments and pages.
        let summary = (operation.operation.summary ?? operation.id).split(whereSeparator: \.isNewline).joined(separator: " ")
        let swift = swiftOperation(
            operation, typeName: typeName, memberName: memberName, summary: summary, bodyType: bodyType, batch: batch,
            responses: responses, translator: &translator, componentTypeNames: translator.componentTypeNames, enums: context.enums)
        var model = OperationModel(
            operationId: operation.id, swiftName: typeName, method: operation.method, path: operation.path, summary: summary,
            description: SwiftNaming.docLines(operation.operation.description), tags: operation.operation.tags ?? [],
            deprecated: operation.operation.deprecated, webTwin: twin.map { TwinModel(operationId: $0.id, path: $0.path) },
            isWebTwin: context.twins.contains(operation.id), primaryAudience: twin == nil ? nil : conventions.twins?.primaryAudience,
            requestURLs: pageFacts ? requestURLs(operation, twin: twin) : [],
            rateLimited: operation.operation.responses.keys.contains { $0.rawValue == "429" },
            authentication: authentication(operation.operation), batchSupport: batch != nil, maxBatch: batch?.maxItems,
            parameters: pageFacts ? parameterModels(operation) : [], bodyType: bodyType,
            bodyExample: pageFacts ? bodyExample(operation) : nil, bodyParameters: pageFacts ? bodyParameters(operation, twin: twin) : [],
            responses: responses, errors: pageFacts ? errorModels(operation) : [], swift: swift)
        if pageFacts { model.resourceRows = resourceRows(model) }
        return model
    }

    /// A declaration per component schema, or the user's type in its place (`typeOverrides`).
    private func componentTypes(
        _ keys: [String], translator: inout SchemaTranslator, reporting diagnostics: inout DiagnosticCollector
    ) -> [TypeDeclaration] {
        var types: [TypeDeclaration] = []
        for key in keys {
            guard let schema = document.components.schemas[OpenAPI.ComponentKey(stringLiteral: key)], let name = translator.componentTypeNames[key]
            else { continue }
            let pointer = "/components/schemas/\(SourceMap.escape(key))"
            var declaration = translator.declaration(named: name, for: schema, at: pointer)
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
        return types
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
