import AuthAPI
import AuthGenSupport
import Foundation
import HTTPTypes
import OpenAPIRuntime
import Testing

/// Generated client → in-memory transport → generated server → handler, and back.
@Suite struct RoundTripTests {
    @Test func everyOperationRoundTrips() async throws {
        let harness = try Harness()
        let client = harness.client

        let token = try await client.generateAuthenticationToken(
            .init(
                body: TokenGenerateRequest(
                    identifierType: .mobile, identifierValue: "9940000000", deviceId: "device-1", brand: "STANDARDAPP")))
        #expect(
            token
                == .ok(
                    TokenResponse(
                        status: TestAPI.success().status,
                        user: User(
                            appRegistered: false, sessionId: "S-9940000000", role: "CUSTOMER", userRegisteredForPassword: false))))

        let webToken = try await client.generateAuthenticationTokenWeb(
            .init(
                body: WebTokenGenerateRequest(
                    identifierType: .email, identifierValue: "a@example.com", brand: "STANDARDAPP")))
        guard case .ok(let webTokenBody) = webToken else { Issue.record("\(webToken)"); return }
        #expect(webTokenBody.user?.sessionId == "W-a@example.com")

        #expect(try await client.generateOtpApi(.init(query: .init(fallbackChannel: .email), body: Fixtures.otp())) == .ok(TestAPI.success()))
        #expect(try await client.generateOtpApiWeb(.init(body: Fixtures.webOtp())) == .ok(TestAPI.success()))

        let validated = try await client.validateOtpApi(
            .init(
                body: OtpValidateRequest(
                    identifierType: .mobile, identifierValue: "9940000000", deviceId: "device-1", brand: "STANDARDAPP", sessionId: "S-1",
                    otp: "123456")))
        guard case .ok(let validatedBody) = validated else { Issue.record("\(validated)"); return }
        #expect(validatedBody.auth == Auth(token: "token-1", key: "key-1"))

        let webValidated = try await client.validateOtpApiWeb(
            .init(
                body: WebOtpValidateRequest(
                    identifierType: .email, identifierValue: "a@example.com", brand: "STANDARDAPP", sessionId: "W-1", otp: "123456")))
        guard case .ok(let webValidatedBody) = webValidated else { Issue.record("\(webValidated)"); return }
        #expect(webValidatedBody.auth == Auth(token: "web-token-1", key: nil))

        let regenerated = try await client.regenerateAuthenticationToken(
            .init(
                body: TokenRegenerateRequest(
                    identifierType: .mobile, identifierValue: "9940000000", deviceId: "device-1", brand: "STANDARDAPP", key: "key-1")))
        #expect(regenerated == .ok(TokenResponse(status: TestAPI.success().status, auth: Auth(token: "token-2", key: "key-2"))))

        let webRegenerated = try await client.regenerateAuthenticationTokenWeb(
            .init(
                body: WebTokenRegenerateRequest(
                    identifierType: .email, identifierValue: "a@example.com", brand: "STANDARDAPP", expiredToken: "web-token-1")))
        #expect(webRegenerated == .ok(TokenResponse(status: TestAPI.success().status, auth: Auth(token: "web-token-2", key: nil))))

