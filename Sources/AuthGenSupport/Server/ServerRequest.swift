import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A request as a generated server route reads it: parameters by name and the parsed body.
public struct ServerRequest: Sendable {
    public var operationID: String
    public var headers: HTTPFields
    public var pathParameters: [String: Substring]
    /// Query items in order, percent-decoded.
    public var query: [(name: String, value: String)]
    /// The raw body; nil when the request had none.
    public var body: Data?
    /// The body parsed as JSON, for routes with a JSON body.
    public var json: JSONValue?
    public var configuration: ServerConfiguration

    // MARK: Parameters

    /// A path parameter (simple style).
    public func path<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T {
        guard let text = pathParameters[name].flatMap({ String($0).removingPercentEncoding }) else {
            throw invalid("path parameter '\(name)' is missing")
        }
        return try parse(text, as: T.self, what: "path parameter '\(name)'")
    }

    public func path<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T] {
        guard let text = pathParameters[name].flatMap({ String($0).removingPercentEncoding }) else {
            throw invalid("path parameter '\(name)' is missing")
        }
        var values: [T] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            values.append(try parse(String(part), as: T.self, what: "path parameter '\(name)'"))
        }
        return values
    }

    /// A query parameter (form style); nil when absent, 400 when invalid or repeated.
    public func query<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T? {
        let values = query.filter { $0.name == name }
        guard let last = values.last else { return nil }
        guard values.count == 1 else { throw invalid("query parameter '\(name)' is given \(values.count) times") }
        return try parse(last.value, as: T.self, what: "query parameter '\(name)'")
    }

    /// An exploded array query parameter: every occurrence of the name; nil when absent.
    public func query<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T]? {
        let values = query.filter { $0.name == name }
        if values.isEmpty { return nil }
        var parsed: [T] = []
        for value in values { parsed.append(try parse(value.value, as: T.self, what: "query parameter '\(name)'")) }
        return parsed
    }

    /// A query parameter the spec requires: 400 when absent.
    public func requiredQuery<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T {
        guard let value = try query(name, as: T.self) else { throw invalid("query parameter '\(name)' is required") }
        return value
    }

    public func requiredQuery<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T] {
        guard let value = try query(name, as: [T].self) else { throw invalid("query parameter '\(name)' is required") }
        return value
    }

    /// A header parameter (simple style); nil when absent.
    public func header<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T? {
        guard let field = HTTPField.Name(name), let text = headers[field] else { return nil }
        return try parse(text, as: T.self, what: "header '\(name)'")
    }

    public func header<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T]? {
        guard let field = HTTPField.Name(name), let text = headers[field] else { return nil }
        var values: [T] = []
        for part in text.split(separator: ",") {
            values.append(try parse(part.trimmingCharacters(in: .whitespaces), as: T.self, what: "header '\(name)'"))
        }
        return values
    }

    /// A header the spec requires: 400 when absent.
    public func requiredHeader<T: ParameterValue>(_ name: String, as type: T.Type = T.self) throws(RequestRejection) -> T {
        guard let value = try header(name, as: T.self) else { throw invalid("header '\(name)' is required") }
        return value
    }

    public func requiredHeader<T: ParameterValue>(_ name: String, as type: [T].Type) throws(RequestRejection) -> [T] {
        guard let value = try header(name, as: [T].self) else { throw invalid("header '\(name)' is required") }
        return value
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
    /// `withBody` does; an array is answered 200 with a JSON array of per-item results in
    /// request order, each item validated and handled on its own, so one bad item fails alone.
    public func withBatchBody<Item: Decodable>(
        _ type: Item.Type, schema: Schema, maxItems: Int, handle: (Item) async throws -> APIResponse
    ) async throws -> APIResponse {
        guard case .array(let items)? = json else { return try await withBody(Item.self, schema: schema, handle: handle) }
        guard (1...maxItems).contains(items.count) else {
            throw RequestRejection(.invalidInput, message: "Invalid batch", issues: [
                ValidationIssue(pointer: .root, message: "a batch holds 1 to \(maxItems) requests; this one holds \(items.count)")
            ])
        }
        var results = Data("[".utf8)
        for (index, item) in items.enumerated() {
            let response: APIResponse
            do {
                response = try await handle(try decode(Item.self, from: item, schema: schema, at: JSONPointer.root.appending(index)))
            } catch let rejection as RequestRejection {
                response = configuration.rejectionResponse(rejection)
            }
            if index > 0 { results.append(UInt8(ascii: ",")) }
            results.append(response.body.flatMap { $0.isEmpty ? nil : $0 } ?? Data("null".utf8))
        }
        results.append(UInt8(ascii: "]"))
        return .raw(200, results, contentType: "application/json; charset=utf-8")
    }

    private func decode<Body: Decodable>(_ type: Body.Type, from json: JSONValue, schema: Schema, at pointer: JSONPointer) throws(RequestRejection) -> Body {
        if configuration.validatesRequests {
            let issues = schema.validate(json)
            if !issues.isEmpty {
                throw RequestRejection(.invalidInput, message: "Invalid details supplied", issues: issues.map { issue in
                    ValidationIssue(pointer: JSONPointer(pointer.description + issue.pointer), message: issue.message)
                })
            }
        }
        do {
            let data = pointer == .root && body != nil ? body! : try JSONCoding.encoder.encode(json)
            return try JSONCoding.decoder.decode(Body.self, from: data)
        } catch {
            throw RequestRejection(.invalidInput, message: "Invalid details supplied", issues: [
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
