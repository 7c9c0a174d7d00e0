// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Validate MFA OTP
    ///
    /// `POST /auth/v1/mfa/otp/validate`
    ///
    /// Answer with one of:
    /// - `.ok` (200) Both factors passed: an MFA token and key.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The session is invalid or the OTP is wrong.
    /// - `.forbidden` (403) The brand is not served, or the request does not match its session, or MFA is not enabled for it (1550).
    /// - `.notFound` (404) The session has no live OTP: none was generated, it expired, or it was used.
    /// - `.conflict` (409) The identifierType is not the session's.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    /// - `.tooManyRequests` (429) The session's wrong-OTP attempts are used up (no Retry-After: start again), or the account is locked (Retry-After).
    /// - `.serviceUnavailable` (503) The server is busy hashing passwords: retry after Retry-After (1552, this server's own code).
    func validateMfaOtp(_ input: Operations.ValidateMfaOtp.Input) async throws -> Operations.ValidateMfaOtp.Output {
        let body = input.body
        return try await answer {
            .ok(
                Self.signedIn(
                    try await engine.validateOTP(
                        identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId,
                        otp: body.otp, factor: .second)))
        }
    }
}
