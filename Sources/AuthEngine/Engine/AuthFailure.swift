import AuthAPI

/// A request the engine refuses, with the API's own code and the HTTP status that goes with it
/// (DESIGN.md, "Errors").
public struct AuthFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var httpStatus: Int
    /// Seconds until a limit resets (429 only).
    public var retryAfter: Int?

    public init(code: Int32, message: String, httpStatus: Int, retryAfter: Int? = nil) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    public var description: String { "\(code) \(message)" }

    /// The status envelope this failure answers with.
    public var body: StatusResponse {
        StatusResponse(status: Status(success: false, code: code, message: message))
    }
}

extension AuthFailure {
    static let unsupportedBrand = AuthFailure(code: 1504, message: "Unsupported brand", httpStatus: 400)
    static let sessionInvalid = AuthFailure(code: 1505, message: "Session invalid", httpStatus: 401)
    static let wrongOTP = AuthFailure(code: 1506, message: "Wrong OTP", httpStatus: 401)
    static let mobileMismatch = AuthFailure(code: 1507, message: "Mobile number mismatch", httpStatus: 403)
    static let deviceMismatch = AuthFailure(code: 1508, message: "Device mismatch", httpStatus: 403)
    static let brandMismatch = AuthFailure(code: 1509, message: "Brand mismatch", httpStatus: 403)
    static let attemptsExhausted = AuthFailure(code: 1518, message: "OTP retry limit reached", httpStatus: 429)
    static let cannotRegenerate = AuthFailure(code: 1525, message: "Token cannot be regenerated", httpStatus: 401)
    static let tokenExpired = AuthFailure(code: 1529, message: "Token expired", httpStatus: 401)
    static let otpMaximumZero = AuthFailure(code: 1535, message: "OTP maximum configured as 0", httpStatus: 403)
    static let noOTP = AuthFailure(code: 1537, message: "No OTP generated", httpStatus: 400)
    static let destinationRequired = AuthFailure(code: 1540, message: "Mobile or email is required to send an OTP", httpStatus: 400)
    static let identifierMismatch = AuthFailure(code: 1541, message: "Identifier mismatch", httpStatus: 403)
    static let invalidIdentifierType = AuthFailure(code: 1546, message: "identifierType not valid", httpStatus: 400)
    static let fallbackNeedsMobile = AuthFailure(code: 1601, message: "Fallback channel needs a mobile number", httpStatus: 400)
    static let fallbackNeedsEmail = AuthFailure(code: 1602, message: "Fallback channel needs an e-mail address", httpStatus: 400)
    static let channelMisconfigured = AuthFailure(code: 1603, message: "Channel misconfigured", httpStatus: 400)
    static let responseTampered = AuthFailure(code: 5004, message: "Response tampered", httpStatus: 403)
    static let deliveryFailed = AuthFailure(code: 1503, message: "OTP could not be generated", httpStatus: 503)

    static func otpLimitReached(retryAfter: Int) -> AuthFailure {
        AuthFailure(code: 1534, message: "OTP maximum reached", httpStatus: 429, retryAfter: retryAfter)
    }
}
