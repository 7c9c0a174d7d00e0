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
    static let signedIn = User(appRegistered: false, sessionId: nil, role: "USER", userRegisteredForPassword: false)

    static func sessionResponse(_ session: IssuedSession) -> TokenResponse {
        TokenResponse(
            status: success.status, auth: Auth(token: session.token, key: nil),
            user: User(appRegistered: false, sessionId: session.sessionId, role: "VIEW", userRegisteredForPassword: false))
    }

    func identity(_ platform: Platform, _ type: IdentifierType, _ value: String, _ deviceId: String?, _ brand: String) -> Identity {
        Identity(platform: platform, identifierType: type, identifierValue: value, deviceId: deviceId, brand: brand)
    }

    /// Runs a handler, answering an engine refusal with the operation's documented response
    /// for its HTTP status (read through the generated `Output(response:)`, so the status-to-case
    /// mapping is the spec's).
    func answer<Output: ReadableOutput>(_ handle: () async throws -> Output) async throws -> Output {
        do {
            return try await handle()
        } catch let failure as AuthFailure {
            var response = try APIResponse.json(failure.httpStatus, failure.body)
            response.setHeader("Retry-After", failure.retryAfter)
            return try Output(response: response)
        }
    }
}

/// A generated `Output` that can be read from a response.
protocol ReadableOutput {
    init(response: APIResponse) throws
}

extension Operations.GenerateAuthenticationToken.Output: ReadableOutput {}
extension Operations.GenerateAuthenticationTokenWeb.Output: ReadableOutput {}
extension Operations.GenerateOtpApi.Output: ReadableOutput {}
extension Operations.GenerateOtpApiWeb.Output: ReadableOutput {}
extension Operations.ValidateOtpApi.Output: ReadableOutput {}
extension Operations.ValidateOtpApiWeb.Output: ReadableOutput {}
extension Operations.RegenerateAuthenticationToken.Output: ReadableOutput {}
extension Operations.RegenerateAuthenticationTokenWeb.Output: ReadableOutput {}
extension Operations.ExpireAuthenticationToken.Output: ReadableOutput {}
extension Operations.ExpireAuthenticationTokenWeb.Output: ReadableOutput {}
