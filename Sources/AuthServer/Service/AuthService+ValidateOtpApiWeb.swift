// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Validate OTP (web)
    ///
    /// `POST /auth/v1/web/otp/validate`; batch bodies arrive one item at a time
    ///
    /// Answer with one of:
    /// - `.ok` (200) Success. A batch answers with one result per item, in request order.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The session is invalid or the OTP is wrong.
    /// - `.forbidden` (403) The brand is not served, or the request does not match its session.
    /// - `.notFound` (404) The session has no live OTP: none was generated, it expired, or it was used.
    /// - `.conflict` (409) The identifierType is not the session's (1546), or the new address became another customer's before its OTP was validated (1543).
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    /// - `.tooManyRequests` (429) The session's wrong-OTP attempts are used up (no Retry-After: start again), or the account is locked (Retry-After).
    /// - `.serviceUnavailable` (503) The server is busy hashing passwords: retry after Retry-After (1552, this server's own code).
    func validateOtpApiWeb(_ input: Operations.ValidateOtpApiWeb.Input) async throws -> Operations.ValidateOtpApiWeb.Output {
        let body = input.body
        return try await answer {
            let tokens = try await engine.validateOTP(
                identity(.web, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId, otp: body.otp)
            return .ok(Self.signedIn(tokens, user: false))
        }
    }
}
