// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Expire token (web)
    ///
    /// `POST /auth/v1/web/token/expire`
    ///
    /// Answer with one of:
    /// - `.ok` (200) The key (or web token) and every key of the same login are revoked.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) There is no such live key or token.
    /// - `.forbidden` (403) The brand is not served here.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    func expireAuthenticationTokenWeb(
        _ input: Operations.ExpireAuthenticationTokenWeb.Input
    ) async throws -> Operations.ExpireAuthenticationTokenWeb.Output {
        let body = input.body
        return try await answer {
            try await engine.expire(identity(.web, body.identifierType, body.identifierValue, nil, body.brand), token: body.token)
            return .ok(Self.success)
        }
    }
}
