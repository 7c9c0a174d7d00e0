/// What the generated client and server need of one operation: Swift names and types of its
/// parameters, body and responses, decided in Swift so templates only print.
package struct SwiftOperation: Sendable {
    /// The access level of the declarations; here too so templates find it one level up.
    package var access: String
    /// lowerCamel method name, escaped where it is a keyword.
    package var memberName: String
    /// `Operations.<Name>`, the namespace of the operation's types.
    package var namespace: String
    /// The Swift string literal of the operationId.
    package var idLiteral: String
    package var pathLiteral: String
    package var methodLiteral: String

    package var pathParameters: [SwiftParameter]
    package var queryParameters: [SwiftParameter]
    package var headerParameters: [SwiftParameter]
    package var hasPathParameters: Bool { !pathParameters.isEmpty }
    package var hasQueryParameters: Bool { !queryParameters.isEmpty }
    package var hasHeaderParameters: Bool { !headerParameters.isEmpty }
    /// Every parameter, for the server's up-front check.
    package var parameters: [SwiftParameter] { pathParameters + queryParameters + headerParameters }
    package var hasParameters: Bool { !parameters.isEmpty }
    /// Whether every query (header) parameter is optional, so the group defaults to `.init()`.
    package var queryDefaultable: Bool { queryParameters.allSatisfy { !$0.required } }
    package var headersDefaultable: Bool { headerParameters.allSatisfy { !$0.required } }

    package var body: SwiftBody?
    /// `.none`, `.json` or `.raw`: how the server route reads the body.
    package var routeBody: String { body.map { $0.isJSON ? ".json" : ".raw" } ?? ".none" }

    package var outputs: [SwiftOutput]
    /// Whether a `default` response covers every status the spec does not list.
    package var hasDefaultOutput: Bool { outputs.contains { $0.isDefault } }
    /// For a batch operation, the type of one item's result (the non-array 200 body).
    package var batchResultType: String?
    package var isBatch: Bool { body?.batchMaxItems != nil && batchResultType != nil }

    /// The parameter groups as `Input.init` declares them, each defaulted when it can be.
    private var groups: [(label: String, type: String, defaultable: Bool)] {
        var groups: [(String, String, Bool)] = []
        if hasPathParameters { groups.append(("path", "Path", false)) }
        if hasQueryParameters { groups.append(("query", "Query", queryDefaultable)) }
        if hasHeaderParameters { groups.append(("headers", "Headers", headersDefaultable)) }
        return groups
    }

    /// `Input.init`'s parameters: `query: Query = .init(), body: Body`.
    package var inputDeclaration: String {
        var parts = groups.map { "\($0.label): \($0.type)\($0.defaultable ? " = .init()" : "")" }
        if let body { parts.append(body.required ? "body: Body" : "body: Body? = nil") }
        return parts.joined(separator: ", ")
    }

    /// The client's batch method parameters: the bodies, then the parameter groups.
    package var batchDeclaration: String {
        let parts = ["batch bodies: [\(namespace).Input.Body]"]
            + groups.map { "\($0.label): \(namespace).Input.\($0.type)\($0.defaultable ? " = .init()" : "")" }
        return parts.joined(separator: ", ")
    }

    /// `Output.init?(statusCode:body:...)`, one per JSON body type of the fixed-status responses:
    /// how a handler answers with the documented response of a status it decided on.
    package var responseInitializers: [SwiftResponseInitializer] {
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
    package var inputCall: String {
        (groups.map { "\($0.label): \($0.label)" } + (body == nil ? [] : ["body: body"])).joined(separator: ", ")
    }
}

/// `Output.init?(statusCode:body:...)` for one body type.
package struct SwiftResponseInitializer: Sendable {
    package var bodyType: String
    /// Every header the responses with this body carry, each an optional argument.
    package var headers: [SwiftParameter]
    package var cases: [Case]

    /// `, retryAfter: Int? = nil` for the headers.
    package var headerArguments: String { headers.map { ", \($0.swiftName): \($0.baseType)? = nil" }.joined() }

    package struct Case: Sendable {
        package var statusCode: Int
        package var caseName: String
        /// `guard let name else { return nil }; ` for each header the case requires.
        package var requiredHeaders: String
        /// `(body, retryAfter: retryAfter)`.
        package var payload: String
    }
}

package struct SwiftParameter: Sendable {
    /// The name on the wire.
    package var name: String
    package var nameLiteral: String
    package var swiftName: String
    /// The name as the label of an argument in a call.
    package var argumentLabel: String { SwiftNaming.argumentLabel(swiftName) }
    /// The type with `?` when optional.
    package var type: String
    /// The type without `?`, `[Element]` for arrays.
    package var baseType: String
    package var required: Bool
    package var doc: [String]
    package var initDefault: String { required ? "" : " = nil" }
    /// How the server reads it from `request`: `try request.query("name", as: Channel.self)`.
    package var serverRead = ""
    /// `path`, `query` or `header`.
    package var location = ""
    /// The `Schema` expression the server checks the value against.
    package var schema = ".any"
    package var isLast = false
}

package struct SwiftBody: Sendable {
    /// The Swift type of one body (the item, for batch bodies).
    package var type: String
    package var isJSON: Bool
    package var contentTypeLiteral: String
    package var required: Bool
    /// The `Schemas` member validating one body, for JSON bodies.
    package var schema: String?
    package var batchMaxItems: Int?
}

package struct SwiftOutput: Sendable {
    /// The enum case name, escaped where it is a keyword.
    package var caseName: String
    /// The status code for a fixed status; nil for `default` and ranges such as `2XX`.
    package var statusCode: Int?
    /// For ranges: the Swift range pattern, such as `200..<300`.
    package var statusRange: String?
    package var isDefault: Bool
    /// Whether the case carries the status code (default and ranges).
    package var carriesStatus: Bool { statusCode == nil }
    package var statusExpression: String { statusCode.map(String.init) ?? "statusCode" }
    package var description: [String]
    package var bodyType: String?
    /// A flag, not `bodyType` itself, guards template sections: a nil value would make
    /// Mustache look the name up in enclosing contexts (the operation's own `bodyType`).
    package var hasBody: Bool { bodyType != nil }
    package var bodyIsJSON: Bool
    package var contentTypeLiteral: String
    package var headers: [SwiftParameter]
    package var hasHeaders: Bool { !headers.isEmpty }
    /// The associated values as a declaration: `(StatusResponse, retryAfter: Int? = nil)`.
    package var payloadDeclaration: String
    /// The same as a binding pattern: `(let body, let retryAfter)`.
    package var payloadPattern: String
    /// The value built from a received `response`: `(body, retryAfter: response.header(...))`.
    package var payloadExpression: String
}
