import Mustache

/// A value templates read by key. Each type lists every key it answers, so a template naming
/// a key nobody answers fails a test (`TemplateKeyTests`) instead of printing nothing, and
/// `Templates/README.md` documents the same lists. An absent optional answers "no value"
/// rather than letting Mustache look the name up in an enclosing value.
package protocol TemplateContext: MustacheParent {
    static var templateKeys: [String: @Sendable (Self) -> Any?] { get }
}

extension TemplateContext {
    package func child(named name: String) -> Any? {
        guard let read = Self.templateKeys[name] else { return nil }
        return read(self) ?? NoValue()
    }
}

/// What an absent optional renders as: nothing, and false in a section.
private struct NoValue: MustacheCustomRenderable {
    var renderText: String { "" }
    var isNull: Bool { true }
}

/// The value every template starts from. `spec`, `title`, `version` and `access` are visible
/// everywhere; the rest is set for the templates that use it.
package struct TemplateRoot: TemplateContext {
    package var spec: String
    package var title: String
    package var version: String
    package var access: AccessLevel
    /// server: every operation; the paths with their declared methods. reference-index: the
    /// operations with pages.
    package var operations: [OperationModel]?
    package var paths: [ServedPath]?
    /// file: the imports and the declarations of one generated file.
    package var imports: [String]?
    package var body: String?
    /// model and validator: one top-level type; validator: it and its nested types, flattened.
    package var type: TypeWithNestedSource?
    package var schemas: [TypeDeclaration]?
    /// operation, reference and scaffold: one operation.
    package var operation: OperationModel?
    /// reference-errors: every documented error code.
    package var errorCatalogue: [CatalogueEntry]?
    /// scaffold and scaffold-type: the handler type and the module it imports.
    package var handlerType: String?
    package var module: String?

    init(_ model: RenderModel) {
        self.init(spec: model.spec, title: model.title, version: model.version, access: model.access)
    }

    init(spec: String, title: String, version: String, access: AccessLevel) {
        self.spec = spec
        self.title = title
        self.version = version
        self.access = access
    }

    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "spec": { $0.spec }, "title": { $0.title }, "version": { $0.version }, "access": { $0.access.rawValue },
        "operations": { $0.operations }, "paths": { $0.paths }, "imports": { $0.imports }, "body": { $0.body },
        "type": { $0.type }, "schemas": { $0.schemas }, "operation": { $0.operation }, "errorCatalogue": { $0.errorCatalogue },
        "handlerType": { $0.handlerType }, "module": { $0.module },
    ]
}

extension ServedPath: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "path": { $0.path },
        "declaredMethods": { $0.methods.map(SwiftSnippets.stringLiteral).joined(separator: ", ") },
    ]
}

extension TypeDeclaration: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "qualifiedName": { $0.qualifiedName },
        "doc": { $0.doc },
        "isStruct": { $0.kind == .structure },
        "isStringEnum": { $0.kind == .stringEnum },
        "isIntEnum": { $0.kind == .integerEnum },
        "isOneOf": { $0.kind == .oneOf },
        "isTypealias": { if case .typeAlias = $0.kind { true } else { false } },
        "aliasTarget": { if case .typeAlias(let target) = $0.kind { SwiftSnippets.spelling(target) } else { nil } },
        "isValidatable": { if case .typeAlias = $0.kind { false } else { true } },
        "properties": { $0.properties },
        "hasProperties": { !$0.properties.isEmpty },
        "customCoding": { $0.customCoding },
        "ownJSON": { $0.kind == .structure && $0.composedValues.isEmpty && $0.properties.allSatisfy { $0.source == .key } },
        "composedValues": { $0.composedValues },
        "hasComposedValues": { !$0.composedValues.isEmpty },
        "cases": { $0.cases },
        "discriminatorProperty": { $0.discriminatorProperty.map(SwiftSnippets.stringLiteral) },
        "hasNested": { !$0.nested.isEmpty },
        "schema": { SwiftSnippets.schema($0.schema) },
        "schemaName": { $0.schemaName },
    ]
}

/// A type with its nested types already rendered and indented (see `Renderer.nestedSource`).
package struct TypeWithNestedSource: TemplateContext {
    var type: TypeDeclaration
    var nestedSource: String

    package static let templateKeys: [String: @Sendable (Self) -> Any?] = TypeDeclaration.templateKeys.mapValues { read in
        { @Sendable in read($0.type) }
    }.merging(["nestedSource": { $0.nestedSource }]) { _, new in new }
}

