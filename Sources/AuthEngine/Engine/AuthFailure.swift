import AuthAPI

/// A request the engine refuses, with the API's own code and the HTTP status that goes with it
/// (DESIGN.md, "Errors"): 401 not authenticated, 403 forbidden, 404 nothing to act on, 409 in
/// conflict with what is stored or configured (a channel the brand does not offer), 422 a value
/// that cannot be read (such as a mobile number with letters), 429 wait or start again, 503
/// delivery failed or the server is busy hashing passwords.
public struct AuthFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var httpStatus: Int
    /// Seconds until a limit or a lock ends (429 only, when waiting helps).
    public var retryAfter: Int?
    /// The fields at fault, by JSON pointer.
    public var issues: [Issue]

    public struct Issue: Hashable, Sendable {
        public var pointer: String
        public var message: String
    }

    public init(code: Int32, message: String, httpStatus: Int, retryAfter: Int? = nil, issues: [Issue] = []) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
        self.issues = issues
    }

    public var description: String { "\(code) \(message)" }

    /// The status envelope this failure answers with.
    public var body: StatusResponse {
        StatusResponse(
            status: Status(success: false, code: code, message: message),
            issues: issues.isEmpty ? nil : issues.map { FieldIssue(pointer: $0.pointer, message: $0.message) })
    }
}

extension AuthFailure {
    static let unsupportedBrand = AuthFailure(code: 1504, message: "Unsupported brand", httpStatus: 403)
    static let sessionInvalid = AuthFailure(code: 1505, message: "Session invalid", httpStatus: 401)
    static let wrongOTP = AuthFailure(code: 1506, message: "Wrong OTP", httpStatus: 401)
    static let mobileMismatch = AuthFailure(code: 1507, message: "Mobile number mismatch", httpStatus: 403)
    static let deviceMismatch = AuthFailure(code: 1508, message: "Device mismatch", httpStatus: 403)
    static let brandMismatch = AuthFailure(code: 1509, message: "Brand mismatch", httpStatus: 403)
    /// The session's wrong-OTP attempts are used up: waiting does not help, a new session does.
    static let attemptsExhausted = AuthFailure(code: 1518, message: "OTP retry limit reached", httpStatus: 429)
    static let passwordChangeFailed = AuthFailure(code: 1523, message: "Password change failed", httpStatus: 401)
    static let passwordsNotEnabled = AuthFailure(code: 1524, message: "Passwords are not enabled for this brand", httpStatus: 403)
    /// A token that is not a live USER token of the request's identity (user/updateIdentifierValue).
    static let tokenNotLive = AuthFailure(code: 1525, message: "Token cannot be used", httpStatus: 401)
    static let cannotRegenerate = AuthFailure(code: 1525, message: "Token cannot be regenerated", httpStatus: 401)
    static let tokenExpired = AuthFailure(code: 1529, message: "Token expired", httpStatus: 401)
    static let passwordIdentifierMismatch = AuthFailure(code: 1526, message: "Password could not be validated", httpStatus: 403)
    static let passwordSameAsOld = AuthFailure(code: 1527, message: "New password is the same as the old one", httpStatus: 409)
    static let wrongPassword = AuthFailure(code: 1528, message: "Wrong password", httpStatus: 401)
    /// The session's wrong-password attempts are used up: a new session, or a reset, helps.
    static let passwordAttemptsExhausted = AuthFailure(code: 1530, message: "Password retry limit reached", httpStatus: 429)
    static let cannotExpire = AuthFailure(code: 1531, message: "Token could not be expired", httpStatus: 401)
    static let otpMaximumZero = AuthFailure(code: 1535, message: "OTP maximum configured as 0", httpStatus: 403)
    static let noOTP = AuthFailure(code: 1537, message: "No OTP generated", httpStatus: 404)
    static let identifierMismatch = AuthFailure(code: 1541, message: "Identifier mismatch", httpStatus: 403)
    static let identifierTaken = AuthFailure(code: 1543, message: "Identifier belongs to another customer", httpStatus: 409)
    static let invalidIdentifierType = AuthFailure(code: 1546, message: "identifierType not valid", httpStatus: 409)
    static let fallbackNeedsMobile = AuthFailure(code: 1601, message: "Fallback channel needs a verified mobile number", httpStatus: 409)
    static let fallbackNeedsEmail = AuthFailure(code: 1602, message: "Fallback channel needs a verified e-mail address", httpStatus: 409)
    static let channelMisconfigured = AuthFailure(code: 1603, message: "Channel misconfigured", httpStatus: 409)
    /// The brand has no second factor (or none by password): this server's own code, as the
    /// API family documents none.
    static let mfaNotEnabled = AuthFailure(code: 1550, message: "MFA is not enabled for this brand", httpStatus: 403)
    /// A second factor that is the first again: the same password, or an OTP to the address
    /// the first factor's OTP went to. This server's own code.
    static let secondFactorNotDifferent = AuthFailure(
        code: 1551, message: "The second factor must differ from the first: another address, or the password after an OTP", httpStatus: 403)
    /// Every password-hashing thread is busy and the queue is full: try again shortly. This
    /// server's own code.
    static let hashingBusy = AuthFailure(code: 1552, message: "Busy: try again shortly", httpStatus: 503, retryAfter: 1)
    /// A batch registers no passwords: each registration is a request of its own.
    static let passwordInBatch = AuthFailure(
        code: 1519, message: "Invalid details supplied", httpStatus: 422,
        issues: [Issue(pointer: "/password", message: "is not accepted in a batch: register one customer per request")])
    static let responseTampered = AuthFailure(code: 5004, message: "Response tampered", httpStatus: 403)
    static let deliveryFailed = AuthFailure(code: 1503, message: "OTP could not be generated", httpStatus: 503)

