import AsyncHTTPClient
import AuthAPI
import AuthEngine
import AuthServer
import AuthTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import OpenAPIAsyncHTTPClient
import Testing

/// The server over a real loopback socket, called by the generated client on AsyncHTTPClient.
@Suite(.timeLimit(.minutes(3))) struct LiveServerTests {
    func withClient(_ h: ServerHarness, _ body: @Sendable @escaping (Client) async throws -> Void) async throws {
        try await h.test(.live) { testClient in
            let port = try #require(testClient.port)
            let client = Client(
                serverURL: URL(string: "http://127.0.0.1:\(port)")!,
                transport: AsyncHTTPClientTransport(configuration: .init(client: .shared, timeout: .seconds(10))))
            try await body(client)
        }
    }

    /// The README's walkthrough, step by step.
    @Test func theReadmeWalkthrough() async throws {
        let h = try await ServerHarness()
        try await withClient(h) { client in
            let session = try await client.generateAuthenticationToken(
                .init(
                    body: TokenGenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo")))
            guard case .ok(let issued) = session, let sessionId = issued.user?.sessionId else { Issue.record("\(session)"); return }
            #expect(issued.user?.role == "VIEW")

            let generated = try await client.generateOtpApi(
                .init(
                    body: OtpGenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo", sessionId: sessionId)))
            #expect(generated == .ok(StatusResponse(status: Status(success: true, code: 200, message: "SUCCESS"))))

            let validated = try await client.validateOtpApi(
                .init(
                    body: OtpValidateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo", sessionId: sessionId,
                        otp: try await h.lastOTP())))
            guard case .ok(let tokens) = validated, let key = tokens.auth?.key else { Issue.record("\(validated)"); return }
            #expect(tokens.user?.role == "USER")

            let regenerated = try await client.regenerateAuthenticationToken(
                .init(
                    body: TokenRegenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo", key: key)))
            guard case .ok(let renewed) = regenerated, let next = renewed.auth?.key else { Issue.record("\(regenerated)"); return }
            #expect(renewed.auth?.token.isEmpty == false && renewed.auth?.token != tokens.auth?.token)

            // 6. token/expire: the device logs out; its key regenerates no more.
            let expired = try await client.expireAuthenticationToken(
                .init(
                    body: TokenExpireRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo", key: next)))
            #expect(expired == .ok(StatusResponse(status: Status(success: true, code: 200, message: "SUCCESS"))))
            let refused = try await client.regenerateAuthenticationToken(
                .init(
                    body: TokenRegenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo", key: next)))
            guard case .unauthorized(let body) = refused else { Issue.record("\(refused)"); return }
            #expect(body.status.code == 1525)

            // Step 5 again on a second login: the key sent stops working, and used again it ends
            // the whole login (the next key with it).
            let again = try await client.generateAuthenticationToken(
                .init(
                    body: TokenGenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo")))
            guard case .ok(let second) = again, let secondSession = second.user?.sessionId else { Issue.record("\(again)"); return }
            _ = try await client.generateOtpApi(
                .init(
                    body: OtpGenerateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo",
                        sessionId: secondSession)))
            let login = try await client.validateOtpApi(
                .init(
                    body: OtpValidateRequest(
                        identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo",
                        sessionId: secondSession, otp: try await h.lastOTP())))
            guard case .ok(let loggedIn) = login, let firstKey = loggedIn.auth?.key else { Issue.record("\(login)"); return }
            func regenerate(_ key: String) async throws -> Operations.RegenerateAuthenticationToken.Output {
                try await client.regenerateAuthenticationToken(
                    .init(
                        body: TokenRegenerateRequest(
                            identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo", key: key)))
            }
            guard case .ok(let rotated) = try await regenerate(firstKey), let nextKey = rotated.auth?.key else { Issue.record("no rotation"); return }
            guard case .unauthorized(let reused) = try await regenerate(firstKey) else { Issue.record("a used key worked again"); return }
            #expect(reused.status.code == 1525)
            guard case .unauthorized(let ended) = try await regenerate(nextKey) else { Issue.record("the login survived a reused key"); return }
            #expect(ended.status.code == 1525)
        }
    }

    /// The README's password walkthrough: register, log in by password, change, forget.
    @Test func thePasswordWalkthrough() async throws {
        let h = try await ServerHarness(
            configuration: """
                passwordHashing: {logN: 10, r: 8, p: 1}
                providers:
                  outbox: {type: outbox, path: OUTBOX}
                defaults:
                  passwords: {enabled: true}
                  channels:
                    SMS: {provider: outbox}
                """)
        let ok = StatusResponse(status: Status(success: true, code: 200, message: "SUCCESS"))
        let (value, device, brand) = ("919999999993", "123456785", "DocDemo")
        try await withClient(h) { client in
            @Sendable func session(password: String? = nil) async throws -> String {
                let output = try await client.generateAuthenticationToken(
                    .init(
                        body: TokenGenerateRequest(
                            identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, password: password,
                            confirmPassword: password)))
                guard case .ok(let issued) = output, let id = issued.user?.sessionId else { throw Refused(output: "\(output)") }
                return id
            }
            @Sendable func completeWithOTP(_ sessionId: String) async throws -> TokenResponse {
                let generated = try await client.generateOtpApi(
                    .init(
                        body: OtpGenerateRequest(
                            identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: sessionId)))
                #expect(generated == .ok(ok))
                let output = try await client.validateOtpApi(
                    .init(
                        body: OtpValidateRequest(
                            identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: sessionId,
                            otp: try await h.lastOTP())))
                guard case .ok(let tokens) = output else { throw Refused(output: "\(output)") }
                return tokens
            }
            @Sendable func logIn(_ password: String) async throws -> Operations.ValidatePassword.Output {
                try await client.validatePassword(
                    .init(
                        body: PasswordValidateRequest(
                            identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: try await session(),
                            password: password)))
            }

            // Register: the password the session holds is the customer's once its OTP is validated.
            let registered = try await completeWithOTP(try await session(password: "correct horse battery"))
            #expect(registered.user?.userRegisteredForPassword == true)

            // Log in by password: a USER token and a key, as otp/validate gives.
            guard case .ok(let login) = try await logIn("correct horse battery"), let token = login.auth?.token else {
                Issue.record("no password login"); return
            }
            #expect(login.auth?.key != nil && login.user?.role == "USER")
            guard case .unauthorized(let wrong) = try await logIn("wrong password") else { Issue.record("a wrong password passed"); return }
            #expect(wrong.status.code == 1528)

            // Change: the token and the current password.
            let changed = try await client.changePassword(
                .init(
                    body: PasswordChangeRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, token: token,
                        password: "correct horse battery", newPassword: "stapled battery horse", confirmPassword: "stapled battery horse")))
            #expect(changed == .ok(ok))
            guard case .ok = try await logIn("stapled battery horse") else { Issue.record("the new password fails"); return }

            // Forget: the new password waits for the session's OTP.
            let resetSession = try await session()
            let forgotten = try await client.forgetPassword(
                .init(
                    body: PasswordForgetRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: resetSession,
                        password: "a third password", confirmPassword: "a third password")))
            #expect(forgotten == .ok(ok))
            _ = try await completeWithOTP(resetSession)
            guard case .ok = try await logIn("a third password") else { Issue.record("the reset password fails"); return }
            guard case .unauthorized = try await logIn("stapled battery horse") else { Issue.record("the old password still works"); return }
        }
    }

    /// The README's change-identifier walkthrough: a logged-in customer adds an e-mail address,
    /// verified by the OTP sent to it, and then logs in with it as the same customer.
    @Test func theChangeIdentifierWalkthrough() async throws {
        let h = try await ServerHarness()
        let (value, device, brand, email) = ("919999999993", "123456785", "DocDemo", "jdoe@example.com")
        try await withClient(h) { client in
            @Sendable func logIn(_ type: IdentifierType, _ value: String) async throws -> TokenResponse {
                let session = try await client.generateAuthenticationToken(
                    .init(body: TokenGenerateRequest(identifierType: type, identifierValue: value, deviceId: device, brand: brand)))
                guard case .ok(let issued) = session, let sessionId = issued.user?.sessionId else { throw Refused(output: "\(session)") }
                return try await completeWithOTP(type, value, sessionId)
            }
            @Sendable func completeWithOTP(_ type: IdentifierType, _ value: String, _ sessionId: String) async throws -> TokenResponse {
                let sent = try await client.generateOtpApi(
                    .init(
                        body: OtpGenerateRequest(identifierType: type, identifierValue: value, deviceId: device, brand: brand, sessionId: sessionId)))
                guard case .ok = sent else { throw Refused(output: "\(sent)") }
                let output = try await client.validateOtpApi(
                    .init(
                        body: OtpValidateRequest(
                            identifierType: type, identifierValue: value, deviceId: device, brand: brand, sessionId: sessionId,
                            otp: try await h.lastOTP()))
                )
                guard case .ok(let tokens) = output else { throw Refused(output: "\(output)") }
                return tokens
            }
            let login = try await logIn(.mobile, value)
            let token = try #require(login.auth?.token)

            let changed = try await client.changeIdentifier(
                .init(
                    body: IdentifierChangeRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, token: token, newIdentifierType: .email,
                        newIdentifierValue: email)))
            guard case .ok(let issued) = changed, let sessionId = issued.user?.sessionId else { Issue.record("\(changed)"); return }
            // Its OTP goes to the new address only: not to the customer's phone by a fallback.
            let elsewhere = try await client.generateOtpApi(
                .init(
                    query: .init(fallbackChannel: .sms),
                    body: OtpGenerateRequest(identifierType: .email, identifierValue: email, deviceId: device, brand: brand, sessionId: sessionId)))
            guard case .unauthorized(let refused) = elsewhere else { Issue.record("\(elsewhere)"); return }
            #expect(refused.status.code == 1505)
            let proved = try await completeWithOTP(.email, email, sessionId)
            #expect(try h.outbox().last?.destination == email)
            // The answer logs the customer in with the address it proved.
            #expect(Self.claims(of: try #require(proved.auth?.token))?["sub"] as? String == "EMAIL|\(email)")

            // The e-mail address now logs in as the same customer, and is a fallback for the number.
            let byEmail = try await logIn(.email, email)
            let emailToken = try #require(byEmail.auth?.token)
            #expect(Self.customer(in: emailToken) == Self.customer(in: token))
            let numberSession = try await client.generateAuthenticationToken(
                .init(body: TokenGenerateRequest(identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand)))
            guard case .ok(let forNumber) = numberSession, let fallbackSession = forNumber.user?.sessionId else {
                Issue.record("\(numberSession)"); return
            }
            let fallback = try await client.generateOtpApi(
                .init(
                    query: .init(fallbackChannel: .email),
                    body: OtpGenerateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: fallbackSession)))
            #expect(fallback == .ok(StatusResponse(status: Status(success: true, code: 200, message: "SUCCESS"))))
            #expect(try h.outbox().last?.destination == email)
            let again = try await client.changeIdentifier(
                .init(
                    body: IdentifierChangeRequest(
                        identifierType: .mobile, identifierValue: "919999999911", deviceId: device, brand: brand, token: token,
                        newIdentifierType: .email, newIdentifierValue: email)))
            guard case .unauthorized(let body) = again else { Issue.record("\(again)"); return }
            #expect(body.status.code == 1525)
        }
    }

    /// The README's MFA walkthrough: a first-factor login by the mobile number, then the second
    /// factor by an OTP to the customer's e-mail address, an MFA token and key, a regeneration
    /// and the MFA logout (DELETE), which ends the first factor's login too.
    @Test func theMFAWalkthrough() async throws {
        let h = try await ServerHarness(configuration: ServerHarness.configuration("brands: {DocDemo: {mfa: {enabled: true}}}"))
        let (value, device, brand, email) = ("919999999993", "123456785", "DocDemo", "jdoe@example.com")
        let ok = StatusResponse(status: Status(success: true, code: 200, message: "SUCCESS"))
        let now = Date()
        try await h.server.store.importCustomers(
            [
                CustomerRecord(
                    id: "crm-42", brand: "docdemo",
                    identifiers: [
                        .init(identifier: .init(type: "MOBILE", value: value), verified: true, createdAt: now),
                        .init(identifier: .init(type: "EMAIL", value: email), verified: true, createdAt: now),
                    ])
            ], at: now)
        try await withClient(h) { client in
            let session = try await client.generateAuthenticationToken(
                .init(body: TokenGenerateRequest(identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand)))
            guard case .ok(let issued) = session, let sessionId = issued.user?.sessionId else { Issue.record("\(session)"); return }
            _ = try await client.generateOtpApi(
                .init(body: OtpGenerateRequest(identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: sessionId))
            )
            let first = try await client.validateOtpApi(
                .init(
                    body: OtpValidateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: sessionId,
                        otp: try await h.lastOTP())))
            guard case .ok(let login) = first, let token = login.auth?.token else { Issue.record("\(first)"); return }

            #expect(Self.claims(of: token)?["amr"] as? [String] == ["otp"])

            // The same phone is no second factor.
            let mfa = try await client.generateMfaToken(
                .init(
                    body: MfaTokenGenerateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, authorizedToken: token)))
            guard case .ok(let samePhone) = mfa, let phoneSession = samePhone.user?.sessionId else { Issue.record("\(mfa)"); return }
            let refused = try await client.generateOtpMfa(
                .init(
                    body: MfaOtpGenerateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, sessionId: phoneSession)))
            guard case .forbidden(let same) = refused else { Issue.record("\(refused)"); return }
            #expect(same.status.code == 1551)

            let byEmail = try await client.generateMfaToken(
                .init(
                    body: MfaTokenGenerateRequest(
                        identifierType: .email, identifierValue: email, deviceId: device, brand: brand, authorizedToken: token)))
            guard case .ok(let mfaIssued) = byEmail, let mfaSession = mfaIssued.user?.sessionId else { Issue.record("\(byEmail)"); return }
            #expect(mfaIssued.user?.role == "VIEW")
            let sent = try await client.generateOtpMfa(
                .init(
                    body: MfaOtpGenerateRequest(
                        identifierType: .email, identifierValue: email, deviceId: device, brand: brand, sessionId: mfaSession)))
            #expect(sent == .ok(ok))
            #expect(try h.outbox().last?.destination == email)
            let second = try await client.validateMfaOtp(
                .init(
                    body: MfaOtpValidateRequest(
                        identifierType: .email, identifierValue: email, deviceId: device, brand: brand, sessionId: mfaSession,
                        otp: try await h.lastOTP()))
            )
            guard case .ok(let both) = second, let mfaToken = both.auth?.token, let mfaKey = both.auth?.key else { Issue.record("\(second)"); return }
            #expect(Self.claims(of: mfaToken)?["mfa"] as? Bool == true)
            #expect(Self.claims(of: mfaToken)?["amr"] as? [String] == ["mfa", "otp"])

            let regenerated = try await client.regenerateMfaToken(
                .init(body: MfaTokenRegenerateRequest(identifierType: .email, identifierValue: email, deviceId: device, brand: brand, key: mfaKey)))
            guard case .ok(let renewed) = regenerated, let nextKey = renewed.auth?.key else { Issue.record("\(regenerated)"); return }
            let expired = try await client.expireMfaToken(
                .init(body: MfaTokenExpireRequest(identifierType: .email, identifierValue: email, deviceId: device, brand: brand, token: nextKey)))
            #expect(expired == .ok(ok))
            // One logout ends both factors: the first factor's key regenerates nothing now.
            let firstKey = try await client.regenerateAuthenticationToken(
                .init(
                    body: TokenRegenerateRequest(
                        identifierType: .mobile, identifierValue: value, deviceId: device, brand: brand, key: try #require(login.auth?.key))))
            guard case .unauthorized(let ended) = firstKey else { Issue.record("\(firstKey)"); return }
            #expect(ended.status.code == 1525)
        }
    }

    /// The `uid` claim of a token, read without checking it (the server did).
    static func customer(in token: String) -> String? { claims(of: token)?["uid"] as? String }

    /// The claims of a token, read without checking it (the server did).
    static func claims(of token: String) -> [String: Any]? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
        guard let data = Data(base64Encoded: payload) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    struct Refused: Error { var output: String }

    @Test func fiftyParallelRequestsForOneCustomerAdmitExactlyTheDefaultFive() async throws {
        let h = try await ServerHarness()
        try await withClient(h) { client in
            let identity = TokenGenerateRequest(identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo")
            var made: [String] = []
            for _ in 0..<5 {
                let output = try await client.generateAuthenticationToken(.init(body: identity))
                guard case .ok(let issued) = output else { Issue.record("token/generate: \(output)"); return }
                made.append(try #require(issued.user?.sessionId))
            }
            let sessions = made
            let outputs = try await parallel(50) { index in
                try await client.generateOtpApi(
                    .init(
                        body: OtpGenerateRequest(
                            identifierType: .mobile, identifierValue: "919999999993", deviceId: "123456785", brand: "DocDemo",
                            sessionId: sessions[index % sessions.count])))
            }
            #expect(outputs.filter { if case .ok = $0 { true } else { false } }.count == 5)
            #expect(
                outputs.filter {
                    if case .tooManyRequests(let body, let retryAfter) = $0 { body.status.code == 1534 && retryAfter != nil } else { false }
                }.count == 45)
            #expect(try h.outbox().count == 5)
        }
    }

    @Test func sessionsOTPsAndCountersSurviveARestart() async throws {
        let settings = ServerHarness.configuration(
            """
              otpMaxCount: 2
              otpTimeOut: 10
            """)
        let first = try await ServerHarness(configuration: settings)
        let request = #""identifierType":"MOBILE","identifierValue":"919999999993","brand":"DocDemo","deviceId":"123456785""#
        let sessionId = try await Self.withRunning(first) { client in
            let session = try await client.session(request)
            for _ in 0..<2 { #expect(try await client.post("/auth/v1/otp/generate", #"{\#(request),"sessionId":"\#(session)"}"#).status == 200) }
            return session
        }
        try await first.server.store.close()

        let second = try await ServerHarness(configuration: settings, folder: first.folder)
        try await Self.withRunning(second) { client in
            let limited = try await client.post("/auth/v1/otp/generate", #"{\#(request),"sessionId":"\#(sessionId)"}"#)
            #expect(limited.status == 429 && code(limited.body) == 1534)
            let validated = try await client.post(
                "/auth/v1/otp/validate", #"{\#(request),"sessionId":"\#(sessionId)","otp":"\#(try await first.lastOTP())"}"#)
            #expect(validated.status == 200)
        }
        try await second.server.store.close()
    }

    static func withRunning<T: Sendable>(_ h: ServerHarness, _ body: @Sendable @escaping (any TestClientProtocol) async throws -> T) async throws -> T
    {
        let result = Shared<T?>(nil)
        try await h.test(.live) { client in result.value = try await body(client) }
        return try #require(result.value)
    }
}
