import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A request as a generated server route reads it: parameters by name and the parsed body.
public struct ServerRequest: Sendable {
    /// The spec's operation ID of the route that received the request.
    public var operationID: String
    /// The request's header fields.
    public var headers: HTTPFields
    /// Path template values by parameter name, as matched (still percent-encoded).
    public var pathParameters: [String: Substring]
    /// Query items in order, percent-decoded.
    public var query: [(name: String, value: String)]
    /// The raw body; nil when the request had none.
    public var body: Data?
    /// The body parsed as JSON, for routes with a JSON body.
    public var json: JSONValue?
    /// The server's configuration, which the parameter and body checks consult.
    public var configuration: ServerConfiguration

    /// The position of the item a handler is answering within a batch body; nil while it
    /// answers a request of one item. A handler may refuse what it does not take in batches.
    @TaskLocal public static var batchIndex: Int?

    // MARK: Parameters

    /// A path parameter (simple style).
    public func path<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T {
        guard let value = try single(.path, name, as: T.self) else { throw invalid("\(Self.label(.path, name)) is missing") }
        return value
    }

    /// An array path parameter (simple style: comma-separated).
    public func path<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T] {
        guard let values = try list(.path, name, as: T.self) else { throw invalid("\(Self.label(.path, name)) is missing") }
        return values
    }

    /// A query parameter (form style); nil when absent, 400 when invalid or repeated.
    public func query<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T? {
        try single(.query, name, as: T.self)
    }

    /// An exploded array query parameter: every occurrence of the name; nil when absent.
    public func query<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T]? {
        try list(.query, name, as: T.self)
    }

    /// A query parameter the spec requires: 400 when absent.
    public func requiredQuery<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T {
        guard let value = try single(.query, name, as: T.self) else { throw invalid("\(Self.label(.query, name)) is required") }
        return value
    }

    /// An exploded array query parameter the spec requires: 400 when absent.
    public func requiredQuery<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T] {
        guard let values = try list(.query, name, as: T.self) else { throw invalid("\(Self.label(.query, name)) is required") }
        return values
    }

    /// A header parameter (simple style); nil when absent.
    public func header<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T? {
        try single(.header, name, as: T.self)
    }

    /// An array header parameter (simple style: comma-separated); nil when absent.
    public func header<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T]? {
        try list(.header, name, as: T.self)
    }

    /// A header the spec requires: 400 when absent.
    public func requiredHeader<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T {
        guard let value = try single(.header, name, as: T.self) else { throw invalid("\(Self.label(.header, name)) is required") }
        return value
    }

    /// An array header the spec requires: 400 when absent.
    public func requiredHeader<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T] {
        guard let values = try list(.header, name, as: T.self) else { throw invalid("\(Self.label(.header, name)) is required") }
        return values
    }

    /// A parameter's texts as sent: every occurrence of a query name; the percent-decoded path
    /// segment or the header value otherwise. The typed reads and `checkParameters` share it.
    func texts(_ location: ParameterRule.Location, _ name: String) -> [String] {
        switch location {
        case .path: pathParameters[name].map { [String($0).removingPercentEncoding ?? String($0)] } ?? []
        case .query: query.filter { $0.name == name }.map(\.value)
        case .header: HTTPField.Name(name).flatMap { headers[$0] }.map { [$0] } ?? []
        }
    }

    /// The items of an array parameter: one per query occurrence (form style, exploded), or the
    /// comma-separated items of the path segment or header (simple style).
    func items(_ location: ParameterRule.Location, _ name: String) -> [String]? {
        let texts = texts(location, name)
        guard !texts.isEmpty else { return nil }
        return location == .query ? texts : texts.flatMap(ParameterStyle.simpleItems)
    }

    static func label(_ location: ParameterRule.Location, _ name: String) -> String {
        location == .header ? "header '\(name)'" : "\(location.rawValue) parameter '\(name)'"
    }

    private func single<T: ParameterValue>(_ location: ParameterRule.Location, _ name: String, as type: T.Type) throws(RequestRejection) -> T? {
        let texts = texts(location, name)
        guard let text = texts.first else { return nil }
        guard texts.count == 1 else { throw invalid("\(Self.label(location, name)) is given \(texts.count) times") }
        return try parse(text, as: T.self, what: Self.label(location, name))
    }

    private func list<T: ParameterValue>(_ location: ParameterRule.Location, _ name: String, as type: T.Type) throws(RequestRejection) -> [T]? {
        guard let items = items(location, name) else { return nil }
        var values: [T] = []
        for item in items { values.append(try parse(item, as: T.self, what: Self.label(location, name))) }
        return values
    }

    private func parse<T: ParameterValue>(_ text: String, as type: T.Type, what: String) throws(RequestRejection) -> T {
        guard let value = T(parameterText: text) else { throw invalid("\(what) has an invalid value '\(text)'") }
        return value
    }

    private func invalid(_ message: String) -> RequestRejection {
        RequestRejection(.invalidInput, message: "Invalid parameters", issues: [ValidationIssue(pointer: .root, message: message)])
    }

    // MARK: Bodies

    /// The body as raw bytes, for content other than JSON; 400 when absent.
    public func requiredRawBody() throws(RequestRejection) -> Data {
        guard let body else { throw RequestRejection(.invalidInput, message: "A request body is required") }
        return body
    }

    /// Validates and decodes a JSON body, then calls `handle`; 400 when there is none.
    public func withBody<Body: Decodable>(
        _ type: Body.Type, schema: Schema, handle: (Body) async throws -> APIResponse
    ) async throws -> APIResponse {
        guard let json else { throw RequestRejection(.invalidInput, message: "A request body is required") }
        return try await handle(try decode(Body.self, from: json, schema: schema, at: .root))
    }

    /// Like `withBody`, but an absent body reaches the handler as nil.
    public func withOptionalBody<Body: Decodable>(
        _ type: Body.Type, schema: Schema, handle: (Body?) async throws -> APIResponse
    ) async throws -> APIResponse {
        guard let json else { return try await handle(nil) }
        return try await handle(try decode(Body.self, from: json, schema: schema, at: .root))
    }

    /// A body that is one item or an array of 1...`maxItems` items. One item is handled as
    /// `withBody` does. An array is validated whole first: any item that breaks the schema
    /// refuses the batch (400, every issue with its `/N/...` pointer). Then each item is handled
    /// on its own, and the answer is 200 with a JSON array of per-item results in request
    /// order, so one refused item does not hold up the others.
    public func withBatchBody<Item: Decodable>(
        _ type: Item.Type, schema: Schema, maxItems: Int, handle: (Item) async throws -> APIResponse
    ) async throws -> APIResponse {
        guard case .array(let items)? = json else { return try await withBody(Item.self, schema: schema, handle: handle) }
        guard (1...maxItems).contains(items.count) else {
            throw RequestRejection(
                .invalidInput, message: "Invalid batch",
                issues: [
                    ValidationIssue(pointer: .root, message: "a batch holds 1 to \(maxItems) requests; this one holds \(items.count)")
                ])
        }
        var decoded: [Item] = []
        decoded.reserveCapacity(items.count)
        var issues: [ValidationIssue] = []
        for (index, item) in items.enumerated() {
            do {
                decoded.append(try decode(Item.self, from: item, schema: schema, at: JSONPointer.root.appending(index)))
            } catch {
                issues += error.issues
            }
        }
        guard issues.isEmpty else { throw RequestRejection(.invalidInput, message: "Invalid details supplied", issues: issues) }

        var results = Data("[".utf8)
        for (index, item) in decoded.enumerated() {
            let response: APIResponse
            do {
                response = try await Self.$batchIndex.withValue(index) { try await handle(item) }
            } catch let rejection as RequestRejection {
                response = configuration.rejectionResponse(rejection)
            }
            if index > 0 { results.append(UInt8(ascii: ",")) }
            results.append(response.body.flatMap { $0.isEmpty ? nil : $0 } ?? Data("null".utf8))
        }
        results.append(UInt8(ascii: "]"))
        return .raw(200, results, contentType: "application/json; charset=utf-8")
    }

    /// Checks a parsed value against its schema and decodes the typed value from it (never
    /// from the bytes again: one parse, one reading of every key).
    private func decode<Body: Decodable>(
        _ type: Body.Type, from json: JSONValue, schema: Schema, at pointer: JSONPointer
    ) throws(RequestRejection) -> Body {
        if configuration.validatesRequests {
            let issues = schema.validate(json)
            if !issues.isEmpty {
                throw RequestRejection(
                    .invalidInput, message: "Invalid details supplied",
                    issues: issues.map { issue in
                        ValidationIssue(pointer: JSONPointer(pointer.description + issue.pointer), message: issue.message)
                    })
            }
        }
        do {
            return try JSONValueDecoder().decode(Body.self, from: json)
        } catch {
            throw RequestRejection(
                .invalidInput, message: "Invalid details supplied",
                issues: [
                    ValidationIssue(pointer: pointer, message: "does not match the schema: \(Self.describe(error))")
                ])
        }
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: "/")
            return path.isEmpty ? context.debugDescription : "/\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
