// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Generate MFA token
    ///
    /// `POST /auth/v1/mfa/token/generate`
    ///
    /// Answer with one of:
    /// - `.ok` (200) An MFA session (valid 15 minutes by default) and its VIEW token.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) authorizedToken is not a live first-factor USER token of this customer (1525), or it expired (1529).
    /// - `.forbidden` (403) The brand is not served or has no second factor, or the identifier is not the customer's.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    /// - `.tooManyRequests` (429) The account is locked after too many wrong OTPs.
    func generateMfaToken(_ input: Operations.GenerateMfaToken.Input) async throws -> Operations.GenerateMfaToken.Output {
        let body = input.body
        return try await answer {
            .ok(
                Self.sessionResponse(
                    try await engine.createMFASession(
                        identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), authorizedToken: body.authorizedToken
                    )))
        }
    }
}