extension PropertyModel: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "jsonName": { $0.jsonName },
        "swiftName": { SwiftNaming.escaped($0.swiftName) },
        "codingKey": { SwiftNaming.escaped($0.swiftName) },
        "codingKeyRaw": { SwiftSnippets.codingKeyRawValue($0) },
        "type": { SwiftSnippets.spelling($0.declaredType) },
        "isIndirect": { $0.isIndirect },
        "doc": { $0.doc },
        "isLast": { $0.isLast },
        "initDefault": { SwiftSnippets.initDefault($0) },
        "decodeExpression": { SwiftSnippets.decodeExpression($0) },
        "encodeStatement": { SwiftSnippets.encodeStatement($0) },
        "readExpression": { SwiftSnippets.readExpression($0) },
        "writeStatement": { SwiftSnippets.writeStatement($0) },
    ]
}

extension EnumCase: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { SwiftNaming.escaped($0.name) },
        "rawValue": { SwiftSnippets.rawValue($0.value) },
        "payload": { $0.payload.map(SwiftSnippets.spelling) },
        "discriminatorValues": { $0.discriminatorValues.map(SwiftSnippets.stringLiteral) },
        "isIndirect": { $0.isIndirect },
    ]
}

extension OperationModel: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "operationId": { $0.operationId },
        "pageName": { $0.pageName },
        "paths": { [$0.path] + ($0.webTwin.map { [$0.path] } ?? []) },
        "summary": { $0.summary },
        "description": { $0.description },
        "method": { $0.method },
        "path": { $0.path },
        "requestURLs": { $0.requestURLs },
        "resourceRows": { $0.resourceRows },
        "parameterGroups": { $0.parameterGroups },
        "bodyExample": { $0.bodyExample },
        "bodyParameters": { $0.bodyParameters },
        "hasBodyParameters": { !$0.bodyParameters.isEmpty },
        "hasPrimaryOnlyParameters": { $0.hasPrimaryOnlyParameters },
        "primaryAudience": { $0.primaryAudience },
        "responses": { $0.responses },
        "errors": { $0.errors },
        "hasErrors": { !$0.errors.isEmpty },
        "swift": { $0.swift },
    ]
}

extension RequestURL: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = ["label": { $0.label }, "url": { $0.url }]
}

extension ResourceRow: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = ["label": { $0.label }, "value": { $0.value }]
}

extension ParameterGroup: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "title": { "\($0.location.rawValue.prefix(1).uppercased())\($0.location.rawValue.dropFirst()) Parameters" },
        "parameters": { $0.parameters },
    ]
}

/// `\*` mandatory, `\*\*` mandatory on the primary path only (Markdown-escaped asterisks).
private func marker(_ requirement: Requirement) -> String {
    switch requirement {
    case .optional: ""
    case .required: "\\*"
    case .requiredOnPrimaryOnly: "\\*\\*"
    }
}

extension ParameterModel: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "marker": { marker($0.required ? .required : .optional) },
        "datatype": { $0.datatype },
        "description": { $0.description },
    ]
}

extension BodyParameterModel: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "marker": { marker($0.requirement) },
        "datatype": { $0.datatype },
        "description": { $0.description },
    ]
}

extension ResponseModel: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "status": { $0.status },
        "description": { $0.description },
        "example": { $0.example },
        "headers": { $0.headers },
        "hasHeaders": { !$0.headers.isEmpty },
    ]
}

extension CatalogueEntry: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "code": { $0.error.code }, "httpStatus": { $0.error.httpStatus }, "summary": { $0.error.summary },
        "solution": { $0.error.solution }, "operations": { $0.operations },
    ]
}

extension ErrorModel: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "code": { $0.code }, "httpStatus": { $0.httpStatus }, "summary": { $0.summary }, "solution": { $0.solution },
    ]
}

