// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Generate OTP
    ///
    /// `POST /auth/v1/otp/generate`; batch bodies arrive one item at a time
    ///
    /// Answer with one of:
    /// - `.ok` (200) The OTP was issued and sent. A batch answers with one result per item, in request order.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The session is unknown or expired.
    /// - `.forbidden` (403) The brand is not served, the request does not match its session, OTPs are off for the brand, or the payload hash is invalid.
    /// - `.conflict` (409) The identifierType is not the session's, the fallback channel needs an address the customer has not verified, or the channel is not configured for the brand.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    /// - `.tooManyRequests` (429) An OTP limit of this customer or destination is reached, the account is locked, or the session's attempts are used up.
    /// - `.serviceUnavailable` (503) The OTP could not be delivered.
    func generateOtpApi(_ input: Operations.GenerateOtpApi.Input) async throws -> Operations.GenerateOtpApi.Output {
        let body = input.body
        return try await answer {
            try await engine.generateOTP(
                identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId,
                hash: body.hash, fallbackChannel: input.query.fallbackChannel)
            return .ok(Self.success)
        }
    }
}