        #expect(
            harness.api.calls.all == [
                "generate-authentication-token 9940000000", "generate-authentication-token-web a@example.com",
                "generate-otp-api S-1 EMAIL", "generate-otp-api-web W-1 -", "validate-otp-api 123456",
                "validate-otp-api-web 123456", "regenerate-authentication-token key-1",
                "regenerate-authentication-token-web web-token-1",
            ])
    }

    @Test func errorEnvelopesAndHeadersDecodeAsTheirCase() async throws {
        let client = try Harness().client
        #expect(try await client.generateOtpApi(.init(body: Fixtures.otp("expired"))) == .unauthorized(TestAPI.failure(1505, "Session expired")))
        #expect(
            try await client.generateOtpApi(.init(body: Fixtures.otp("limited")))
                == .tooManyRequests(TestAPI.failure(1534, "OTP limit reached"), retryAfter: 42))
        #expect(try await client.generateOtpApi(.init(body: Fixtures.otp("down"))) == .serviceUnavailable(TestAPI.failure(1503, "Delivery failed")))
        #expect(
            try await client.validateOtpApi(
                .init(
                    body: OtpValidateRequest(
                        identifierType: .mobile, identifierValue: "9940000000", deviceId: "d", brand: "B", sessionId: "S", otp: "000000")))
                == .unauthorized(TestAPI.failure(1506, "Wrong OTP")))
    }

    @Test func undocumentedStatusKeepsStatusAndBody() async throws {
        let client = try Harness().client
        #expect(
            try await client.generateOtpApi(.init(body: Fixtures.otp("teapot"))) == .undocumented(statusCode: 418, body: Data("short and stout".utf8))
        )
        #expect(
            try await client.generateOtpApiWeb(.init(body: Fixtures.webOtp("teapot")))
                == .undocumented(statusCode: 418, body: Data("short and stout".utf8)))
    }

    @Test func aBatchIsValidatedWholeThenEachItemFailsAlone() async throws {
        // The client's own check is off, so the server sees the invalid items.
        let harness = try Harness(validatesRequests: false)
        let invalid = [Fixtures.otp("S-1"), Fixtures.otp("S-2", deviceId: ""), Fixtures.otp("S-3"), Fixtures.otp("S-4", deviceId: "")]
        let refused = try await harness.client.generateOtpApi(batch: invalid, query: .init(fallbackChannel: .sms))
        guard case .refused(.badRequest(let body)) = refused else { Issue.record("\(refused)"); return }
        #expect(body.status.code == 1519)
        #expect(body.issues?.map(\.pointer) == ["/1/deviceId", "/3/deviceId"])
        #expect(harness.api.calls.all.isEmpty)

        // A schema-valid batch reaches the handler item by item; a refused item fails alone.
        let items = [Fixtures.otp("S-1"), Fixtures.otp("expired"), Fixtures.otp("limited")]
        let output = try await harness.client.generateOtpApi(batch: items, query: .init(fallbackChannel: .sms))
        #expect(output == .ok([TestAPI.success(), TestAPI.failure(1505, "Session expired"), TestAPI.failure(1534, "OTP limit reached")]))
        #expect(harness.api.calls.all == ["generate-otp-api S-1 SMS", "generate-otp-api expired SMS", "generate-otp-api limited SMS"])
    }

    @Test func webBatchNeedsNoDeviceIdAndMobileBatchDoes() async throws {
        let harness = try Harness()
        let web = try await harness.client.generateOtpApiWeb(batch: [Fixtures.webOtp("W-1"), Fixtures.webOtp("W-2")])
        #expect(web == .ok([TestAPI.success(), TestAPI.success()]))

        let body = #"[{"identifierType": "EMAIL", "identifierValue": "a@example.com", "brand": "B", "sessionId": "S-9"}]"#
        let mobile = try await harness.send("/auth/v1/otp/generate", body: body)
        #expect(mobile.status == 400)
        let refusal = try JSONDecoder().decode(StatusResponse.self, from: Data(mobile.body.utf8))
        #expect(refusal.issues == [FieldIssue(pointer: "/0/deviceId", message: "is required")])
    }

    @Test func batchOutOfBoundsIsRefusedWhole() async throws {
        let harness = try Harness(validatesRequests: false)
        let empty = try await harness.client.generateOtpApi(batch: [])
        guard case .refused(.badRequest(let emptyBody)) = empty else { Issue.record("\(empty)"); return }
        #expect(emptyBody.issues == [FieldIssue(pointer: "", message: "a batch holds 1 to 100 requests; this one holds 0")])

        let tooMany = try await harness.client.generateOtpApi(batch: Array(repeating: Fixtures.otp(), count: 101))
        guard case .refused(.badRequest(let tooManyBody)) = tooMany else { Issue.record("\(tooMany)"); return }
        #expect(tooManyBody.status.code == 1519)
        #expect(tooManyBody.issues?.first?.message == "a batch holds 1 to 100 requests; this one holds 101")
        #expect(harness.api.calls.all.isEmpty)
    }

    @Test func clientValidatesBeforeSendingUnlessTurnedOff() async throws {
        let harness = try Harness()
        let bad = OtpGenerateRequest(identifierType: .mobile, identifierValue: "", deviceId: "", brand: "B", sessionId: "S")
        await #expect(
            throws: ValidationError(issues: [
                ValidationIssue(pointer: "/identifierValue", message: "must be at least 1 characters long, is 0"),
                ValidationIssue(pointer: "/deviceId", message: "must be at least 1 characters long, is 0"),
            ])
        ) {
            _ = try await harness.client.generateOtpApi(.init(body: bad))
        }
        await #expect(throws: ValidationError.self) {
            _ = try await harness.client.generateOtpApi(batch: [Fixtures.otp(), bad])
        }
        #expect(harness.api.calls.all.isEmpty)

        // With checks off the server still refuses it, with every issue, before the handler.
        let unchecked = try Harness(validatesRequests: false)
        let output = try await unchecked.client.generateOtpApi(.init(body: bad))
        #expect(
            output
                == .badRequest(
                    StatusResponse(
                        status: Status(success: false, code: 1519, message: "Invalid details supplied"),
                        issues: [
                            FieldIssue(pointer: "/identifierValue", message: "must be at least 1 characters long, is 0"),
                            FieldIssue(pointer: "/deviceId", message: "must be at least 1 characters long, is 0"),
                        ])))
        #expect(unchecked.api.calls.all.isEmpty)
    }

    @Test func missingFieldsAndWrongTypesAreAllNamed() async throws {
        let harness = try Harness()
        let response = try await harness.send("/auth/v1/otp/generate", body: #"{"identifierType": "PHONE", "identifierValue": 7, "brand": "B"}"#)
        #expect(response.status == 400)
        let body = try JSONDecoder().decode(StatusResponse.self, from: Data(response.body.utf8))
        #expect(body.status == Status(success: false, code: 1519, message: "Invalid details supplied"))
        #expect(body.issues?.map(\.pointer) == ["/identifierType", "/identifierValue", "/deviceId", "/sessionId"])
        #expect(harness.api.calls.all.isEmpty)
    }

    @Test func malformedJSONNamesLineAndColumn() async throws {
        let harness = try Harness()
        let response = try await harness.send("/auth/v1/otp/generate", body: "{\n  \"sessionId\": \"S-1\",\n}")
        #expect(response.status == 400)
        let body = try JSONDecoder().decode(StatusResponse.self, from: Data(response.body.utf8))
        #expect(body.status.message == "Malformed JSON")
        #expect(body.issues == [FieldIssue(pointer: "", message: "trailing comma before '}' (line 3, column 1)")])
    }

    @Test func everyUndeclaredMethodIs405WithAllowAndOptionsAnswers() async throws {
        let harness = try Harness()
        for path in ["/auth/v1/otp/generate", "/auth/v1/web/token/expire", "/auth/v1/token/regenerate"] {
            for method in ["GET", "HEAD", "PUT", "DELETE", "PATCH", "TRACE", "QUERY"] {
                let response = try await harness.send(path, method: HTTPRequest.Method(method)!, body: nil)
                #expect(response.status == 405, "\(method) \(path)")
                #expect(response.headers[.allow] == "OPTIONS, POST")
                #expect(try JSONDecoder().decode(StatusResponse.self, from: Data(response.body.utf8)).status.code == 405)
            }
            let options = try await harness.send(path, method: .options, body: nil)
            #expect(options.status == 204 && options.headers[.allow] == "OPTIONS, POST" && options.body.isEmpty)
        }
        #expect(try await harness.send("/auth/v1/nowhere", method: .get, body: nil).status == 404)
        #expect(harness.api.calls.all.isEmpty)
    }

    @Test func aDuplicateKeyIsRefusedNamingItsPointer() async throws {
        // The attack: an oversized value, then a valid one under the same key. Readers that keep
        // the last validate one value and use the other; one parse refuses both.
        let harness = try Harness()
        let oversized = String(repeating: "9", count: 300)
        for body in [
            #"{"identifierType": "MOBILE", "identifierValue": "\#(oversized)", "identifierValue": "919999999993", "deviceId": "d", "brand": "B", "sessionId": "S-1"}"#,
            #"{"identifierType": "MOBILE", "identifierValue": "919999999993", "identifierValue": "\#(oversized)", "deviceId": "d", "brand": "B", "sessionId": "S-1"}"#,
        ] {
            let response = try await harness.send("/auth/v1/otp/generate", body: body)
            #expect(response.status == 400)
            let refusal = try JSONDecoder().decode(StatusResponse.self, from: Data(response.body.utf8))
            #expect(refusal.issues?.map(\.pointer) == ["/identifierValue"])
            #expect(refusal.issues?.first?.message.hasPrefix("duplicate key 'identifierValue'") == true)
        }
        let nested = try await harness.send("/auth/v1/otp/generate", body: #"[{"sessionId": "S-1", "sessionId": "S-2"}]"#)
        #expect(nested.status == 400)
        #expect(try JSONDecoder().decode(StatusResponse.self, from: Data(nested.body.utf8)).issues?.map(\.pointer) == ["/0/sessionId"])
        #expect(harness.api.calls.all.isEmpty)
    }

    @Test func wrongContentTypeIs415() async throws {
        let harness = try Harness()
        let response = try await harness.send("/auth/v1/otp/generate", body: Fixtures.otpJSON, contentType: "text/plain")
        #expect(response.status == 415)
        #expect(try JSONDecoder().decode(StatusResponse.self, from: Data(response.body.utf8)).status.code == 415)
        // A charset parameter and +json media types are JSON.
        #expect(try await harness.send("/auth/v1/otp/generate", body: Fixtures.otpJSON, contentType: "application/json; charset=utf-8").status == 200)
        #expect(harness.api.calls.all.count == 1)
    }

    @Test func oversizedBodyIs413() async throws {
        let harness = try Harness(maxBodyBytes: 64)
        let response = try await harness.send("/auth/v1/otp/generate", body: Fixtures.otpJSON)
        #expect(response.status == 413)
        #expect(response.body.contains("larger than 64 bytes"))
        #expect(harness.api.calls.all.isEmpty)
    }

    /// A body of unknown length is counted while it is read and refused once past the limit.
    @Test func oversizedStreamedBodyIs413() async throws {
        let harness = try Harness(maxBodyBytes: 64)
        let chunks = AsyncStream<HTTPBody.ByteChunk> { continuation in
            for _ in 0..<4 { continuation.yield(ArraySlice(Array(repeating: UInt8(ascii: " "), count: 30))) }
            continuation.finish()
        }
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        let request = HTTPRequest(method: .post, scheme: nil, authority: nil, path: "/auth/v1/otp/generate", headerFields: fields)
        let (response, _) = try await harness.transport.send(
            request, body: HTTPBody(chunks, length: .unknown), baseURL: URL(string: "/")!, operationID: "raw")
        #expect(response.status.code == 413)
        #expect(harness.api.calls.all.isEmpty)
    }

    @Test func missingBodyAndBadParameterAre400() async throws {
        let harness = try Harness()
        let empty = try await harness.send("/auth/v1/otp/generate", body: nil)
        #expect(empty.status == 400)
        #expect(empty.body.contains("A request body is required"))

        let fax = try await harness.send("/auth/v1/otp/generate?fallbackChannel=FAX", body: Fixtures.otpJSON)
        #expect(fax.status == 400)
        let body = try JSONDecoder().decode(StatusResponse.self, from: Data(fax.body.utf8))
        #expect(body.status.message == "Invalid parameters")
        #expect(body.issues == [FieldIssue(pointer: "", message: "query parameter 'fallbackChannel' must be one of SMS, EMAIL, WHATSAPP, ZALO")])

        let ok = try await harness.send("/auth/v1/otp/generate?fallbackChannel=WHATSAPP", body: Fixtures.otpJSON)
        #expect(ok.status == 200)
        #expect(harness.api.calls.all == ["generate-otp-api S-1 WHATSAPP"])
    }

    @Test func middlewaresRunOnBothSides() async throws {
        struct Stamp: ClientMiddleware {
            func intercept(
                _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
            ) async throws -> (HTTPResponse, HTTPBody?) {
                var request = request
                request.headerFields[HTTPField.Name("X-Operation")!] = operationID
                return try await next(request, body, baseURL)
            }
        }
        struct Echo: ServerMiddleware {
            func intercept(
                _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
                next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
            ) async throws -> (HTTPResponse, HTTPBody?) {
                var (response, responseBody) = try await next(request, body, metadata)
                response.headerFields[HTTPField.Name("X-Seen")!] = "\(operationID) \(request.headerFields[HTTPField.Name("X-Operation")!] ?? "-")"
                return (response, responseBody)
            }
        }
        struct Capture: ClientMiddleware {
            let seen: TestAPI.Calls
            func intercept(
                _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
            ) async throws -> (HTTPResponse, HTTPBody?) {
                let (response, responseBody) = try await next(request, body, baseURL)
                seen.record(response.headerFields[HTTPField.Name("X-Seen")!] ?? "-")
                return (response, responseBody)
            }
        }
        let seen = TestAPI.Calls()
        let harness = try Harness(middlewares: [Capture(seen: seen), Stamp()], serverMiddlewares: [Echo()])
        _ = try await harness.client.generateOtpApi(.init(body: Fixtures.otp()))
        #expect(seen.all == ["generate-otp-api generate-otp-api"])
    }
}