extension SwiftOperation: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = {
        var keys: [String: @Sendable (Self) -> Any?] = [
            "memberName": { SwiftNaming.escaped($0.memberName) },
            "typeName": { $0.typeName },
            "summary": { $0.summary },
            "description": { $0.description },
            "hasDescription": { !$0.description.isEmpty },
            "method": { $0.method },
            "path": { $0.path },
            "deprecated": { $0.deprecated },
            "namespace": { SwiftSnippets.namespace($0) },
            "idLiteral": { SwiftSnippets.stringLiteral($0.operationId) },
            "pathLiteral": { SwiftSnippets.stringLiteral($0.path) },
            "methodLiteral": { SwiftSnippets.stringLiteral($0.method) },
            "inputDeclaration": { SwiftSnippets.inputDeclaration($0) },
            "batchDeclaration": { SwiftSnippets.batchDeclaration($0) },
            "inputCall": { SwiftSnippets.inputCall($0) },
            "parameterGroups": { $0.parameterGroups },
            "pathParameters": { $0.pathParameters },
            "queryParameters": { $0.queryParameters },
            "headerParameters": { $0.headerParameters },
            "parameters": { $0.parameters },
            "hasParameters": { !$0.parameters.isEmpty },
            // The client's request is changed only to add parameters or a body: `let` otherwise,
            // or the compiler warns about a `var` never mutated.
            "requestBinding": { $0.parameters.isEmpty && $0.body == nil ? "let" : "var" },
            "body": { $0.body },
            "routeBody": { $0.body.map { $0.isJSON ? ".json" : ".raw" } ?? ".none" },
            "bodySchema": { $0.body?.schemaName.map { "Schemas.\($0)" } },
            "batchMaxItems": { $0.body?.batchMaxItems },
            "outputs": { $0.outputs },
            "hasDefaultOutput": { $0.hasDefaultOutput },
            "batchResultType": { $0.batchResultType },
            "isBatch": { $0.isBatch },
            "responseInitializers": { SwiftResponseInitializer.of($0.outputs) },
        ]
        // One flag per route shape: the server route prints the one that is true.
        for kind in SwiftOperation.RouteKind.allCases {
            keys["route" + kind.rawValue.prefix(1).uppercased() + kind.rawValue.dropFirst()] = { $0.routeKind == kind }
        }
        return keys
    }()
}

extension SwiftParameterGroup: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "typeName": { SwiftSnippets.groupType($0.location) },
        "label": { SwiftSnippets.groupLabel($0.location) },
        "parameters": { $0.parameters },
    ]
}

extension SwiftParameter: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "name": { $0.name },
        "nameLiteral": { SwiftSnippets.stringLiteral($0.name) },
        "swiftName": { SwiftNaming.escaped($0.swiftName) },
        "argumentLabel": { SwiftSnippets.argumentLabel($0.swiftName) },
        "type": { SwiftSnippets.spelling($0.declaredType) },
        "required": { $0.required },
        "doc": { $0.doc },
        "initDefault": { $0.required ? "" : " = nil" },
        "serverRead": { SwiftSnippets.serverRead($0) },
        "location": { $0.location.rawValue },
        "schema": { SwiftSnippets.schema($0.schema) },
        "isLast": { $0.isLast },
    ]
}

extension SwiftBody: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "type": { SwiftSnippets.spelling($0.type) },
        "isJSON": { $0.isJSON },
        "contentTypeLiteral": { SwiftSnippets.stringLiteral($0.contentType) },
        "required": { $0.required },
        "schema": { $0.schemaName.map { "Schemas.\($0)" } },
        "batchMaxItems": { $0.batchMaxItems },
    ]
}

extension SwiftResponseInitializer: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "bodyType": { SwiftSnippets.spelling($0.bodyType) },
        "headerArguments": { SwiftSnippets.headerArguments($0) },
        "cases": { $0.cases.map(ResponseInitializerCase.init) },
    ]
}

/// One `case` of a response initializer.
struct ResponseInitializerCase: TemplateContext {
    var output: SwiftOutput

    static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "statusCode": { $0.output.statusCode },
        "caseName": { SwiftNaming.escaped($0.output.caseName) },
        "requiredHeaders": { SwiftSnippets.requiredHeaderGuards($0.output) },
        "payload": { SwiftSnippets.initializerPayload($0.output) },
    ]
}

extension SwiftOutput: TemplateContext {
    package static let templateKeys: [String: @Sendable (Self) -> Any?] = [
        "caseName": { SwiftNaming.escaped($0.caseName) },
        "statusPattern": { SwiftSnippets.statusPattern($0.status) },
        "statusCode": { $0.statusCode },
        "statusExpression": { SwiftSnippets.statusExpression($0) },
        "description": { $0.description },
        "hasBody": { $0.bodyType != nil },
        "bodyType": { $0.bodyType.map(SwiftSnippets.spelling) },
        "bodyIsJSON": { $0.bodyIsJSON },
        "contentTypeLiteral": { SwiftSnippets.stringLiteral($0.contentType) },
        "headers": { $0.headers },
        "hasHeaders": { !$0.headers.isEmpty },
        "payloadDeclaration": { SwiftSnippets.payloadDeclaration($0) },
        "payloadPattern": { SwiftSnippets.payloadPattern($0) },
        "payloadExpression": { SwiftSnippets.payloadExpression($0) },
    ]
}
