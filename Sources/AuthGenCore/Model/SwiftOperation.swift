/// What the generated client and server need of one operation: Swift names and types of its
/// parameters, body and responses.
package struct SwiftOperation: Sendable, Equatable {
    /// lowerCamel method name, bare (the rendering escapes a keyword).
    package var memberName: String
    /// UpperCamel name: the operation's types live in `Operations.<typeName>`.
    package var typeName: String
    package var operationId: String
    package var path: String
    /// Upper case, as sent.
    package var method: String
    /// One line: it heads doc comments.
    package var summary: String
    package var description: [String]
    package var deprecated: Bool

    package var pathParameters: [SwiftParameter]
    package var queryParameters: [SwiftParameter]
    package var headerParameters: [SwiftParameter]
    /// Every parameter, for the server's up-front check.
    package var parameters: [SwiftParameter] { pathParameters + queryParameters + headerParameters }

    package var body: SwiftBody?
    package var outputs: [SwiftOutput]
    /// Whether a `default` response covers every status the spec does not list.
    package var hasDefaultOutput: Bool { outputs.contains { $0.status == .default } }
    /// For a batch operation, the type of one item's result (the non-array 200 body).
    package var batchResultType: String?
    package var isBatch: Bool { body?.batchMaxItems != nil && batchResultType != nil }

    /// The parameter groups of `Input`, in declaration order, each with its members.
    package var parameterGroups: [SwiftParameterGroup] {
        [(ParameterLocation.path, pathParameters), (.query, queryParameters), (.header, headerParameters)]
            .compactMap { location, members in members.isEmpty ? nil : SwiftParameterGroup(location: location, parameters: members) }
    }

    /// How the server route hands the request to the handler.
    package var routeKind: RouteKind {
        guard let body else { return .noBody }
        guard body.isJSON else { return body.required ? .requiredRawBody : .optionalRawBody }
        if body.batchMaxItems != nil { return body.required ? .batch : .optionalBatch }
        return body.required ? .requiredBody : .optionalBody
    }

    /// The seven shapes of a server route: no body; a JSON body, a batch or a raw body, each
    /// required or optional.
    package enum RouteKind: String, Sendable, Equatable, CaseIterable {
        case noBody, requiredBody, optionalBody, batch, optionalBatch, requiredRawBody, optionalRawBody
    }
}

/// The parameters of one location, as `Input.Path`, `Input.Query` or `Input.Headers`.
package struct SwiftParameterGroup: Sendable, Equatable {
    package var location: ParameterLocation
    package var parameters: [SwiftParameter]
    /// Whether every member is optional, so the group defaults to `.init()` (never the path).
    package var defaultable: Bool { location != .path && parameters.allSatisfy { !$0.required } }
}

/// `Output.init?(statusCode:body:...)` for one body type.
package struct SwiftResponseInitializer: Sendable, Equatable {
    package var bodyType: SwiftType
    /// Every header the responses with this body carry, each an optional argument.
    package var headers: [SwiftParameter]
    package var cases: [SwiftOutput]

    /// The initializers of `outputs`, one per JSON body type of the fixed-status responses: how
    /// a handler answers with the documented response of a status it decided on.
    static func of(_ outputs: [SwiftOutput]) -> [SwiftResponseInitializer] {
        var initializers: [SwiftResponseInitializer] = []
        for output in outputs {
            guard case .code = output.status, let bodyType = output.bodyType, output.bodyIsJSON else { continue }
            if let index = initializers.firstIndex(where: { $0.bodyType == bodyType }) {
                initializers[index].cases.append(output)
                for header in output.headers where !initializers[index].headers.contains(where: { $0.swiftName == header.swiftName }) {
                    initializers[index].headers.append(header)
                }
            } else {
                initializers.append(SwiftResponseInitializer(bodyType: bodyType, headers: output.headers, cases: [output]))
            }
        }
        return initializers
    }
}

package struct SwiftParameter: Sendable, Equatable {
    /// The name on the wire.
    package var name: String
    package var swiftName: String
    /// The type without `?`.
    package var type: SwiftType
    package var required: Bool
    package var doc: [String]
    package var location: ParameterLocation
    /// What the server checks the value against (response headers: `.any`).
    package var schema: ValidatorSchema = .any
    package var isLast = false

    /// The type as declared, with `?` when optional.
    package var declaredType: SwiftType { type.optional(!required) }
}

package struct SwiftBody: Sendable, Equatable {
    /// The Swift type of one body (the item, for batch bodies).
    package var type: SwiftType
    package var isJSON: Bool
    package var contentType: String
    package var required: Bool
    /// The `Schemas` member validating one body, for JSON bodies.
    package var schemaName: String?
    package var batchMaxItems: Int?
}

package struct SwiftOutput: Sendable, Equatable {
    /// Which statuses a response covers.
    package enum Status: Sendable, Equatable {
        case code(Int)
        /// `2XX`: the hundred statuses from `lowerBound`.
        case range(lowerBound: Int)
        case `default`
    }

    /// The enum case name, bare (the rendering escapes a keyword).
    package var caseName: String
    package var status: Status
    package var description: [String]
    package var bodyType: SwiftType?
    package var bodyIsJSON: Bool
    package var contentType: String
    package var headers: [SwiftParameter]

    package var statusCode: Int? {
        if case .code(let code) = status { return code }
        return nil
    }
}