    static func otpLimitReached(retryAfter: Int) -> AuthFailure {
        AuthFailure(code: 1534, message: "OTP maximum reached", httpStatus: 429, retryAfter: retryAfter)
    }

    /// Too many wrong OTPs for this customer across sessions: locked until `retryAfter` passes.
    static func accountLocked(retryAfter: Int) -> AuthFailure {
        AuthFailure(code: 1518, message: "Account locked after too many wrong OTPs", httpStatus: 429, retryAfter: retryAfter)
    }

    /// Too many wrong passwords or OTPs for this customer across sessions: locked until `retryAfter` passes.
    static func passwordAccountLocked(retryAfter: Int) -> AuthFailure {
        AuthFailure(code: 1530, message: "Account locked after too many wrong attempts", httpStatus: 429, retryAfter: retryAfter)
    }

    /// A password that is empty (1520), differs from its confirmation (1521) or fails the
    /// brand's policy (1542), at the field that holds it.
    static func passwordEmpty(_ field: String) -> AuthFailure {
        AuthFailure(code: 1520, message: "Password must not be empty", httpStatus: 422, issues: [Issue(pointer: "/" + field, message: "is empty")])
    }
    static func passwordMismatch(_ field: String) -> AuthFailure {
        AuthFailure(
            code: 1521, message: "Password and confirmPassword differ", httpStatus: 422,
            issues: [Issue(pointer: "/" + field, message: "differs from the password it confirms")])
    }
    static func passwordPolicy(_ field: String, _ message: String) -> AuthFailure {
        AuthFailure(
            code: 1542, message: "Password does not meet the policy", httpStatus: 422, issues: [Issue(pointer: "/" + field, message: message)])
    }

    /// A field that cannot be brought to its canonical form.
    static func invalidDetails(_ invalid: CanonicalForm.Invalid) -> AuthFailure {
        AuthFailure(
            code: 1519, message: "Invalid details supplied", httpStatus: 422,
            issues: [Issue(pointer: "/" + invalid.field, message: invalid.message)])
    }
}
