import AuthAPI
import AuthGenSupport
import Foundation
import HTTPTypes
import OpenAPIRuntime

/// A handler for every operation whose answers depend on the request, and that records what
/// reached it, so tests see both sides of the wire.
struct TestAPI: APIProtocol {
    let calls = Calls()

    final class Calls: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func record(_ name: String) { lock.withLock { names.append(name) } }
        var all: [String] { lock.withLock { names } }
    }

    static func success() -> StatusResponse {
        StatusResponse(status: Status(code: 200, message: "SUCCESS"))
    }

    static func failure(_ code: Int32, _ message: String) -> StatusResponse {
        StatusResponse(status: Status(success: false, code: code, message: message))
    }

    /// Sessions named after an outcome select it: `expired`, `limited`, `teapot`, `down`.
    private func otpOutcome(_ sessionId: String) -> Operations.GenerateOtpApi.Output {
        switch sessionId {
        case "expired": .unauthorized(Self.failure(1505, "Session expired"))
        case "limited": .tooManyRequests(Self.failure(1534, "OTP limit reached"), retryAfter: 42)
        case "teapot": .undocumented(statusCode: 418, body: Data("short and stout".utf8))
        case "down": .serviceUnavailable(Self.failure(1503, "Delivery failed"))
        default: .ok(Self.success())
        }
    }

    func generateOtpApi(_ input: Operations.GenerateOtpApi.Input) async throws -> Operations.GenerateOtpApi.Output {
        calls.record("generate-otp-api \(input.body.sessionId) \(input.query.fallbackChannel?.rawValue ?? "-")")
        if input.body.sessionId == "throws" { throw HandlerFault() }
        return otpOutcome(input.body.sessionId)
    }

    func generateOtpApiWeb(_ input: Operations.GenerateOtpApiWeb.Input) async throws -> Operations.GenerateOtpApiWeb.Output {
        calls.record("generate-otp-api-web \(input.body.sessionId) \(input.body.deviceId ?? "-")")
        // Same outcomes; the web Output is its own type with the same cases.
        return switch otpOutcome(input.body.sessionId) {
        case .ok(let body): .ok(body)
        case .unauthorized(let body): .unauthorized(body)
        case .tooManyRequests(let body, let retryAfter): .tooManyRequests(body, retryAfter: retryAfter)
        case .serviceUnavailable(let body): .serviceUnavailable(body)
        case .undocumented(let status, let body): .undocumented(statusCode: status, body: body)
        default: .ok(Self.success())
        }
    }

    func generateAuthenticationToken(
        _ input: Operations.GenerateAuthenticationToken.Input
    ) async throws -> Operations.GenerateAuthenticationToken.Output {
        calls.record("generate-authentication-token \(input.body.identifierValue)")
        let user = User(appRegistered: false, sessionId: "S-\(input.body.identifierValue)", role: "CUSTOMER", userRegisteredForPassword: false)
        return .ok(TokenResponse(status: Self.success().status, user: user))
    }

    func generateAuthenticationTokenWeb(
        _ input: Operations.GenerateAuthenticationTokenWeb.Input
    ) async throws -> Operations.GenerateAuthenticationTokenWeb.Output {
        calls.record("generate-authentication-token-web \(input.body.identifierValue)")
        let user = User(appRegistered: false, sessionId: "W-\(input.body.identifierValue)", role: "CUSTOMER", userRegisteredForPassword: false)
        return .ok(TokenResponse(status: Self.success().status, user: user))
    }

    func validateOtpApi(_ input: Operations.ValidateOtpApi.Input) async throws -> Operations.ValidateOtpApi.Output {
        calls.record("validate-otp-api \(input.body.otp)")
        guard input.body.otp == "123456" else { return .unauthorized(Self.failure(1506, "Wrong OTP")) }
        return .ok(TokenResponse(status: Self.success().status, auth: Auth(token: "token-1", key: "key-1")))
    }

    func validateOtpApiWeb(_ input: Operations.ValidateOtpApiWeb.Input) async throws -> Operations.ValidateOtpApiWeb.Output {
        calls.record("validate-otp-api-web \(input.body.otp)")
        guard input.body.otp == "123456" else { return .unauthorized(Self.failure(1506, "Wrong OTP")) }
        return .ok(TokenResponse(status: Self.success().status, auth: Auth(token: "web-token-1", key: nil)))
    }

    func regenerateAuthenticationToken(
        _ input: Operations.RegenerateAuthenticationToken.Input
    ) async throws -> Operations.RegenerateAuthenticationToken.Output {
        calls.record("regenerate-authentication-token \(input.body.key)")
        return .ok(TokenResponse(status: Self.success().status, auth: Auth(token: "token-2", key: "key-2")))
    }

    func regenerateAuthenticationTokenWeb(
        _ input: Operations.RegenerateAuthenticationTokenWeb.Input
    ) async throws -> Operations.RegenerateAuthenticationTokenWeb.Output {
        calls.record("regenerate-authentication-token-web \(input.body.expiredToken)")
        return .ok(TokenResponse(status: Self.success().status, auth: Auth(token: "web-token-2", key: nil)))
    }

    func expireAuthenticationToken(_ input: Operations.ExpireAuthenticationToken.Input) async throws -> Operations.ExpireAuthenticationToken.Output {
        calls.record("expire-authentication-token \(input.body.key)")
        return input.body.key == "live-key" ? .ok(Self.success()) : .unauthorized(Self.failure(1531, "Token could not be expired"))
    }

    func expireAuthenticationTokenWeb(
        _ input: Operations.ExpireAuthenticationTokenWeb.Input
    ) async throws -> Operations.ExpireAuthenticationTokenWeb.Output {
        calls.record("expire-authentication-token-web \(input.body.token)")
        return .ok(Self.success())
    }

    func validatePassword(_ input: Operations.ValidatePassword.Input) async throws -> Operations.ValidatePassword.Output {
        calls.record("validate-password \(input.body.sessionId)")
        guard input.body.password == "correct horse battery" else { return .unauthorized(Self.failure(1528, "Wrong password")) }
        return .ok(TokenResponse(status: Self.success().status, auth: Auth(token: "token-1", key: "key-1")))
    }

    func validatePasswordWeb(_ input: Operations.ValidatePasswordWeb.Input) async throws -> Operations.ValidatePasswordWeb.Output {
        calls.record("validate-password-web \(input.body.sessionId)")
        return .tooManyRequests(Self.failure(1530, "Account locked after too many wrong attempts"), retryAfter: 60)
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        calls.record("change-password \(input.body.token)")
        return input.body.newPassword == input.body.password
            ? .conflict(Self.failure(1527, "New password is the same as the old one")) : .ok(Self.success())
    }

    func changePasswordWeb(_ input: Operations.ChangePasswordWeb.Input) async throws -> Operations.ChangePasswordWeb.Output {
        calls.record("change-password-web \(input.body.token)")
        return .ok(Self.success())
    }

    func forgetPassword(_ input: Operations.ForgetPassword.Input) async throws -> Operations.ForgetPassword.Output {
        calls.record("forget-password \(input.body.sessionId)")
        return .unauthorized(Self.failure(1505, "Session invalid"))
    }

    func changeIdentifier(_ input: Operations.ChangeIdentifier.Input) async throws -> Operations.ChangeIdentifier.Output {
        calls.record("change-identifier \(input.body.newIdentifierValue) \(input.body.replace)")
        return .unauthorized(Self.failure(1525, "Token cannot be used"))
    }

    func generateMfaToken(_ input: Operations.GenerateMfaToken.Input) async throws -> Operations.GenerateMfaToken.Output {
        calls.record("generate-mfa-token \(input.body.authorizedToken)")
        return .forbidden(Self.failure(1550, "MFA is not enabled for this brand"))
    }

    func generateOtpMfa(_ input: Operations.GenerateOtpMfa.Input) async throws -> Operations.GenerateOtpMfa.Output {
        calls.record("generate-otp-mfa \(input.body.sessionId)")
        return .ok(Self.success())
    }

    func validateMfaOtp(_ input: Operations.ValidateMfaOtp.Input) async throws -> Operations.ValidateMfaOtp.Output {
        calls.record("validate-mfa-otp \(input.body.otp)")
        return .ok(TokenResponse(status: Self.success().status, auth: Auth(token: "mfa-token-1", key: "mfa-key-1")))
    }

    func validateMfaPassword(_ input: Operations.ValidateMfaPassword.Input) async throws -> Operations.ValidateMfaPassword.Output {
        calls.record("validate-mfa-password \(input.body.sessionId)")
        return .unauthorized(Self.failure(1528, "Wrong password"))
    }

    func regenerateMfaToken(_ input: Operations.RegenerateMfaToken.Input) async throws -> Operations.RegenerateMfaToken.Output {
        calls.record("regenerate-mfa-token \(input.body.key)")
        return .ok(TokenResponse(status: Self.success().status, auth: Auth(token: "mfa-token-2", key: "mfa-key-2")))
    }

    func expireMfaToken(_ input: Operations.ExpireMfaToken.Input) async throws -> Operations.ExpireMfaToken.Output {
        calls.record("expire-mfa-token \(input.body.token)")
        return .ok(Self.success())
    }

    func forgetPasswordWeb(_ input: Operations.ForgetPasswordWeb.Input) async throws -> Operations.ForgetPasswordWeb.Output {
        calls.record("forget-password-web \(input.body.sessionId)")
        return .ok(Self.success())
    }
}

