/// One operation, as reference pages and the generated client and server need it.
package struct OperationModel: Sendable, Equatable {
    package var operationId: String
    /// The file name of its reference page, without `.md`: the operationId where that is a safe
    /// file name, otherwise spelt safe (`../x` → `_.._x`), unique, never `index` or `errors`.
    package var pageName = ""
    /// UpperCamel name of the operation, for Swift declarations.
    package var swiftName: String
    package var method: String
    package var path: String
    package var summary: String
    package var description: [String]
    package var hasDescription: Bool { !description.isEmpty }
    package var tags: [String]
    package var deprecated: Bool

    /// The web twin this operation's page also covers, when the spec links one.
    package var webTwin: TwinModel?
    /// Whether this operation is the web twin of another (its page is the mobile one's).
    package var isWebTwin: Bool
    /// Who needs the parameters required on this (the primary) path only, when it has a twin.
    package var primaryAudience: String?

    package var requestURLs: [RequestURL]
    /// The rows of the resource information table.
    package var resourceRows: [ResourceRow] = []
    package var rateLimited: Bool
    package var authentication: String
    package var batchSupport: Bool
    package var maxBatch: Int?

    package var parameters: [ParameterModel]
    package var hasParameters: Bool { !parameters.isEmpty }
    /// The parameters by location (path, query, header, cookie), each under its own heading.
    package var parameterGroups: [ParameterGroup] {
        ParameterLocation.allCases.compactMap { location in
            let matching = parameters.filter { $0.location == location }
            return matching.isEmpty ? nil : ParameterGroup(location: location, parameters: matching)
        }
    }
    package var bodyType: String?
    package var bodyExample: String?
    package var bodyParameters: [BodyParameterModel]
    package var hasBodyParameters: Bool { !bodyParameters.isEmpty }
    package var hasPrimaryOnlyParameters: Bool { bodyParameters.contains { $0.requirement == .requiredOnPrimaryOnly } }
    package var responses: [ResponseModel]
    package var errors: [ErrorModel]
    package var hasErrors: Bool { !errors.isEmpty }

    /// Names and types for the generated client and server.
    package var swift: SwiftOperation
}

package struct TwinModel: Sendable, Equatable {
    package var operationId: String
    package var path: String
}

package struct ResourceRow: Sendable, Equatable {
    package var label: String
    package var value: String
}

package struct RequestURL: Sendable, Equatable, Encodable {
    package var label: String?
    package var url: String
}

package struct ParameterModel: Sendable, Equatable, Encodable {
    package var name: String
    package var location: ParameterLocation
    package var required: Bool
    package var datatype: String
    package var description: String
}

package struct ParameterGroup: Sendable, Equatable {
    package var location: ParameterLocation
    package var parameters: [ParameterModel]
}

package struct BodyParameterModel: Sendable, Equatable, Encodable {
    package var name: String
    package var requirement: Requirement
    package var datatype: String
    package var description: String
}

package struct ResponseModel: Sendable, Equatable {
    package var status: String
    package var description: String
    package var bodyType: String?
    package var example: String?
    package var headers: [String]
    package var hasHeaders: Bool { !headers.isEmpty }
}

package struct ErrorModel: Sendable, Hashable, Encodable {
    package var code: String
    package var httpStatus: String
    package var summary: String
    package var solution: String
}

/// Where a parameter travels, in the order reference pages list them.
package enum ParameterLocation: String, Sendable, Equatable, CaseIterable, Encodable {
    case path, query, header, cookie
}

/// Whether a body parameter must be sent.
package enum Requirement: String, Sendable, Equatable, Encodable {
    case optional
    case required
    /// Required by this operation, optional in its twin (the web path of a mobile operation).
    case requiredOnPrimaryOnly
}
