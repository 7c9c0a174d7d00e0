// Written once by `authgen scaffold` from v1.json; yours to edit. authgen never
// overwrites this file, so what you write here survives `authgen generate`.

import AuthAPI
import AuthEngine

extension AuthService {
    /// Change identifier
    ///
    /// `POST /auth/v1/user/updateIdentifierValue`
    ///
    /// Answer with one of:
    /// - `.ok` (200) A session for the new address: generate its OTP (it is sent to the new address) and validate it, and the address becomes the customer's.
    /// - `.badRequest` (400) The request breaks the schema: malformed JSON, a duplicate key, a missing or ill-typed field. Every issue is listed with its JSON pointer.
    /// - `.unauthorized` (401) The token is not a live USER token of this identity (1525), it expired (1529), or the password is wrong (1528).
    /// - `.forbidden` (403) The brand is not served here.
    /// - `.unprocessableContent` (422) A field fits the schema but cannot be read as what it is (1519), or the customer has a password and none was sent (1520).
    /// - `.tooManyRequests` (429) The account is locked after too many wrong OTPs (1518) or passwords (1530).
    /// - `.serviceUnavailable` (503) The server is busy hashing passwords: retry after Retry-After (1552, this server's own code).
    func changeIdentifier(_ input: Operations.ChangeIdentifier.Input) async throws -> Operations.ChangeIdentifier.Output {
        let body = input.body
        return try await answer {
            .ok(
                Self.sessionResponse(
                    try await engine.changeIdentifier(
                        identity(.mobile, body.identifierType, body.identifierValue, body.deviceId, body.brand), token: body.token,
                        newType: Self.identifierType(body.newIdentifierType), newValue: body.newIdentifierValue,
                        replace: body.replace, password: body.password)))
        }
    }

    /// The kind of address to add, as the identifier type the engine reads it as.
    static func identifierType(_ type: IdentifierChangeRequest.NewIdentifierType) -> IdentifierType {
        switch type {
        case .mobile: .mobile
        case .email: .email
        }
    }
}
