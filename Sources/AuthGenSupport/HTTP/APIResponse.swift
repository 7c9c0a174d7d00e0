import Foundation
import HTTPTypes

/// A response as generated code reads it (client) or writes it (server): status, headers, body.
public struct APIResponse: Sendable {
    /// The HTTP status code.
    public var statusCode: Int
    /// The header fields.
    public var headers: HTTPFields
    /// The body bytes; nil when there is none.
    public var body: Data?

    /// A response with no headers or body unless given.
    public init(statusCode: Int, headers: HTTPFields = [:], body: Data? = nil) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    public static func json(_ statusCode: Int, _ value: some Encodable) throws -> APIResponse {
        json(statusCode, data: try JSONCoding.encoder.encode(value))
    }

    /// A JSON response of a value that writes its own JSON (every generated model).
    public static func json(_ statusCode: Int, _ value: some JSONWritable) throws -> APIResponse {
        json(statusCode, data: try JSONWriter.data(value))
    }

    private static func json(_ statusCode: Int, data: Data) -> APIResponse {
        var response = APIResponse(statusCode: statusCode, body: data)
        response.headers[.contentType] = "application/json; charset=utf-8"
        return response
    }

    /// A response whose body is sent as it is.
    public static func raw(_ statusCode: Int, _ data: Data, contentType: String) -> APIResponse {
        var response = APIResponse(statusCode: statusCode, body: data)
        response.headers[.contentType] = contentType
        return response
    }

    /// Sets a header (simple style); nil leaves it out.
    public mutating func setHeader(_ name: String, _ value: (some ParameterValue)?) {
        guard let value, let field = HTTPField.Name(name) else { return }
        headers[field] = value.parameterText
    }

    /// Sets an array header (simple style: comma-separated); nil leaves it out.
    public mutating func setHeader(_ name: String, _ values: [some ParameterValue]?) {
        guard let values, let field = HTTPField.Name(name) else { return }
        headers[field] = ParameterStyle.simpleList(values)
    }

    /// A header's value parsed as `T`; nil when absent or not a valid `T`.
    public func header<T: ParameterValue>(_ name: String, as type: T.Type = T.self) -> T? {
        guard let field = HTTPField.Name(name), let text = headers[field] else { return nil }
        return T(parameterText: text)
    }

    /// An array header (simple style: comma-separated).
    public func header<T: ParameterValue>(_ name: String, as type: [T].Type) -> [T]? {
        guard let field = HTTPField.Name(name), let text = headers[field] else { return nil }
        return ParameterStyle.simpleItems(text).compactMap(T.init(parameterText:))
    }

    /// A header the spec requires, throwing when it is absent or invalid.
    public func requiredHeader<T: ParameterValue>(_ name: String, as type: T.Type) throws -> T {
        guard let value = header(name, as: T.self) else { throw MissingHeaderError(name: name, statusCode: statusCode) }
        return value
    }

    /// An array header the spec requires, throwing when it is absent.
    public func requiredHeader<T: ParameterValue>(_ name: String, as type: [T].Type) throws -> [T] {
        guard let value = header(name, as: [T].self) else { throw MissingHeaderError(name: name, statusCode: statusCode) }
        return value
    }

    /// Decodes the JSON body with the strict parser (a duplicate key is an error here too),
    /// naming the operation and status when it does not fit.
    public func decode<T: Decodable>(_ type: T.Type, operationID: String) throws -> T {
        do {
            return try JSONValueDecoder().decode(T.self, from: try JSONParser.parse(body ?? Data()))
        } catch {
            throw ResponseDecodingError(operationID: operationID, statusCode: statusCode, underlying: error)
        }
    }
}

/// A response without a header the spec requires.
public struct MissingHeaderError: Error, CustomStringConvertible {
    /// The header's name.
    public var name: String
    /// The status of the response that lacks it.
    public var statusCode: Int
    /// Names the status and the header.
    public var description: String { "the \(statusCode) response lacks the required header '\(name)'" }
}

/// A documented response whose body does not match its schema.
public struct ResponseDecodingError: Error, CustomStringConvertible {
    /// The operation the response answered.
    public var operationID: String
    /// The response's status code.
    public var statusCode: Int
    /// The parser's or decoder's error.
    public var underlying: any Error

    /// Names the operation and status, then the underlying error.
    public var description: String {
        "\(operationID): the \(statusCode) response body does not match the spec: \(underlying)"
    }
}
