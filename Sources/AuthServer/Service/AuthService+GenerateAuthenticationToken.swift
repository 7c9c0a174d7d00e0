// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine
import AuthGenSupport

extension AuthService {
    /// Generate token
    ///
    /// `POST /auth/v1/token/generate`; batch bodies arrive one item at a time
    ///
    /// Answer with one of:
    /// - `.ok` (200) Success. A batch answers with one result per item, in request order.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.forbidden` (403) The brand is not served here, or does not use passwords.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (1519), or a password is empty (1520), differs from its confirmation (1521) or fails the brand's policy (1542).
    /// - `.tooManyRequests` (429) The account is locked after too many wrong OTPs.
    func generateAuthenticationToken(
        _ input: Operations.GenerateAuthenticationToken.Input
    ) async throws -> Operations.GenerateAuthenticationToken.Output {
        let body = input.body
        return try await answer {
            .ok(
                Self.sessionResponse(
                    try await engine.createSession(
                        identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), mobile: body.mobile,
                        email: body.email, password: body.password, confirmPassword: body.confirmPassword,
                        batched: ServerRequest.batchIndex != nil)))
        }
    }
}
