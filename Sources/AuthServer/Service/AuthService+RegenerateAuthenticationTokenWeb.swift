// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Regenerate token (web)
    ///
    /// `POST /auth/v1/web/token/regenerate`
    ///
    /// Answer with one of:
    /// - `.ok` (200) Success: a new USER token and, on mobile, the next regeneration key (the one sent stops working).
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The key or token cannot be regenerated.
    /// - `.forbidden` (403) The brand is not served here.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    func regenerateAuthenticationTokenWeb(
        _ input: Operations.RegenerateAuthenticationTokenWeb.Input
    ) async throws -> Operations.RegenerateAuthenticationTokenWeb.Output {
        let body = input.body
        return try await answer {
            let tokens = try await engine.regenerate(
                identity(.web, body.identifierType, body.identifierValue, nil, body.brand), expiredToken: body.expiredToken)
            return .ok(Self.signedIn(tokens))
        }
    }
}
