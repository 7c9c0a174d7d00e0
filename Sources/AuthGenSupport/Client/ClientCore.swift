import Foundation
import HTTPTypes
import OpenAPIRuntime

/// What every generated client shares: where to send, how, and what to check first.
public struct ClientCore: Sendable {
    /// The base URL; its path prefixes every operation's path.
    public var serverURL: URL
    /// What sends the requests, such as an HTTP client transport or `InMemoryTransport`.
    public var transport: any ClientTransport
    /// Wrap every request and its response, the first one outermost.
    public var middlewares: [any ClientMiddleware]
    /// Whether requests are checked against the spec's schemas before they are sent.
    public var validatesRequests: Bool
    /// Responses larger than this are refused rather than buffered.
    public var maxResponseBytes: Int

    /// Defaults to no middlewares, validation on, and a 16 MiB response limit.
    public init(
        serverURL: URL, transport: any ClientTransport, middlewares: [any ClientMiddleware] = [],
        validatesRequests: Bool = true, maxResponseBytes: Int = 16 << 20
    ) {
        self.serverURL = serverURL
        self.transport = transport
        self.middlewares = middlewares
        self.validatesRequests = validatesRequests
        self.maxResponseBytes = maxResponseBytes
    }

    /// Checks a body against its schema (when enabled), throwing every issue at once.
    public func validate(_ body: some Encodable, against schema: Schema) throws {
        guard validatesRequests else { return }
        let issues = schema.validate(try JSONValue(encoding: body))
        if !issues.isEmpty { throw ValidationError(issues: issues) }
    }

    /// Checks a batch: 1...`maxItems` bodies, each against its schema, issues pointing into the array.
    public func validate(batch bodies: [some Encodable], against schema: Schema, maxItems: Int) throws {
        guard validatesRequests else { return }
        let issues = Schema.array(schema, ArrayRules(minItems: 1, maxItems: maxItems)).validate(try JSONValue(encoding: bodies))
        if !issues.isEmpty { throw ValidationError(issues: issues) }
    }

    /// Sends a request through the middlewares and the transport, and reads the whole response.
    public func send(_ request: APIRequest, operationID: String) async throws -> APIResponse {
        guard let method = HTTPRequest.Method(request.method) else { throw InvalidRequestError(message: "invalid HTTP method '\(request.method)'") }
        var fields = HTTPFields()
        for (name, value) in request.headers {
            guard let field = HTTPField.Name(name) else { throw InvalidRequestError(message: "invalid header name '\(name)'") }
            fields.append(HTTPField(name: field, value: value))
        }
        if let contentType = request.contentType { fields[.contentType] = contentType }
        fields[.accept] = "application/json"
        let httpRequest = HTTPRequest(method: method, scheme: nil, authority: nil, path: request.pathAndQuery, headerFields: fields)

        var next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?) = { [transport] in
            try await transport.send($0, body: $1, baseURL: $2, operationID: operationID)
        }
        for middleware in middlewares.reversed() {
            let tail = next
            next = { try await middleware.intercept($0, body: $1, baseURL: $2, operationID: operationID, next: tail) }
        }
        let (response, body) = try await next(httpRequest, request.body.map { HTTPBody($0) }, serverURL)
        let data: Data? = if let body { try await Data(collecting: body, upTo: maxResponseBytes) } else { nil }
        return APIResponse(statusCode: response.status.code, headers: response.headerFields, body: data)
    }
}

/// A request the client cannot build, such as a header name HTTP does not allow.
public struct InvalidRequestError: Error, CustomStringConvertible {
    /// What is wrong with the request.
    public var message: String
    /// The same as `message`.
    public var description: String { message }
}