/// What a handler throws when it fails for a reason of its own.
struct HandlerFault: Error {}

/// The API's status envelope for requests refused before a handler: 1519 for invalid input.
let statusEnvelope: @Sendable (RequestRejection) -> APIResponse = { rejection in
    let code: Int32 = rejection.statusCode == 400 ? 1519 : Int32(rejection.statusCode)
    let body = StatusResponse(
        status: Status(success: false, code: code, message: rejection.message),
        issues: rejection.issues.map { FieldIssue(pointer: $0.pointer, message: $0.message) })
    return (try? .json(rejection.statusCode, body)) ?? APIResponse(statusCode: rejection.statusCode)
}

/// A generated client wired to a generated server through memory.
struct Harness {
    let api = TestAPI()
    let transport = InMemoryTransport()
    let client: Client

    init(
        validatesRequests: Bool = true, maxBodyBytes: Int = 1 << 20, middlewares: [any ClientMiddleware] = [],
        serverMiddlewares: [any ServerMiddleware] = []
    ) throws {
        try api.registerHandlers(
            on: transport, serverURL: URL(string: "https://auth.example.com/")!,
            configuration: ServerConfiguration(maxBodyBytes: maxBodyBytes, rejectionResponse: statusEnvelope), middlewares: serverMiddlewares)
        client = Client(
            serverURL: URL(string: "https://auth.example.com/")!, transport: transport, middlewares: middlewares, validatesRequests: validatesRequests
        )
    }

