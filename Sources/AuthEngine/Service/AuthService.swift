import AuthAPI
import AuthGenSupport
import Foundation

/// The generated server protocol answered by the engine: each handler turns its request into
/// an engine call and the engine's answer, or its refusal, into the operation's documented
/// response.
public struct AuthService: APIProtocol {
    public let engine: AuthEngine

    public init(engine: AuthEngine) {
        self.engine = engine
    }

    /// How this API answers a request the generated server refused before any handler ran:
    /// the status envelope, code 1519 for invalid input, each issue with its JSON pointer.
    public static let serverConfiguration = ServerConfiguration(rejectionResponse: { rejection in
        let code: Int32 = rejection.statusCode == 400 ? 1519 : Int32(rejection.statusCode)
        let body = StatusResponse(
            status: Status(success: false, code: code, message: rejection.message),
            issues: rejection.issues.map { FieldIssue(pointer: $0.pointer, message: $0.message) })
        return (try? .json(rejection.statusCode, body)) ?? APIResponse(statusCode: rejection.statusCode)
    })

    // MARK: token/generate

    public func generateAuthenticationToken(_ input: Operations.GenerateAuthenticationToken.Input) async throws -> Operations.GenerateAuthenticationToken.Output {
        let body = input.body
        return try await answer {
            .ok(Self.sessionResponse(try await engine.createSession(
                identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), mobile: body.mobile, email: body.email)))
        }
    }

    public func generateAuthenticationTokenWeb(_ input: Operations.GenerateAuthenticationTokenWeb.Input) async throws -> Operations.GenerateAuthenticationTokenWeb.Output {
        let body = input.body
        return try await answer {
            .ok(Self.sessionResponse(try await engine.createSession(
                identity(.web, body.identifierType, body.identifierValue, body.deviceId, body.brand), mobile: body.mobile, email: body.email)))
        }
    }

    // MARK: otp/generate

    public func generateOtpApi(_ input: Operations.GenerateOtpApi.Input) async throws -> Operations.GenerateOtpApi.Output {
        let body = input.body
        return try await answer {
            try await engine.generateOTP(
                identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId,
                hash: body.hash, fallbackChannel: input.query.fallbackChannel)
            return .ok(Self.success)
        }
    }

    public func generateOtpApiWeb(_ input: Operations.GenerateOtpApiWeb.Input) async throws -> Operations.GenerateOtpApiWeb.Output {
        let body = input.body
        return try await answer {
            try await engine.generateOTP(
                identity(.web, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId,
                hash: body.hash, fallbackChannel: input.query.fallbackChannel)
            return .ok(Self.success)
        }
    }

    // MARK: otp/validate

    public func validateOtpApi(_ input: Operations.ValidateOtpApi.Input) async throws -> Operations.ValidateOtpApi.Output {
        let body = input.body
        return try await answer {
            let tokens = try await engine.validateOTP(
                identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId, otp: body.otp)
            return .ok(TokenResponse(status: Self.success.status, auth: Auth(token: tokens.token, key: tokens.key), user: Self.signedIn))
        }
    }

    public func validateOtpApiWeb(_ input: Operations.ValidateOtpApiWeb.Input) async throws -> Operations.ValidateOtpApiWeb.Output {
        let body = input.body
        return try await answer {
            let tokens = try await engine.validateOTP(
                identity(.web, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId, otp: body.otp)
            // The web answer has no key and no user, as the API documents.
            return .ok(TokenResponse(status: Self.success.status, auth: Auth(token: tokens.token, key: nil), user: nil))
        }
    }

    // MARK: token/regenerate

    public func regenerateAuthenticationToken(_ input: Operations.RegenerateAuthenticationToken.Input) async throws -> Operations.RegenerateAuthenticationToken.Output {
        let body = input.body
        return try await answer {
            let tokens = try await engine.regenerate(
                identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), key: body.key)
            return .ok(TokenResponse(status: Self.success.status, auth: Auth(token: tokens.token, key: nil), user: Self.signedIn))
        }
    }

    public func regenerateAuthenticationTokenWeb(_ input: Operations.RegenerateAuthenticationTokenWeb.Input) async throws -> Operations.RegenerateAuthenticationTokenWeb.Output {
        let body = input.body
        return try await answer {
            let tokens = try await engine.regenerate(
                identity(.web, body.identifierType, body.identifierValue, nil, body.brand), expiredToken: body.expiredToken)
            return .ok(TokenResponse(status: Self.success.status, auth: Auth(token: tokens.token, key: nil), user: Self.signedIn))
        }
    }

    // MARK: Answers

    static let success = StatusResponse(status: Status(success: true, code: 200, message: "SUCCESS"))
    static let signedIn = User(appRegistered: false, sessionId: nil, role: "USER", userRegisteredForPassword: false)

    static func sessionResponse(_ session: IssuedSession) -> TokenResponse {
        TokenResponse(
            status: success.status, auth: Auth(token: session.token, key: nil),
            user: User(appRegistered: false, sessionId: session.sessionId, role: "VIEW", userRegisteredForPassword: false))
    }

    private func identity(_ platform: Platform, _ type: IdentifierType, _ value: String, _ deviceId: String?, _ brand: String) -> Identity {
        Identity(platform: platform, identifierType: type.rawValue, identifierValue: value, deviceId: deviceId, brand: brand)
    }

    /// Runs a handler, answering an engine refusal with the operation's documented response
    /// for its HTTP status (read through the generated `Output(response:)`, so the status-to-case
    /// mapping is the spec's).
    private func answer<Output: ReadableOutput>(_ handle: () async throws -> Output) async throws -> Output {
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
