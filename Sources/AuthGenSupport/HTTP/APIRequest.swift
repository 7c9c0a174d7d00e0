import Foundation

/// A request as a generated client builds it: method, path with parameters filled in, query,
/// headers and an optional body. Transport details stay in `ClientCore`.
public struct APIRequest: Sendable {
    /// The HTTP method, such as `GET`.
    public var method: String
    /// The path with its parameters percent-encoded, no query.
    public var path: String
    /// Query items in order, not yet percent-encoded.
    public var query: [(name: String, value: String)] = []
    /// Header fields in order, as they are sent.
    public var headers: [(name: String, value: String)] = []
    /// The body bytes; nil for none.
    public var body: Data?
    /// The body's media type, sent as `Content-Type` when set.
    public var contentType: String?

    /// A request for a path template such as `/pets/{petId}`; fill it with `setPath`.
    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// Fills `{name}` in the path (simple style; arrays are comma-separated).
    public mutating func setPath(_ name: String, _ value: some ParameterValue) {
        path = path.replacingOccurrences(of: "{\(name)}", with: Self.percentEncoded(value.parameterText))
    }

    /// Fills `{name}` with the items, each percent-encoded, joined by commas.
    public mutating func setPath(_ name: String, _ values: [some ParameterValue]) {
        path = path.replacingOccurrences(of: "{\(name)}", with: values.map { Self.percentEncoded($0.parameterText) }.joined(separator: ","))
    }

    /// Adds a query item (form style, exploded: an array repeats the name); nil adds nothing.
    public mutating func addQuery(_ name: String, _ value: (some ParameterValue)?) {
        if let value { query.append((name, value.parameterText)) }
    }

    /// Adds one query item per element, repeating the name; nil or empty adds nothing.
    public mutating func addQuery(_ name: String, _ values: [some ParameterValue]?) {
        for value in values ?? [] { query.append((name, value.parameterText)) }
    }

    /// Adds a header (simple style; arrays are comma-separated); nil adds nothing.
    public mutating func addHeader(_ name: String, _ value: (some ParameterValue)?) {
        if let value { headers.append((name, value.parameterText)) }
    }

    /// Adds an array header, comma-separated; nil or empty adds nothing.
    public mutating func addHeader(_ name: String, _ values: [some ParameterValue]?) {
        if let values, !values.isEmpty { headers.append((name, ParameterStyle.simpleList(values))) }
    }

    /// Sets a JSON body.
    public mutating func setJSONBody(_ value: some Encodable) throws {
        body = try JSONCoding.encoder.encode(value)
        contentType = "application/json"
    }

    /// Sets a JSON body of a value that writes its own JSON (every generated model).
    public mutating func setJSONBody(_ value: some JSONWritable) throws {
        body = try JSONWriter.data(value)
        contentType = "application/json"
    }

    /// Sets a body sent as it is.
    public mutating func setRawBody(_ data: Data, contentType: String) {
        body = data
        self.contentType = contentType
    }

    /// The path followed by the percent-encoded query.
    public var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { Self.percentEncoded($0.name) + "=" + Self.percentEncoded($0.value) }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters stay; everything else is percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}

/// The JSON coders generated code shares, made once (they are Sendable and never changed after):
/// no escaped slashes, so bodies read as written.
public enum JSONCoding {
    /// The encoder for every JSON body, request or response.
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()
}
