// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Regenerate MFA token
    ///
    /// `POST /auth/v1/mfa/token/regenerate`
    ///
    /// Answer with one of:
    /// - `.ok` (200) A new MFA token and the next MFA key (the one sent stops working).
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The key or token cannot be regenerated.
    /// - `.forbidden` (403) The brand is not served here, or MFA is not enabled for it (1550).
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    func regenerateMfaToken(_ input: Operations.RegenerateMfaToken.Input) async throws -> Operations.RegenerateMfaToken.Output {
        let body = input.body
        return try await answer {
            .ok(
                Self.signedIn(
                    try await engine.regenerate(
                        identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), key: body.key, factor: .second)))
        }
    }
}
