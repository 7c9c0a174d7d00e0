// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Change password (web)
    ///
    /// `POST /auth/v1/web/password/change`
    ///
    /// Answer with one of:
    /// - `.ok` (200) The password is changed.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The token is not a live USER token of this customer, or the old password is wrong.
    /// - `.forbidden` (403) The brand is not served here, or does not use passwords.
    /// - `.conflict` (409) The new password is the current one.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (1519), or a password is empty (1520), differs from its confirmation (1521) or fails the brand's policy (1542).
    /// - `.tooManyRequests` (429) The account is locked after too many wrong attempts.
    /// - `.serviceUnavailable` (503) The server is busy hashing passwords: retry after Retry-After (1552, this server's own code).
    func changePasswordWeb(_ input: Operations.ChangePasswordWeb.Input) async throws -> Operations.ChangePasswordWeb.Output {
        let body = input.body
        return try await answer {
            try await engine.changePassword(
                identity(.web, body.identifierType, body.identifierValue, nil, body.brand), token: body.token, password: body.password,
                newPassword: body.newPassword, confirmPassword: body.confirmPassword)
            return .ok(Self.success)
        }
    }
}
