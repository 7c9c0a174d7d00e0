// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Expire MFA token
    ///
    /// `DELETE /auth/v1/mfa/token/expire`
    ///
    /// Answer with one of:
    /// - `.ok` (200) The key (or web token) and every key of the same login are revoked.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) There is no such live key or token.
    /// - `.forbidden` (403) The brand is not served here, or MFA is not enabled for it (1550).
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    func expireMfaToken(_ input: Operations.ExpireMfaToken.Input) async throws -> Operations.ExpireMfaToken.Output {
        let body = input.body
        return try await answer {
            try await engine.expire(
                identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), token: body.token, factor: .second)
            return .ok(Self.success)
        }
    }
}
