import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A server and client transport in one, with no sockets: a generated server registers its
/// routes here and a generated client sends to them. For tests and in-process use.
public final class InMemoryTransport: ClientTransport, ServerTransport, @unchecked Sendable {
    /// A route's handler, as `ServerTransport.register` hands it over.
    public typealias Handler = @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)

    private struct Entry {
        var method: HTTPRequest.Method
        var segments: [Substring]
        var handler: Handler
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    /// A transport with no routes yet.
    public init() {}

    /// Adds a route; a `{name}` segment of `path` matches any one segment.
    public func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        lock.withLock { entries.append(Entry(method: method, segments: path.split(separator: "/"), handler: handler)) }
    }

    /// Routes a request to the handler whose method and path template match; 404 otherwise.
    public func send(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String) async throws -> (HTTPResponse, HTTPBody?) {
        // As real transports do, the base URL's path prefixes the request's.
        let base = baseURL.path.hasSuffix("/") ? String(baseURL.path.dropLast()) : baseURL.path
        var request = request
        request.path = base + (request.path ?? "/")
        let path = request.path!
        let segments = path[..<(path.firstIndex(of: "?") ?? path.endIndex)].split(separator: "/")
        let candidates = lock.withLock { entries.filter { $0.method == request.method } }
        for entry in candidates {
            if let parameters = Self.match(entry.segments, segments) {
                return try await entry.handler(request, body, ServerRequestMetadata(pathParameters: parameters))
            }
        }
        return (HTTPResponse(status: .notFound), nil)
    }

    /// Path parameters when every segment matches; a template segment is `{name}` whole.
    private static func match(_ template: [Substring], _ segments: [Substring]) -> [String: Substring]? {
        guard template.count == segments.count else { return nil }
        var parameters: [String: Substring] = [:]
        for (pattern, segment) in zip(template, segments) {
            if pattern.first == "{", pattern.last == "}" {
                parameters[String(pattern.dropFirst().dropLast())] = segment
            } else if pattern != segment {
                return nil
            }
        }
        return parameters
    }
}
