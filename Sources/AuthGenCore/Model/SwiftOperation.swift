/// What the generated client and server need of one operation: Swift names and types of its
/// parameters, body and responses, decided in Swift so templates only print.
public struct SwiftOperation: Sendable {
    /// The access level of the declarations; here too so templates find it one level up.
    public var access: String
    /// lowerCamel method name, escaped where it is a keyword.
    public var memberName: String
    /// `Operations.<Name>`, the namespace of the operation's types.
    public var namespace: String
    /// The Swift string literal of the operationId.
    public var idLiteral: String
    public var pathLiteral: String
    public var methodLiteral: String

    public var pathParameters: [SwiftParameter]
    public var queryParameters: [SwiftParameter]
    public var headerParameters: [SwiftParameter]
    public var hasPathParameters: Bool { !pathParameters.isEmpty }
    public var hasQueryParameters: Bool { !queryParameters.isEmpty }
    public var hasHeaderParameters: Bool { !headerParameters.isEmpty }
    /// Every parameter, for the server's up-front check.
    public var parameters: [SwiftParameter] { pathParameters + queryParameters + headerParameters }
    public var hasParameters: Bool { !parameters.isEmpty }
    /// Whether every query (header) parameter is optional, so the group defaults to `.init()`.
    public var queryDefaultable: Bool { queryParameters.allSatisfy { !$0.required } }
    public var headersDefaultable: Bool { headerParameters.allSatisfy { !$0.required } }

    public var body: SwiftBody?
    /// `.none`, `.json` or `.raw`: how the server route reads the body.
    public var routeBody: String { body.map { $0.isJSON ? ".json" : ".raw" } ?? ".none" }

    public var outputs: [SwiftOutput]
    /// Whether a `default` response covers every status the spec does not list.
    public var hasDefaultOutput: Bool { outputs.contains { $0.isDefault } }
    /// For a batch operation, the type of one item's result (the non-array 200 body).
    public var batchResultType: String?
    public var isBatch: Bool { body?.batchMaxItems != nil && batchResultType != nil }

    /// The parameter groups as `Input.init` declares them, each defaulted when it can be.
    private var groups: [(label: String, type: String, defaultable: Bool)] {
        var groups: [(String, String, Bool)] = []
        if hasPathParameters { groups.append(("path", "Path", false)) }
        if hasQueryParameters { groups.append(("query", "Query", queryDefaultable)) }
        if hasHeaderParameters { groups.append(("headers", "Headers", headersDefaultable)) }
        return groups
    }

    /// `Input.init`'s parameters: `query: Query = .init(), body: Body`.
    public var inputDeclaration: String {
        var parts = groups.map { "\($0.label): \($0.type)\($0.defaultable ? " = .init()" : "")" }
        if let body { parts.append(body.required ? "body: Body" : "body: Body? = nil") }
        return parts.joined(separator: ", ")
    }

    /// The client's batch method parameters: the bodies, then the parameter groups.
    public var batchDeclaration: String {
        let parts = ["batch bodies: [\(namespace).Input.Body]"]
            + groups.map { "\($0.label): \(namespace).Input.\($0.type)\($0.defaultable ? " = .init()" : "")" }
        return parts.joined(separator: ", ")
    }

    /// `Output.init?(statusCode:body:...)`, one per JSON body type of the fixed-status responses:
    /// how a handler answers with the documented response of a status it decided on.
    public var responseInitializers: [SwiftResponseInitializer] {
        var initializers: [SwiftResponseInitializer] = []
        for output in outputs {
            guard let status = output.statusCode, let bodyType = output.bodyType, output.bodyIsJSON else { continue }
            let payload = "(body" + output.headers.map { ", \($0.swiftName): \($0.swiftName)" }.joined() + ")"
            let guards = output.headers.filter(\.required).map { "guard let \($0.swiftName) else { return nil }; " }.joined()
            let entry = SwiftResponseInitializer.Case(statusCode: status, caseName: output.caseName, requiredHeaders: guards, payload: payload)
            if let index = initializers.firstIndex(where: { $0.bodyType == bodyType }) {
                initializers[index].cases.append(entry)
                for header in output.headers where !initializers[index].headers.contains(where: { $0.swiftName == header.swiftName }) {
                    initializers[index].headers.append(header)
                }
            } else {
                initializers.append(SwiftResponseInitializer(bodyType: bodyType, headers: output.headers, cases: [entry]))
            }
        }
        return initializers
    }

