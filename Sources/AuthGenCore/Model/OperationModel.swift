/// One operation, as reference pages and the generated client and server need it.
public struct OperationModel: Sendable {
    public var operationId: String
    /// UpperCamel name of the operation, for Swift declarations.
    public var swiftName: String
    public var method: String
    public var path: String
    public var summary: String
    public var description: [String]
    public var hasDescription: Bool { !description.isEmpty }
    public var tags: [String]
    public var deprecated: Bool

    /// The web twin this operation's page also covers, when the spec links one.
    public var webTwin: TwinModel?
    /// Whether this operation is the web twin of another (its page is the mobile one's).
    public var isWebTwin: Bool

    public var requestURLs: [RequestURL]
    /// The rows of the resource information table.
    public var resourceRows: [ResourceRow] = []
    public var rateLimited: Bool
    public var authentication: String
    public var batchSupport: Bool
    public var maxBatch: Int?

    public var parameters: [ParameterModel]
    public var hasParameters: Bool { !parameters.isEmpty }
    /// The parameters by location (path, query, header, cookie), each under its own heading.
    public var parameterGroups: [ParameterGroup] {
        [("path", "Path Parameters"), ("query", "Query Parameters"), ("header", "Header Parameters"), ("cookie", "Cookie Parameters")]
            .compactMap { location, title in
                let matching = parameters.filter { $0.location == location }
                return matching.isEmpty ? nil : ParameterGroup(title: title, parameters: matching)
            }
    }
    public var bodyType: String?
    public var bodyExample: String?
    public var bodyParameters: [BodyParameterModel]
    public var hasBodyParameters: Bool { !bodyParameters.isEmpty }
    public var hasMobileOnlyParameters: Bool { bodyParameters.contains { $0.marker == "\\*\\*" } }
    public var responses: [ResponseModel]
    public var errors: [ErrorModel]
    public var hasErrors: Bool { !errors.isEmpty }

    /// Names and types for the generated client and server.
    public var swift: SwiftOperation
}

public struct TwinModel: Sendable {
    public var operationId: String
    public var path: String
}

public struct ResourceRow: Sendable {
    public var label: String
    public var value: String
}

public struct RequestURL: Sendable {
    public var label: String?
    public var url: String
}

public struct ParameterModel: Sendable {
    public var name: String
    public var location: String
    public var required: Bool
    public var marker: String
    public var datatype: String
    public var description: String
}

public struct ParameterGroup: Sendable {
    public var title: String
    public var parameters: [ParameterModel]
}

public struct BodyParameterModel: Sendable {
    public var name: String
    /// `\*` mandatory, `\*\*` mandatory on the mobile path only, empty otherwise.
    public var marker: String
    public var datatype: String
    public var description: String
}

public struct ResponseModel: Sendable {
    public var status: String
    public var description: String
    public var bodyType: String?
    public var example: String?
    public var headers: [String]
    public var hasHeaders: Bool { !headers.isEmpty }
}

public struct ErrorModel: Sendable {
    public var code: String
    public var httpStatus: String
    public var summary: String
    public var solution: String
}
