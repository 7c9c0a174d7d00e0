// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Generate MFA OTP
    ///
    /// `POST /auth/v1/mfa/otp/generate`
    ///
    /// Answer with one of:
    /// - `.ok` (200) The OTP was issued and sent.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The session is unknown or expired.
    /// - `.forbidden` (403) The brand is not served or has no MFA (1550), the request does not match its session, or the brand has OTPs turned off (1535). Or the OTP would go to the address the first factor's did (1551).
    /// - `.conflict` (409) The identifierType is not the session's, the fallback channel needs an address the customer has not verified, or the channel is not configured for the brand.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (a mobile number with letters, an e-mail without @).
    /// - `.tooManyRequests` (429) An OTP limit of this customer or destination is reached, the account is locked, or the session's attempts are used up.
    /// - `.serviceUnavailable` (503) The OTP could not be delivered.
    func generateOtpMfa(_ input: Operations.GenerateOtpMfa.Input) async throws -> Operations.GenerateOtpMfa.Output {
        let body = input.body
        return try await answer {
            try await engine.generateOTP(
                identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), sessionId: body.sessionId, hash: nil,
                fallbackChannel: input.query.fallbackChannel, factor: .second)
            return .ok(Self.success)
        }
    }
}