    /// The server's `Input(...)` call from local `path`, `query`, `headers` and `body`.
    public var inputCall: String {
        (groups.map { "\($0.label): \($0.label)" } + (body == nil ? [] : ["body: body"])).joined(separator: ", ")
    }
}

/// `Output.init?(statusCode:body:...)` for one body type.
public struct SwiftResponseInitializer: Sendable {
    public var bodyType: String
    /// Every header the responses with this body carry, each an optional argument.
    public var headers: [SwiftParameter]
    public var cases: [Case]

    /// `, retryAfter: Int? = nil` for the headers.
    public var headerArguments: String { headers.map { ", \($0.swiftName): \($0.baseType)? = nil" }.joined() }

    public struct Case: Sendable {
        public var statusCode: Int
        public var caseName: String
        /// `guard let name else { return nil }; ` for each header the case requires.
        public var requiredHeaders: String
        /// `(body, retryAfter: retryAfter)`.
        public var payload: String
    }
}

public struct SwiftParameter: Sendable {
    /// The name on the wire.
    public var name: String
    public var nameLiteral: String
    public var swiftName: String
    /// The type with `?` when optional.
    public var type: String
    /// The type without `?`, `[Element]` for arrays.
    public var baseType: String
    public var required: Bool
    public var doc: [String]
    public var initDefault: String { required ? "" : " = nil" }
    /// How the server reads it from `request`: `try request.query("name", as: Channel.self)`.
    public var serverRead = ""
    /// `path`, `query` or `header`.
    public var location = ""
    /// The `Schema` expression the server checks the value against.
    public var schema = ".any"
    public var isLast = false
}

public struct SwiftBody: Sendable {
    /// The Swift type of one body (the item, for batch bodies).
    public var type: String
    public var isJSON: Bool
    public var contentTypeLiteral: String
    public var required: Bool
    /// The `Schemas` member validating one body, for JSON bodies.
    public var schema: String?
    public var batchMaxItems: Int?
}

public struct SwiftOutput: Sendable {
    /// The enum case name, escaped where it is a keyword.
    public var caseName: String
    /// The status code for a fixed status; nil for `default` and ranges such as `2XX`.
    public var statusCode: Int?
    /// For ranges: the Swift range pattern, such as `200..<300`.
    public var statusRange: String?
    public var isDefault: Bool
    /// Whether the case carries the status code (default and ranges).
    public var carriesStatus: Bool { statusCode == nil }
    public var statusExpression: String { statusCode.map(String.init) ?? "statusCode" }
    public var description: [String]
    public var bodyType: String?
    /// A flag, not `bodyType` itself, guards template sections: a nil value would make
    /// Mustache look the name up in enclosing contexts (the operation's own `bodyType`).
    public var hasBody: Bool { bodyType != nil }
    public var bodyIsJSON: Bool
    public var contentTypeLiteral: String
    public var headers: [SwiftParameter]
    public var hasHeaders: Bool { !headers.isEmpty }
    /// The associated values as a declaration: `(StatusResponse, retryAfter: Int? = nil)`.
    public var payloadDeclaration: String
    /// The same as a binding pattern: `(let body, let retryAfter)`.
    public var payloadPattern: String
    /// The value built from a received `response`: `(body, retryAfter: response.header(...))`.
    public var payloadExpression: String
}