    /// Sends raw bytes, for what a typed client cannot produce.
    func send(
        _ path: String, method: HTTPRequest.Method = .post, body: String?, contentType: String? = "application/json"
    ) async throws -> (status: Int, body: String, headers: HTTPFields) {
        var fields = HTTPFields()
        if let contentType { fields[.contentType] = contentType }
        let request = HTTPRequest(method: method, scheme: nil, authority: nil, path: path, headerFields: fields)
        let (response, responseBody) = try await transport.send(
            request, body: body.map { HTTPBody($0) }, baseURL: URL(string: "/")!, operationID: "raw")
        let data = if let responseBody { try await Data(collecting: responseBody, upTo: 1 << 20) } else { Data() }
        return (response.status.code, String(decoding: data, as: UTF8.self), response.headerFields)
    }
}

enum Fixtures {
    static func otp(_ sessionId: String = "S-1", deviceId: String = "device-1") -> OtpGenerateRequest {
        OtpGenerateRequest(identifierType: .mobile, identifierValue: "9940000000", deviceId: deviceId, brand: "STANDARDAPP", sessionId: sessionId)
    }

    static func webOtp(_ sessionId: String = "W-1") -> WebOtpGenerateRequest {
        WebOtpGenerateRequest(identifierType: .email, identifierValue: "a@example.com", brand: "STANDARDAPP", sessionId: sessionId)
    }

    static let otpJSON =
        #"{"identifierType": "MOBILE", "identifierValue": "9940000000", "deviceId": "device-1", "brand": "STANDARDAPP", "sessionId": "S-1"}"#
}
