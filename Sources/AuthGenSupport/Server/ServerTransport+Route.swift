import Foundation
import HTTPTypes
import OpenAPIRuntime

/// One operation as a generated server registers it.
public struct Route: Sendable {
    /// What request body the operation takes, and how it is read.
    public enum Body: Sendable {
        /// No body; anything sent is not read.
        case none
        /// A JSON body: checked for content type, size and syntax before the handler.
        case json
        /// Any other content, passed through as bytes (size still limited).
        case raw
    }

    /// The spec's operation ID, passed to the middlewares.
    public var operationID: String
    /// The HTTP method, such as `GET`.
    public var method: String
    /// The path template from the spec, such as `/pets/{petId}`.
    public var path: String
    /// How the request body is read before the handler.
    public var body: Body

    /// A route as the generator writes it from the spec.
    public init(operationID: String, method: String, path: String, body: Body) {
        self.operationID = operationID
        self.method = method
        self.path = path
        self.body = body
    }
}

extension ServerTransport {
    /// Registers a generated route: reads and checks the body (415, 413, 400 with the position
    /// of malformed JSON), runs the middlewares, and answers any `RequestRejection` the handler
    /// throws with `configuration.rejectionResponse`.
    public func register(
        _ route: Route, serverURL: URL, configuration: ServerConfiguration, middlewares: [any ServerMiddleware],
        handler: @escaping @Sendable (ServerRequest) async throws -> APIResponse
    ) throws {
        guard let method = HTTPRequest.Method(route.method) else { throw InvalidRequestError(message: "invalid HTTP method '\(route.method)'") }
        let prefix = serverURL.path.hasSuffix("/") ? String(serverURL.path.dropLast()) : serverURL.path
        var next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?) = { request, body, metadata in
            let response: APIResponse
            do {
                let serverRequest = try await ServerRequest.read(request, body: body, metadata: metadata, route: route, configuration: configuration)
                response = try await handler(serverRequest)
            } catch let rejection as RequestRejection {
                response = configuration.rejectionResponse(rejection)
            }
            var fields = response.headers
            if let body = response.body { fields[.contentLength] = String(body.count) }
            return (HTTPResponse(status: .init(code: response.statusCode), headerFields: fields), response.body.map { HTTPBody($0) })
        }
        for middleware in middlewares.reversed() {
            let tail = next
            next = { try await middleware.intercept($0, body: $1, metadata: $2, operationID: route.operationID, next: tail) }
        }
        try register(next, method: method, path: prefix + route.path)
    }
}

extension ServerTransport {
    /// Answers the methods `path` does not declare: OPTIONS with 204, every other one with 405,
    /// both with `Allow` listing what the path serves (RFC 9110 §15.5.6).
    public func registerUndeclaredMethods(path: String, declared: [String], serverURL: URL, configuration: ServerConfiguration) throws {
        let prefix = serverURL.path.hasSuffix("/") ? String(serverURL.path.dropLast()) : serverURL.path
        let allow = Set(declared + ["OPTIONS"]).sorted().joined(separator: ", ")
        let refused = configuration.rejectionResponse(RequestRejection(.methodNotAllowed, message: "Method not allowed; this path serves \(allow)"))
        for name in Self.methods where !declared.contains(name) {
            guard let method = HTTPRequest.Method(name) else { continue }
            let response = name == "OPTIONS" ? APIResponse(statusCode: 204) : refused
            var fields = response.headers
            fields[.allow] = allow
            if let body = response.body { fields[.contentLength] = String(body.count) }
            let head = HTTPResponse(status: .init(code: response.statusCode), headerFields: fields)
            let body = response.body
            try register({ _, _, _ in (head, body.map { HTTPBody($0) }) }, method: method, path: prefix + path)
        }
    }

    /// The methods a request may name that a route can answer.
    static var methods: [String] { ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "QUERY"] }
}

extension ServerRequest {
    static func read(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, route: Route, configuration: ServerConfiguration
    ) async throws -> ServerRequest {
        var data: Data?
        if route.body != .none, let body {
            data = try await collect(body, limit: configuration.maxBodyBytes)
            if data?.isEmpty == true { data = nil }
        }
        var json: JSONValue?
        if route.body == .json, let data {
            if let contentType = request.headerFields[.contentType], !isJSON(contentType) {
                throw RequestRejection(.unsupportedMediaType, message: "Unsupported content type '\(contentType)'; send application/json")
            }
            do {
                json = try JSONParser.parse(data)
            } catch {
                throw RequestRejection(
                    .malformedBody, message: "Malformed JSON",
                    issues: [
                        ValidationIssue(pointer: error.pointer, message: "\(error.message) (line \(error.line), column \(error.column))")
                    ])
            }
        }
        return ServerRequest(
            operationID: route.operationID, headers: request.headerFields, pathParameters: metadata.pathParameters,
            query: queryItems(request.path), body: data, json: json, configuration: configuration)
    }

    private static func collect(_ body: HTTPBody, limit: Int) async throws -> Data {
        let tooLarge = RequestRejection(.contentTooLarge, message: "The request body is larger than \(limit) bytes")
        if case .known(let length) = body.length, length > limit { throw tooLarge }
        var data = Data()
        for try await chunk in body {
            guard data.count + chunk.count <= limit else { throw tooLarge }
            data.append(contentsOf: chunk)
        }
        return data
    }

    /// Whether a content type is JSON: `application/json` or `application/*+json`, any
    /// parameters (charset), any case. The common exact value is answered first.
    static func isJSON(_ contentType: String) -> Bool {
        if contentType == "application/json" { return true }
        var media = contentType[...]
        if let semicolon = media.firstIndex(of: ";") { media = media[..<semicolon] }
        while media.first == " " || media.first == "\t" { media = media.dropFirst() }
        while media.last == " " || media.last == "\t" { media = media.dropLast() }
        let type = media.lowercased()
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    static func queryItems(_ path: String?) -> [(name: String, value: String)] {
        guard let path, let start = path.firstIndex(of: "?") else { return [] }
        let end = path.firstIndex(of: "#") ?? path.endIndex
        guard start < end else { return [] }
        return path[path.index(after: start)..<end].split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
