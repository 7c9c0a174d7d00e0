import AuthAPI
import AuthEngine
import AuthGenSupport
import Foundation

/// The generated server protocol answered by the engine. Each handler, in
/// `AuthService+<Operation>.swift` (written once by `authgen scaffold`, then filled in), turns
/// its request into an engine call, and the engine's answer or refusal into the operation's
/// documented response.
struct AuthService: APIProtocol {
    let engine: AuthEngine
    /// Counts the requests that fail for a reason of the store or the machine.
    var metrics: ServerMetrics?

    /// How this API answers a request the generated server refused before any handler ran:
    /// the status envelope, code 1519 for invalid input, each issue with its JSON pointer.
    static let serverConfiguration = ServerConfiguration(rejectionResponse: { rejection in
        let code: Int32 = rejection.statusCode == 400 ? 1519 : Int32(rejection.statusCode)
        let body = StatusResponse(
            status: Status(success: false, code: code, message: rejection.message),
            issues: rejection.issues.map { FieldIssue(pointer: $0.pointer, message: $0.message) })
        return (try? .json(rejection.statusCode, body)) ?? APIResponse(statusCode: rejection.statusCode)
    })

    static let success = StatusResponse(status: Status(success: true, code: 200, message: "SUCCESS"))
    static func sessionResponse(_ session: IssuedSession) -> TokenResponse {
        TokenResponse(
            status: success.status, auth: Auth(token: session.token, key: nil),
            user: User(appRegistered: false, sessionId: session.sessionId, role: "VIEW", userRegisteredForPassword: session.passwordRegistered))
    }

    /// A login's answer: its tokens and the customer, signed in. The web answers of
    /// otp/validate and password/validate carry no user, as the API documents.
    static func signedIn(_ tokens: IssuedTokens, user: Bool = true) -> TokenResponse {
        TokenResponse(
            status: success.status, auth: Auth(token: tokens.token, key: tokens.key),
            user: user ? User(appRegistered: false, sessionId: nil, role: "USER", userRegisteredForPassword: tokens.passwordRegistered) : nil)
    }

    func identity(_ platform: Platform, _ type: IdentifierType, _ value: String, _ deviceId: String?, _ brand: String) -> Identity {
        Identity(platform: platform, identifierType: type, identifierValue: value, deviceId: deviceId, brand: brand)
    }

    /// Runs a handler, answering an engine refusal with the operation's documented response
    /// for its HTTP status (the generated `Output(statusCode:body:)`, so the status-to-case
    /// mapping is the spec's). A refusal the operation does not document is a fault of this
    /// service, not the caller's: it throws.
    func answer<Output: RefusableOutput>(_ handle: () async throws -> Output) async throws -> Output {
        do {
            return try await handle()
        } catch let failure as AuthFailure {
            guard let output = Output.refusal(failure) else { throw UndocumentedRefusal(failure: failure) }
            return output
        } catch {
            metrics?.storeError()
            throw error
        }
    }
}

/// A generated `Output` that can carry an engine refusal as a documented response.
protocol RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self?
}

/// An engine refusal whose status the operation's spec does not document.
struct UndocumentedRefusal: Error, CustomStringConvertible {
    var failure: AuthFailure
    var description: String { "the spec documents no \(failure.httpStatus) response for \(failure)" }
}

extension Operations.GenerateAuthenticationToken.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.GenerateAuthenticationTokenWeb.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.GenerateOtpApi.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.GenerateOtpApiWeb.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.ValidateOtpApi.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.ValidateOtpApiWeb.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
// No 429 is documented for these: nothing they refuse carries a Retry-After.
extension Operations.RegenerateAuthenticationToken.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body) }
}
extension Operations.RegenerateAuthenticationTokenWeb.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body) }
}
extension Operations.ExpireAuthenticationToken.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body) }
}
extension Operations.ExpireAuthenticationTokenWeb.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body) }
}
extension Operations.ValidatePassword.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.ValidatePasswordWeb.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.ChangePassword.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.ChangePasswordWeb.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.ForgetPassword.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body) }
}
extension Operations.ForgetPasswordWeb.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body) }
}
extension Operations.ChangeIdentifier.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.GenerateMfaToken.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.GenerateOtpMfa.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.ValidateMfaOtp.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.ValidateMfaPassword.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body, retryAfter: failure.retryAfter) }
}
extension Operations.RegenerateMfaToken.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body) }
}
extension Operations.ExpireMfaToken.Output: RefusableOutput {
    static func refusal(_ failure: AuthFailure) -> Self? { .init(statusCode: failure.httpStatus, body: failure.body) }
}
