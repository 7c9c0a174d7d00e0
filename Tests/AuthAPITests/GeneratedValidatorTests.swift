import AuthAPI
import AuthGenSupport
import Foundation
import Testing

/// The committed generated code validates requests as the spec says.
@Suite struct GeneratedValidatorTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue(json: Data(text.utf8)) }

    @Test func mobileOtpGenerateRequiresDeviceIdWebDoesNot() throws {
        let body = #"{"identifierType": "MOBILE", "identifierValue": "9940000000", "brand": "STANDARDAPP", "sessionId": "D-1"}"#
        #expect(OtpGenerateRequest.validationIssues(in: try json(body)).map(\.description) == ["/deviceId: is required"])
        #expect(WebOtpGenerateRequest.validationIssues(in: try json(body)).isEmpty)
    }

    @Test func everyIssueOfABadRequestAtOnce() throws {
        let body = #"{"identifierType": "PHONE", "identifierValue": "", "brand": 7, "deviceId": "d"}"#
        #expect(
            OtpGenerateRequest.validationIssues(in: try json(body)).map(\.description) == [
                "/identifierType: must be one of MOBILE, EMAIL, USERNAME",
                "/identifierValue: must be at least 1 characters long, is 0",
                "/brand: must be a string, not integer",
                "/sessionId: is required",
            ])
    }

    @Test func batchBodiesReportPerItemPointers() throws {
        let body = #"[{"identifierType": "EMAIL", "identifierValue": "a@b.co", "brand": "B", "sessionId": "S"}, {"identifierType": "EMAIL"}]"#
        #expect(
            GenerateOtpApiWebBody.validationIssues(in: try json(body)).map(\.description) == [
                "/1/identifierValue: is required", "/1/brand: is required", "/1/sessionId: is required",
            ])
        let tooMany =
            "["
            + Array(repeating: #"{"identifierType": "EMAIL", "identifierValue": "a", "brand": "B", "sessionId": "S"}"#, count: 101).joined(
                separator: ",") + "]"
        #expect(GenerateOtpApiWebBody.validationIssues(in: try json(tooMany)).map(\.description) == ["/: must have at most 100 items, has 101"])
    }

    @Test func typedValuesValidateAndDecodeTheSpecExample() throws {
        let example =
            #"{"identifierType": "MOBILE", "identifierValue": "9940000000", "deviceId": "32rtsdered", "brand": "STANDARDAPP", "sessionId": "D-502259d3-d4d6-4458-bc5f-b89d3d8e4c7b"}"#
        let body = try JSONDecoder().decode(GenerateOtpApiBody.self, from: Data(example.utf8))
        guard case .otpGenerateRequest(let request) = body else {
            Issue.record("a single object decodes as one request")
            return
        }
        #expect(request.identifierType == .mobile)
        #expect(try request.validationIssues().isEmpty)
        var bad = request
        bad.hash = String(repeating: "h", count: 2049)
        #expect(try bad.validationIssues().map(\.description) == ["/hash: must be at most 2048 characters long, is 2049"])
        #expect(throws: ValidationError.self) { try bad.validate() }
    }

    @Test func statusDefaultsAndNullableKeyEncodeAsTheSpecSays() throws {
        let status = try JSONDecoder().decode(Status.self, from: Data(#"{"code": 200, "message": "SUCCESS"}"#.utf8))
        #expect(status.success == true)
        let auth = Auth(token: "t", key: nil)
        let encoded = String(decoding: try JSONEncoder().encode(auth), as: UTF8.self)
        #expect(encoded.contains(#""key":null"#))
    }

    @Test func emailFormatIsChecked() throws {
        func issues(email: String) -> [String] {
            WebTokenGenerateRequest.validationIssues(
                in: .object([
                    "identifierType": .string("EMAIL"), "identifierValue": .string("x"), "brand": .string("B"), "email": .string(email),
                ])
            ).map(\.description)
        }
        #expect(issues(email: "captest@gmail.com").isEmpty)
        #expect(issues(email: "captest@") == ["/email: must be a valid email"])
    }
}
