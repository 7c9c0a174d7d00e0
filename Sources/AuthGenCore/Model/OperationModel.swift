/// One operation, as reference pages and the generated client and server need it.
package struct OperationModel: Sendable {
    package var operationId: String
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
        [("path", "Path Parameters"), ("query", "Query Parameters"), ("header", "Header Parameters"), ("cookie", "Cookie Parameters")]
            .compactMap { location, title in
                let matching = parameters.filter { $0.location == location }
                return matching.isEmpty ? nil : ParameterGroup(title: title, parameters: matching)
            }
    }
    package var bodyType: String?
    package var bodyExample: String?
    package var bodyParameters: [BodyParameterModel]
    package var hasBodyParameters: Bool { !bodyParameters.isEmpty }
    package var hasMobileOnlyParameters: Bool { bodyParameters.contains { $0.marker == "\\*\\*" } }
    package var responses: [ResponseModel]
    package var errors: [ErrorModel]
    package var hasErrors: Bool { !errors.isEmpty }

    /// Names and types for the generated client and server.
    package var swift: SwiftOperation
}

package struct TwinModel: Sendable {
    package var operationId: String
    package var path: String
}

package struct ResourceRow: Sendable {
    package var label: String
    package var value: String
}

package struct RequestURL: Sendable {
    package var label: String?
    package var url: String
}

package struct ParameterModel: Sendable {
    package var name: String
    package var location: String
    package var required: Bool
    package var marker: String
    package var datatype: String
    package var description: String
}

package struct ParameterGroup: Sendable {
    package var title: String
    package var parameters: [ParameterModel]
}

package struct BodyParameterModel: Sendable {
    package var name: String
    /// `\*` mandatory, `\*\*` mandatory on the mobile path only, empty otherwise.
    package var marker: String
    package var datatype: String
    package var description: String
}

package struct ResponseModel: Sendable {
    package var status: String
    package var description: String
    package var bodyType: String?
    package var example: String?
    package var headers: [String]
    package var hasHeaders: Bool { !headers.isEmpty }
}

package struct ErrorModel: Sendable {
    package var code: String
    package var httpStatus: String
    package var summary: String
    package var solution: String
}
