// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Forget password
    ///
    /// `POST /auth/v1/password/forget`
    ///
    /// Answer with one of:
    /// - `.ok` (200) The new password waits for the session's OTP: generate and validate it.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The session is unknown or expired.
    /// - `.forbidden` (403) The brand is not served or does not use passwords, or the request does not match its session.
    /// - `.conflict` (409) The identifierType is not the session's.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (1519), or a password is empty (1520), differs from its confirmation (1521) or fails the brand's policy (1542).
    func forgetPassword(_ input: Operations.ForgetPassword.Input) async throws -> Operations.ForgetPassword.Output {
        let body = input.body
        return try await answer {
            try await engine.forgetPassword(
                identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId,
                password: body.password, confirmPassword: body.confirmPassword)
            return .ok(Self.success)
        }
    }
}
