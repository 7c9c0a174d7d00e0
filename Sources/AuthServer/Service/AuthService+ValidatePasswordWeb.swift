// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Validate password (web)
    ///
    /// `POST /auth/v1/web/password/validate`
    ///
    /// Answer with one of:
    /// - `.ok` (200) Logged in: a USER token and, on mobile, a regeneration key.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The session is invalid or the password is wrong.
    /// - `.forbidden` (403) The brand is not served or does not use passwords, or the request does not match its session.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    /// - `.tooManyRequests` (429) The session's wrong-password attempts are used up (no Retry-After: start again), or the account is locked (Retry-After).
    /// - `.serviceUnavailable` (503) The server is busy hashing passwords: retry after Retry-After (1552, this server's own code).
    func validatePasswordWeb(_ input: Operations.ValidatePasswordWeb.Input) async throws -> Operations.ValidatePasswordWeb.Output {
        let body = input.body
        return try await answer {
            .ok(
                Self.signedIn(
                    try await engine.validatePassword(
                        identity(.web, body.identifierType, body.identifierValue, nil, body.brand), sessionId: body.sessionId,
                        password: body.password), user: false))
        }
    }
}
