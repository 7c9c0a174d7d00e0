import Foundation

/// How a generated server treats requests before its handlers see them.
public struct ServerConfiguration: Sendable {
    /// Bodies larger than this are answered 413 without being read further.
    public var maxBodyBytes: Int
    /// Whether bodies are checked against the spec's schemas (400 with every issue) before the handler.
    public var validatesRequests: Bool
    /// Writes the response for a request refused before its handler (400, 413, 415), and for
    /// a batch item that fails validation. APIs with an error envelope set this.
    public var rejectionResponse: @Sendable (RequestRejection) -> APIResponse

    /// Defaults to a 1 MiB body limit, validation on, and `RequestRejection.defaultResponse`.
    public init(
        maxBodyBytes: Int = 1 << 20, validatesRequests: Bool = true,
        rejectionResponse: @escaping @Sendable (RequestRejection) -> APIResponse = RequestRejection.defaultResponse
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.validatesRequests = validatesRequests
        self.rejectionResponse = rejectionResponse
    }
}

/// Why a request was refused before its handler: its HTTP status, a message, and, for invalid
/// input, every issue with its JSON pointer.
public struct RequestRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of refusal it is; it decides the status code.
    public enum Reason: String, Hashable, Sendable {
        /// The body is not JSON (415).
        case unsupportedMediaType
        /// The body is larger than the configured limit (413).
        case contentTooLarge
        /// The body is not well-formed JSON (400).
        case malformedBody
        /// A parameter or the body breaks the spec (400).
        case invalidInput
        /// The path does not serve the method (405).
        case methodNotAllowed
    }

    /// What kind of refusal this is.
    public var reason: Reason
    /// The HTTP status the response carries, set from `reason`.
    public var statusCode: Int
    /// A summary for the client, such as "Invalid parameters".
    public var message: String
    /// Each problem with its JSON pointer; empty when there is nothing more to say than `message`.
    public var issues: [ValidationIssue]

    /// A rejection whose status code follows from `reason`.
    public init(_ reason: Reason, message: String, issues: [ValidationIssue] = []) {
        self.reason = reason
        self.message = message
        self.issues = issues
        statusCode =
            switch reason {
            case .unsupportedMediaType: 415
            case .contentTooLarge: 413
            case .malformedBody, .invalidInput: 400
            case .methodNotAllowed: 405
            }
    }

    /// The message and every issue on one line, separated by semicolons.
    public var description: String {
        ([message] + issues.map(\.description)).joined(separator: "; ")
    }

    /// `{"message": ..., "issues": [{"pointer": ..., "message": ...}]}` with the rejection's status.
    public static func defaultResponse(_ rejection: RequestRejection) -> APIResponse {
        struct Body: Encodable {
            var message: String
            var issues: [ValidationIssue]
        }
        return (try? .json(rejection.statusCode, Body(message: rejection.message, issues: rejection.issues)))
            ?? APIResponse(statusCode: rejection.statusCode)
    }
}
